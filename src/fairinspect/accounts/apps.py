from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_role_groups(**kwargs) -> None:
    """Every role has its group in every database (run after each migrate)."""
    from django.contrib.auth.models import Group

    from fairinspect.accounts.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def _signed_out(user) -> bool:
    return not _signed_in(user)


class AccountsConfig(AppConfig):
    name = "fairinspect.accounts"
    label = "accounts"
    verbose_name = "Accounts, roles and the permission registry"

    def ready(self):
        from fairinspect.accounts import permissions
        from fairinspect.accounts.home import HomeLink, home_links
        from fairinspect.web.navigation import Link, service_navigation

        from fairinspect.accounts.models import AccountsEvent
        from fairinspect.audit.actions import event_names

        post_migrate.connect(ensure_role_groups, sender=self)
        event_names.register(AccountsEvent)
        service_navigation.register(
            Link("Your home", "accounts:home", order=20, shown_to=_signed_in),
            Link("Sign out", "accounts:sign-out", order=90, shown_to=_signed_in),
            Link("Sign in", "accounts:sign-in", order=90, shown_to=_signed_out),
        )
        # The registry's search, for the roles whose work starts from a school.
        home_links.register(
            HomeLink(
                (permissions.QUALITY_ASSURE, permissions.HANDLE_COMPLAINTS, permissions.INSPECT,
                 permissions.PLAN_INSPECTIONS, permissions.ADMINISTER),
                order=90, text="Find a school", url_name="schools:search",
            )  # fmt: skip
        )
