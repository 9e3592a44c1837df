from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from fairinspect.schools.forms import SchoolSearchForm
from fairinspect.schools.selectors import linked_schools, published_history, school_by_urn, search_schools
from fairinspect.web.pagination import paginate, pagination_params


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
        },
    )


def detail(request, urn: int):
    school = school_by_urn(urn)
    if school is None:
        raise Http404(f"No school has URN {urn}")
    return render(
        request,
        "schools/detail.html",
        {
            "page_title": school.name,
            "school": school,
            "history": published_history(school),
            "links": linked_schools(school),
        },
    )
