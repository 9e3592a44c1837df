from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def allowed_if(capability: Callable[[object], bool]):
    """Anonymous visitors are sent to sign in; signed-in users for whom `capability(user)` (a selector's
    predicate, so that who may do what is decided in one place) is false get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not capability(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
