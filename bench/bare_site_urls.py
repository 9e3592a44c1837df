"""fairinspect's URLs and /bench/bare/, a bare Django view through the whole middleware stack: the floor the public
pages are measured against."""

from django.http import HttpResponse
from django.urls import path

from fairinspect.urls import *  # noqa: F403
from fairinspect.urls import urlpatterns as fairinspect_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *fairinspect_urlpatterns]
