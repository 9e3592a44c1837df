"""The page decorator and the API guard: both ask the permission registry, so a page and its API endpoint
refuse alike."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from fairinspect.accounts.permissions import Capability, holds, require


def allowed_if(capability: Capability):
    """A page for holders of `capability`: anonymous visitors are sent to sign in, other users get 403."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not holds(request.user, capability):
                raise PermissionDenied(capability.refusal())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def api_requires(capability: Capability, doing: str | None = None):
    """An API endpoint for holders of `capability`: others get 403 with the refusal's words (the router's
    authentication has already answered 401 to the signed-out). Put it under the router's decorator."""

    def decorator(endpoint):
        @functools.wraps(endpoint)
        def wrapped(request, *args, **kwargs):
            require(request.user, capability, doing)
            return endpoint(request, *args, **kwargs)

        return wrapped

    return decorator
