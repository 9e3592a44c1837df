from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "The username or password is not right. Both are case-sensitive.",
        "inactive": "This account has been switched off. Contact the service desk.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.pop("autofocus", None)


class SignOutForm(forms.Form):
    """No fields: signing out is a POST so that a link or image elsewhere cannot sign anyone out."""
