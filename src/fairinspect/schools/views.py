from django.conf import settings
from django.shortcuts import get_object_or_404, render

from fairinspect.schools.forms import SchoolSearchForm
from fairinspect.schools.models import School
from fairinspect.schools.selectors import linked_schools, published_history, search_schools
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
    return render(
        request,
        "schools/search.html",
        {
            "page_title": "Find a school",
            "form": form,
            "page": page,
            "pagination": pagination_params(request, page) if page else None,
        },
    )


def detail(request, urn: int):
    school = get_object_or_404(School.objects.select_related("local_authority", "trust"), urn=urn)
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
