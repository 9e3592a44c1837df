from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fairinspect.accounts.forms import SignInForm
from fairinspect.accounts.home import home_sections_for


class SignInView(LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}


@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        logout(request)
        messages.success(request, "You have signed out.")
        return redirect(settings.LOGOUT_REDIRECT_URL)
    if not request.user.is_authenticated:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/sign_out.html", {"page_title": "Sign out"})


@login_required
def home(request):
    return render(
        request, "accounts/home.html", {"page_title": "Your home", "sections": home_sections_for(request.user)}
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this instead of signing in while an account is locked after repeated failures."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"page_title": "You cannot sign in for now", "minutes": minutes},
        status=429,
    )
