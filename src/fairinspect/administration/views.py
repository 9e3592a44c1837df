"""The administrators' pages: accounts and their roles and schools, the frameworks as loaded, and the audit
trail with its export for disclosure. Each asks a selector or calls one accounts service; every page needs the
ADMINISTER capability."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fairinspect.accounts import services
from fairinspect.accounts.decorators import allowed_if
from fairinspect.accounts.models import SchoolMembership
from fairinspect.accounts.permissions import ADMINISTER, roles_of
from fairinspect.accounts.roles import Role
from fairinspect.accounts.selectors import accounts_matching
from fairinspect.administration import forms
from fairinspect.audit.actions import action_words, object_words
from fairinspect.audit.disclosure import as_csv_lines, as_json
from fairinspect.audit.selectors import EventSearch, events_for, search_events
from fairinspect.frameworks.models import Framework
from fairinspect.frameworks.selectors import applies_when, framework_in_full, frameworks as all_frameworks, rules_in_words
from fairinspect.web.forms import error_summary_params, submit
from fairinspect.web.pagination import paginate, pagination_params

User = get_user_model()
PAGE_SIZE = 50


def _account(pk: int):
    return get_object_or_404(User, pk=pk)


def _roles_in_words(user) -> str:
    return ", ".join(role.label for role in Role if role in roles_of(user)) or "None"


# Accounts.


@allowed_if(ADMINISTER)
def users(request):
    search = forms.UserSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = paginate(request, accounts_matching(query), PAGE_SIZE)
    return render(
        request,
        "administration/users.html",
        {"page_title": "Accounts and roles", "search": search, "page": page, "pagination": pagination_params(request, page),
         "roles_in_words": _roles_in_words},
    )  # fmt: skip


@allowed_if(ADMINISTER)
@require_http_methods(["GET", "POST"])
def create_user(request):
    form = forms.CreateUserForm(request.POST if request.method == "POST" else None)
    status: int | None = 200
    created = []
    if request.method == "POST":
        status = submit(form, lambda data: created.append(services.create_user(actor=request.user, **data)))
        if status is None:
            return _done(request, created[0], "The account is made.")
    return render(request, "administration/create_user.html", {"page_title": "Make an account", "form": form}, status=status)


def _done(request, user, message: str):
    messages.success(request, message)
    return redirect("administration:user", user.pk)


@allowed_if(ADMINISTER)
def user(request, pk: int):
    account = _account(pk)
    return _user_page(request, account)


def _user_page(request, account, *, roles=None, membership=None, reason=None, status=200):
    return render(
        request,
        "administration/user.html",
        {
            "page_title": f"Account: {account.get_username()}",
            "account": account,
            "roles": roles or forms.RolesForm(initial={"roles": sorted(roles_of(account))}),
            "membership": membership or forms.MembershipForm(),
            "reason": reason or forms.ReasonForm(),
            "errors": error_summary_params(roles, membership, reason),
            "memberships": list(account.school_memberships.select_related("school")),
            "roles_in_words": _roles_in_words(account),
            "history": [(event, action_words(event.action)) for event in events_for(account).order_by("-sequence")],
        },
        status=status,
    )


def _change(request, pk: int, form_name: str, change, done: str):
    """A form on an account's page, sent: the change made, or the page again with the form's problem on it."""
    account = _account(pk)
    form = {"roles": forms.RolesForm, "membership": forms.MembershipForm, "reason": forms.ReasonForm}[form_name](request.POST)
    status = submit(form, lambda data: change(account, data))
    if status is None:
        return _done(request, account, done)
    return _user_page(request, account, status=status, **{form_name: form})


@allowed_if(ADMINISTER)
@require_POST
def change_roles(request, pk: int):
    return _change(request, pk, "roles", lambda account, data: services.set_roles(actor=request.user, user=account, roles=data["roles"]),
                   "Their roles are changed.")  # fmt: skip


@allowed_if(ADMINISTER)
@require_POST
def deactivate(request, pk: int):
    return _change(request, pk, "reason", lambda account, data: services.deactivate_user(actor=request.user, user=account, **data),
                   "The account is switched off: it can no longer sign in.")  # fmt: skip


@allowed_if(ADMINISTER)
@require_POST
def reactivate(request, pk: int):
    return _change(request, pk, "reason", lambda account, data: services.reactivate_user(actor=request.user, user=account, **data),
                   "The account is switched back on.")  # fmt: skip


@allowed_if(ADMINISTER)
@require_POST
def add_membership(request, pk: int):
    return _change(request, pk, "membership", lambda account, data: services.add_membership(actor=request.user, user=account, **data),
                   "They now act for the school.")  # fmt: skip


@allowed_if(ADMINISTER)
@require_POST
def remove_membership(request, pk: int, membership_pk: int):
    membership = get_object_or_404(SchoolMembership.objects.select_related("school"), pk=membership_pk, user_id=pk)
    services.remove_membership(actor=request.user, membership=membership)
    return _done(request, membership.user, f"They no longer act for {membership.school.name}.")


# Frameworks.


@allowed_if(ADMINISTER)
def frameworks(request):
    return render(request, "administration/frameworks.html", {"page_title": "Frameworks", "frameworks": list(all_frameworks())})


@allowed_if(ADMINISTER)
def framework(request, code: str):
    try:
        loaded = framework_in_full(code)
    except Framework.DoesNotExist:
        raise Http404(f"No framework is loaded with the code {code}") from None
    areas = [(area, applies_when(area)) for area in loaded.areas.all()]
    return render(
        request,
        "administration/framework.html",
        {"page_title": loaded.title, "framework": loaded, "areas": areas, "rules": rules_in_words(loaded)},
    )


# The audit trail.


def _searched(request) -> tuple[forms.AuditSearchForm, EventSearch]:
    form = forms.AuditSearchForm(request.GET or None)
    return form, (form.search() if form.is_bound and form.is_valid() else EventSearch())


@allowed_if(ADMINISTER)
def audit_trail(request):
    form, search = _searched(request)
    invalid = form.is_bound and not form.is_valid()
    page = paginate(request, search_events(search).order_by("-sequence"), PAGE_SIZE)
    return render(
        request,
        "administration/audit.html",
        {
            "page_title": "The audit trail",
            "form": form,
            "page": page,
            "pagination": pagination_params(request, page),
            "rows": [(event, action_words(event.action), object_words(event.object_type)) for event in page],
            "export_query": request.GET.urlencode(),
        },
        status=422 if invalid else 200,
    )


def _export(request, respond):
    """The events the page's search selects, exported; a search with a problem shows the page with it instead."""
    form, search = _searched(request)
    if form.is_bound and not form.is_valid():
        return audit_trail(request)
    return respond(search, {name: str(value) for name, value in vars(search).items() if value})


@allowed_if(ADMINISTER)
def audit_export_csv(request):
    def respond(search, selection):
        lines = as_csv_lines(search_events(search).iterator())
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
        return response

    return _export(request, respond)


@allowed_if(ADMINISTER)
def audit_export_json(request):
    def respond(search, selection):
        response = HttpResponse(as_json(search_events(search), selection), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-trail.json"'
        return response

    return _export(request, respond)
