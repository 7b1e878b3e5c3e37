from django.urls import path

from common.administration import moved_to
from modules.handover.views import portal, register, staff

app_name = "handover"

urlpatterns = [
    path("mail/hand-over/", staff.handover_list_view, name="list"),
    path("mail/hand-over/panel/", staff.handover_panel_view, name="panel"),
    path("mail/hand-over/record/", staff.handover_record_view, name="record"),
    path("mail/hand-over/sign/", staff.handover_sign_view, name="sign"),
    path("mail/hand-over/print/", staff.handover_print_draft_view, name="print_draft"),
    path("mail/hand-over/print/confirmation.pdf", staff.handover_draft_pdf_view, name="draft_pdf"),
    path("administration/hand-over/", register.handover_settings_view, name="settings"),
    # Before Administration existed (a permanent redirect).
    path("mail/hand-over/settings/", moved_to("handover:settings")),
    path("mail/hand-over/items/<int:item_id>/", register.item_handovers_view, name="item"),
    path("mail/hand-overs/", register.handover_register_view, name="register"),
    path("mail/hand-overs/<int:handover_id>/", register.handover_detail_view, name="detail"),
    path("mail/hand-overs/<int:handover_id>/pdf/", register.handover_pdf_view, name="pdf"),
    path("mail/hand-overs/<int:handover_id>/print/", register.handover_print_view, name="print"),
    path("portal/pickups/", portal.portal_list_view, name="portal_list"),
]
