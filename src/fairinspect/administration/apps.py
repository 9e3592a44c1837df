from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "fairinspect.administration"
    label = "administration"
    verbose_name = "The administrators' pages: accounts, frameworks and the audit trail"

    def ready(self):
        from fairinspect.accounts import permissions
        from fairinspect.accounts.home import HomeLink, home_links

        home_links.register(
            *(
                HomeLink((permissions.ADMINISTER,), order=order, text=text, url_name=url_name)
                for order, text, url_name in (
                    (1, "Accounts and roles", "administration:users"),
                    (2, "Frameworks", "administration:frameworks"),
                    (3, "The audit trail", "administration:audit"),
                )
            )
        )
