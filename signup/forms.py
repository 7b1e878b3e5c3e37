from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from signup.services import slug_availability_check
from subscriptions.models import Plan
from tenants.models import Office


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, plan: Plan) -> str:
        return plan.name


class SignupForm(forms.Form):
    office_name = forms.CharField(label=_("Office name"), max_length=200)
    slug = forms.CharField(
        label=_("Address"),
        max_length=32,
        help_text=_("Letters, digits and hyphens; this becomes your office's web address."),
    )
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=10)
    country = forms.ChoiceField(
        label=_("Country"),
        choices=Office.Country.choices,
        help_text=_(
            "Sets your office's language, currency and time zone; you can change them later."
        ),
    )
    plan = PlanChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.filter(is_public=True),
        to_field_name="code",
        required=False,
        empty_label=None,
        help_text=_("Your free trial runs on this plan; you choose what to pay for later."),
    )
    accept_terms = forms.BooleanField(label=_("I accept the terms of service"))
    # The honeypot: hidden from people by CSS, filled in by form-filling bots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip().lower()
        error = slug_availability_check(slug)
        if error:
            raise ValidationError(error)
        return slug

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("An account with this e-mail already exists. Please sign in instead.")
            )
        return email

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("email"):
            try:
                validate_password(
                    data["password"], User(email=data["email"], full_name=data.get("full_name", ""))
                )
            except ValidationError as exc:
                self.add_error("password", exc)
        return data
