"""The List-Unsubscribe link of client e-mails: switch one event off for one address.

Public: the signed link stands for the address. GET only asks (link scanners open every
link); POST switches the event off: the confirmation's form, or a mail provider's one-click
request (RFC 8058), which carries no CSRF token - the signature is the proof.
"""

from django.http import HttpRequest
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from accounts.access import public_view
from modules.notifications.hooks import event_get
from modules.notifications.services import recipient_unsubscribe, unsubscribe_target


@csrf_exempt
@never_cache
@public_view
def unsubscribe_view(request: HttpRequest, token: str):
    target = unsubscribe_target(token, office=request.office)
    if target is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    recipient, event = target
    try:
        label = event_get(event).label
    except LookupError:
        label = event
    context = {"address": recipient.address, "event_label": label, "done": False}
    if request.method == "POST":
        recipient_unsubscribe(recipient=recipient, event=event)
        context["done"] = True
    return render(request, "notifications/unsubscribe.html", context)
