"""The Invoices tab of a client's card (replaces the clients module's placeholder)."""

from modules.invoices.selectors import client_invoices


def invoices_client_tab(request, client):
    return "invoices/client_tab.html", {"invoices": client_invoices(client_id=client.pk)}
