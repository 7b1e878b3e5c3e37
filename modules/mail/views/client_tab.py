"""The Mail tab of a client's card (staff): the latest items, with a link to the archive."""

from modules.mail import selectors

TAB_ROWS = 25


def mail_client_tab(request, client):
    filters = selectors.MailFilters(client_id=client.pk)
    page = selectors.mail_page(membership=request.membership, filters=filters)
    return "mail/client_tab.html", {
        "mail_rows": page["rows"][:TAB_ROWS],
        "mail_more": len(page["rows"]) > TAB_ROWS,
    }
