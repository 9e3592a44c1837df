"""Public pages that are the same for every visitor without an account, cached until the data behind them changes.

An app registers each such page (`public_pages.register(PublicPage("outcomes:school", depends_on=(…)))`) with
the versions of the data it is made from (core.versions: the registry, the published record, the frameworks).
For a visitor who carries no session and no messages (nothing of their own), a GET of such a page is answered
from a copy kept in this process, keyed by the page's address, those versions and today's date; the change that
bumps a version (an import, a publication, an amendment) commits the new version with the new data, so no copy
made before it is served after it, and no copy outlives the day it was made on. Each answer gets a nonce of its
own for its Content-Security-Policy: the copy holds a placeholder where the nonce goes.

Only a 200 with no cookie is kept, and nothing a signed-in visitor is shown is kept or served (they see their
own navigation, banners and drafts; their answers are marked private). Answers to everyone else carry an ETag
of the same key and `Cache-Control: public, no-cache`: a browser or a CDN may keep them, and asks again each
time with If-None-Match, which costs the one read of the versions and a 304, with no page made.

The copies live in each process (the `public_pages` cache, bounded, least recently used first out); a process
reads the versions from the database on each request, which is what makes a change seen everywhere at once.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csp import get_nonce
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from fairinspect.core import versions, working_days
from fairinspect.core.hooks import Registry

NONCE_PLACEHOLDER = "\x00csp-nonce\x00"


@dataclass(frozen=True)
class PublicPage:
    url_name: str  # with its namespace, e.g. "outcomes:school"
    depends_on: Sequence[str]  # the names of the data versions it is made from


public_pages: Registry[PublicPage] = Registry("pages the same for every visitor without an account")


@dataclass(frozen=True)
class _Copy:
    content: bytes
    content_type: str
    has_nonce: bool


def _visitor_has_nothing_of_their_own(request) -> bool:
    return request.method in ("GET", "HEAD") and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES
    )


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._pages: dict[str, PublicPage] | None = None

    def page_of(self, request) -> PublicPage | None:
        if self._pages is None:  # the registry is filled once every app is ready
            self._pages = {page.url_name: page for page in public_pages}
        match = request.resolver_match
        return self._pages.get(match.view_name) if match is not None else None

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_public_page_key", None)
        if key is None:
            if getattr(request, "_public_page_personal", False):
                patch_cache_control(response, private=True)
            return response
        if response.status_code == 200 and not response.streaming and not response.cookies and request.method == "GET":
            nonce = get_nonce(request)
            has_nonce = bool(nonce)  # a lazy nonce is false until a page has used it
            content = response.content.replace(str(nonce).encode(), NONCE_PLACEHOLDER.encode()) if has_nonce else response.content
            caches["public_pages"].set(key, _Copy(content, response["Content-Type"], has_nonce))
        return self._shared(response, key) if response.status_code == 200 else response

    def process_view(self, request, view_func, view_args, view_kwargs):
        page = self.page_of(request)
        if page is None:
            return None
        if not _visitor_has_nothing_of_their_own(request):
            request._public_page_personal = True
            return None
        key = self._key(request, page)
        if key in request.headers.get("If-None-Match", ""):
            not_modified = HttpResponseNotModified()
            # The copy the client holds keeps its own policy, whose nonce its page carries.
            not_modified._csp_config = {}  # type: ignore[attr-defined]  # what Django's csp_override sets
            return self._shared(not_modified, key)
        copy = caches["public_pages"].get(key)
        if copy is None:
            request._public_page_key = key  # made by the view, kept on the way out (__call__)
            return None
        content = copy.content
        if copy.has_nonce:
            content = content.replace(NONCE_PLACEHOLDER.encode(), str(get_nonce(request)).encode())
        return self._shared(HttpResponse(content, content_type=copy.content_type), key)

    @staticmethod
    def _key(request, page: PublicPage) -> str:
        made_from = (request.get_full_path(), versions.current(page.depends_on), timezone.localdate(working_days.now()))
        return hashlib.sha256(repr(made_from).encode()).hexdigest()[:32]

    @staticmethod
    def _shared(response: HttpResponse, key: str) -> HttpResponse:
        response["ETag"] = f'W/"{key}"'
        patch_cache_control(response, public=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response
