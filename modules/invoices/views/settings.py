"""Administration > Invoices: numbering, payment terms, reminders, PDF, KSeF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import admin_view
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from modules.invoices import ksef, services
from modules.invoices.certificates import expiry_state
from modules.invoices.forms import KsefCertificateForm, KsefTokenForm, SettingsForm
from modules.invoices.policies import ksef_available


def _connected_words(saved: str, resent: int) -> str:
    """The success message of a token or certificate KSeF accepted, with the invoices it had
    refused before that went to it again."""
    if not resent:
        return saved
    again = ngettext(
        "%(count)s invoice KSeF refused before is sent to it again.",
        "%(count)s invoices KSeF refused before are sent to it again.",
        resent,
    ) % {"count": resent}
    return f"{saved} {again}"


@admin_view
def settings_view(request):
    current = services.settings_get()
    country = getattr(request.tenant, "country", "")
    form = SettingsForm(request.POST or None, instance=current, country=country)
    uses_ksef = ksef_available(country)
    token_form = KsefTokenForm(prefix="ksef") if uses_ksef else None
    certificate_form = KsefCertificateForm(prefix="cert") if uses_ksef else None
    which = request.POST.get("form") if request.method == "POST" else None
    if which in ("ksef", "certificate", "certificate_remove") and not uses_ksef:
        return redirect("invoices:settings")  # no KSeF outside Poland: nothing to save
    if which == "ksef":
        token_form = KsefTokenForm(request.POST, prefix="ksef")
        if token_form.is_valid():
            try:
                done = ksef.ksef_connect(actor=request.user, **token_form.cleaned_data)
            except ApplicationError as exc:
                token_form.add_error("token", exc.message)  # what was typed stays
            else:
                if done.checked:
                    messages.success(
                        request,
                        _connected_words(_("KSeF accepted the token; it is saved."), done.resent),
                    )
                else:
                    messages.warning(
                        request,
                        _(
                            "KSeF token saved, but KSeF could not be reached to check it. "
                            "If KSeF refuses it, the invoices will say so."
                        ),
                    )
                return redirect("invoices:settings")
    elif which == "certificate":
        certificate_form = KsefCertificateForm(request.POST, request.FILES, prefix="cert")
        if certificate_form.is_valid():
            try:
                done = ksef.ksef_certificate_connect(
                    actor=request.user, **certificate_form.cleaned_data
                )
            except ApplicationError as exc:
                certificate_form.add_error(None, exc.message)
            else:
                if done.checked:
                    messages.success(
                        request,
                        _connected_words(
                            _("KSeF accepted the certificate; it is saved."), done.resent
                        ),
                    )
                else:
                    messages.warning(
                        request,
                        _(
                            "KSeF certificate saved, but KSeF could not be reached to check "
                            "it. If KSeF refuses it, the invoices will say so."
                        ),
                    )
                return redirect("invoices:settings")
    elif which == "certificate_remove":
        ksef.ksef_certificate_remove(actor=request.user)
        messages.success(request, _("KSeF certificate removed."))
        return redirect("invoices:settings")
    elif request.method == "POST" and form.is_valid():
        try:
            services.settings_update(
                actor=request.user,
                data={f: form.cleaned_data[f] for f in form.fields},
            )
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("invoices:settings")
    today = services.office_today()
    return render(
        request,
        "invoices/settings.html",
        {
            "form": form,
            "token_form": token_form,
            "certificate_form": certificate_form,
            "settings": current,
            "uses_ksef": uses_ksef,
            "token_allowed": today <= ksef.TOKEN_LAST_DAY,
            "certificate_expiry": expiry_state(current.ksef_certificate_valid_to, today),
        },
    )
