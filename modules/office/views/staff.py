from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import admin_view, member_view, staff_view
from accounts.forms import StaffInvitationForm
from accounts.invitation_actions import invitation_action_run
from accounts.models import Membership, Role
from accounts.selectors import invitation_pending_list, office_staff_list
from accounts.services import invitation_create, membership_deactivate, membership_role_change
from common.audit import audit_words_attach
from common.dashboard import dashboard_tiles
from common.exceptions import ApplicationError
from common.onboarding import onboarding_steps
from modules.audit.selectors import audit_entry_list
from modules.office.selectors import office_dashboard_get, onboarding_hidden
from modules.office.services import onboarding_visibility_set


@member_view
def home_view(request: HttpRequest):
    if request.membership.role == "client":
        return redirect("portal:home")
    return dashboard_view(request)


def _onboarding(request) -> dict | None:
    """The getting-started checklist for administrators, until every step is done or they
    hide it."""
    if not request.membership.is_admin_role or onboarding_hidden():
        return None
    steps = onboarding_steps(request=request)
    done = sum(step["done"] for step in steps)
    if done == len(steps):
        return None
    return {"steps": steps, "done": done, "total": len(steps)}


@staff_view
def dashboard_view(request: HttpRequest):
    context = {
        "figures": office_dashboard_get(office=request.office),
        "tiles": dashboard_tiles(request=request),
        "onboarding": _onboarding(request),
        "recent": audit_entry_list()[:8] if request.membership.is_admin_role else [],
    }
    return render(request, "office/dashboard.html", context)


@admin_view
@require_POST
def onboarding_hide_view(request: HttpRequest):
    onboarding_visibility_set(actor=request.user, hidden=request.POST.get("show") != "1")
    return redirect("office:dashboard")


def _role_choices(acting: Membership) -> list[tuple[str, str]]:
    """The roles the acting person may give (accounts.services.membership_role_change
    refuses the rest): only an owner makes or changes owners."""
    roles = [Role.STAFF, Role.ADMIN] + ([Role.OWNER] if acting.role == Role.OWNER else [])
    return [(role.value, role.label) for role in roles]


@admin_view
def staff_list_view(request: HttpRequest):
    form = StaffInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_create(
                office=request.office,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ApplicationError as exc:
            form.add_error("email", exc.message)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("office:staff_list")
    context = {
        "members": office_staff_list(office=request.office),
        "invitations": invitation_pending_list(office=request.office),
        "form": form,
        "role_choices": _role_choices(request.membership),
    }
    return render(request, "office/staff_list.html", context, status=400 if form.errors else 200)


@require_POST
@admin_view
def staff_invitation_action_view(request: HttpRequest, invitation_id: int, action: str):
    invitation = get_object_or_404(invitation_pending_list(office=request.office), pk=invitation_id)
    invitation_action_run(request, invitation, action)
    return redirect("office:staff_list")


@require_POST
@admin_view
def staff_deactivate_view(request: HttpRequest, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("user", "office"),
        pk=membership_id,
        office=request.office,
    )
    try:
        membership_deactivate(membership=membership, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Access removed for %(user)s.") % {"user": membership.user})
    return redirect("office:staff_list")


@require_POST
@admin_view
def staff_role_change_view(request: HttpRequest, membership_id: int):
    membership = get_object_or_404(
        office_staff_list(office=request.office), pk=membership_id, is_active=True
    )
    try:
        membership_role_change(
            membership=membership, role=request.POST.get("role", ""), actor=request.user
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        membership.refresh_from_db(fields=["role"])
        messages.success(
            request,
            _("%(user)s is now: %(role)s.")
            % {"user": membership.user, "role": membership.get_role_display()},
        )
    return redirect("office:staff_list")


# The audit log's areas: which actions each shows (by their prefix).
AUDIT_AREAS = [
    ("mail", gettext_lazy("Mail"), ("mail.",)),
    ("scans", gettext_lazy("Scan requests"), ("scanrequest",)),
    ("handover", gettext_lazy("Hand-over"), ("handover.",)),
    ("clients", gettext_lazy("Clients"), ("client.",)),
    ("rooms", gettext_lazy("Conference rooms"), ("rooms.",)),
    ("billing", gettext_lazy("Billing"), ("billing.",)),
    ("invoices", gettext_lazy("Invoices"), ("invoices.",)),
    ("helpdesk", gettext_lazy("Helpdesk"), ("helpdesk.",)),
    ("documents", gettext_lazy("Documents"), ("documents.",)),
    ("messages", gettext_lazy("Messages"), ("messaging.",)),
    ("notifications", gettext_lazy("Notifications"), ("notifications.",)),
    (
        "office",
        gettext_lazy("Office and team"),
        ("office.", "membership.", "invitation.", "subscription.", "support."),
    ),
]


@admin_view
def audit_log_view(request: HttpRequest):
    area = request.GET.get("area", "")
    prefixes = next((p for key, _label, p in AUDIT_AREAS if key == area), ())
    entries = audit_entry_list(action_prefix=prefixes or request.GET.get("action", ""))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    audit_words_attach(page.object_list)  # the ids they name, read once for the page
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "office/audit_log.html",
        {
            "page": page,
            "areas": [(key, label) for key, label, _prefixes in AUDIT_AREAS],
            "area": area,
            "query": query.urlencode(),
        },
    )
