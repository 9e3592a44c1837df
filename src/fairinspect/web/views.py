from django.shortcuts import render

from fairinspect.schools.forms import SchoolSearchForm


def start(request):
    return render(request, "web/start.html", {"page_title": "Find a school's inspections", "search": SchoolSearchForm()})


def accessibility(request):
    return render(request, "web/accessibility.html", {"page_title": "Accessibility statement"})


def bad_request(request, exception=None):
    return render(request, "web/error.html", {"page_title": "Sorry, there is a problem with that request", "status": 400}, status=400)


def permission_denied(request, exception=None):
    return render(request, "web/error.html", {"page_title": "You cannot see this page", "status": 403}, status=403)


def page_not_found(request, exception=None):
    return render(request, "web/error.html", {"page_title": "Page not found", "status": 404}, status=404)


def server_error(request):
    return render(request, "web/error.html", {"page_title": "Sorry, there is a problem with the service", "status": 500}, status=500)
