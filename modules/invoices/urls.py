from django.urls import include, path
from rest_framework.routers import SimpleRouter

from modules.invoices import api
from modules.invoices.views import portal, settings, staff

app_name = "invoices"

router = SimpleRouter()
router.register("invoices", api.InvoiceViewSet, basename="api-invoice")

urlpatterns = [
    path("invoices/", staff.invoice_list_view, name="list"),
    path("invoices/export/", staff.invoice_export_view, name="export"),
    path("invoices/new/", staff.invoice_form_view, name="new"),
    path("invoices/from-month/", staff.invoices_from_month_view, name="from_month"),
    path("invoices/issue/", staff.invoices_issue_view, name="issue_many"),
    path("invoices/<int:invoice_id>/", staff.invoice_detail_view, name="detail"),
    path("invoices/<int:invoice_id>/edit/", staff.invoice_form_view, name="edit"),
    path("invoices/<int:invoice_id>/issue/", staff.invoice_issue_view, name="issue"),
    path("invoices/<int:invoice_id>/delete/", staff.invoice_delete_view, name="delete"),
    path(
        "invoices/<int:invoice_id>/acceptance/",
        staff.invoice_acceptance_request_view,
        name="acceptance_request",
    ),
    path("invoices/<int:invoice_id>/payments/", staff.payment_add_view, name="payment_add"),
    path(
        "invoices/<int:invoice_id>/payments/<int:payment_id>/delete/",
        staff.payment_delete_view,
        name="payment_delete",
    ),
    path("invoices/<int:invoice_id>/remind/", staff.invoice_remind_view, name="remind"),
    path("invoices/<int:invoice_id>/correct/", staff.invoice_correct_view, name="correct"),
    path("invoices/<int:invoice_id>/ksef/", staff.ksef_resend_view, name="ksef_resend"),
    path("invoices/<int:invoice_id>/pdf/", staff.invoice_pdf_view, name="pdf"),
    path("invoices/<int:invoice_id>/ubl/", staff.invoice_ubl_view, name="ubl"),
    path("administration/invoices/", settings.settings_view, name="settings"),
    path("portal/invoices/", portal.portal_list_view, name="portal_list"),
    path("portal/invoices/<int:invoice_id>/", portal.portal_detail_view, name="portal_detail"),
    path("portal/invoices/<int:invoice_id>/pdf/", portal.portal_pdf_view, name="portal_pdf"),
    path("portal/invoices/<int:invoice_id>/ubl/", portal.portal_ubl_view, name="portal_ubl"),
    path(
        "portal/invoices/<int:invoice_id>/acceptance/",
        portal.portal_acceptance_view,
        name="portal_acceptance",
    ),
    path("api/v1/", include(router.urls)),
]
