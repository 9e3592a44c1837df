from django.conf import settings
from django.shortcuts import render, resolve_url

from fairinspect.core.hooks import Hook
from fairinspect.schools.forms import SchoolSearchForm
from fairinspect.schools.selectors import search_schools
from fairinspect.web.pagination import paginate, pagination_params

# A school's page shows its published inspections, which the app above the registry keeps; search links to it.
school_page_url: Hook[[int], str] = Hook("school_page_url", needs="the address of a school's page, given its URN")


def start(request):
    return render(
        request,
        "schools/start.html",
        {
            "page_title": "Find a school's inspections",
            "search": SchoolSearchForm(),
            "sign_in": resolve_url(settings.LOGIN_URL),
        },
    )


def search(request):
    form = SchoolSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        schools = search_schools(
            query=form.cleaned_data["q"],
            local_authority=form.cleaned_data["local_authority"],
            include_closed=form.cleaned_data["include_closed"],
        )
        page = paginate(request, schools, settings.FAIRINSPECT["SEARCH_PAGE_SIZE"])
    title = "Find a school"
    if page is not None and page.paginator.num_pages > 1:
        # Each page of results needs a title of its own (WCAG 2.4.2), as GOV.UK's pagination guidance says.
        title += f" (page {page.number} of {page.paginator.num_pages})"
    return render(
        request,
        "schools/search.html",
        {
            "page_title": title,
            "form": form,
            "page": page,
            "pagination": pagination_params(request, page) if page is not None else None,
            "school_page_url": school_page_url.function,
        },
    )
