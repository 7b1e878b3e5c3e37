"""The Hand-overs tab of a client's card (staff)."""

from modules.handover import selectors


def handover_client_tab(request, client):
    handovers = selectors.client_handover_list(client_id=client.pk)
    counts = selectors.handover_line_counts(
        handover_ids=[h.pk for h in handovers], client_id=client.pk
    )
    return "handover/client_tab.html", {
        "handover_rows": [(h, counts.get(h.pk, 0)) for h in handovers],
    }
