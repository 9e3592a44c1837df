from django.shortcuts import render

from fairinspect.outcomes.selectors import school_profile_or_404


def school(request, urn: int):
    profile = school_profile_or_404(urn)
    context = {"school": profile.school, "history": profile.history, "links": profile.links}
    return render(request, "outcomes/school.html", {"page_title": profile.school.name, **context})
