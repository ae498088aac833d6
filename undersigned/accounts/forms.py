from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from undersigned.accounts import selectors, services
from undersigned.core.ratelimit import client_ip


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing attempts once a username or a client address has
    used up its attempts. The refusal does not depend on whether the account exists."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed login attempts. For your security, logging in is "
                       "paused for %(minutes)d minutes. Please try again later."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            ip = client_ip(self.request) if self.request is not None else ""
            if not services.login_attempt_allow(username=username, ip=ip):
                raise forms.ValidationError(
                    self.error_messages["throttled"], code="throttled",
                    params={"minutes": selectors.login_limits().window // 60})
            super().clean()
            services.login_attempt_succeeded(username=username, ip=ip)
        return self.cleaned_data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=32, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                      "autocapitalize": "off", "spellcheck": "false",
                                      "autofocus": True}))
