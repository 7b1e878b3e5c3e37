"""Staff screens of the clients module (thin: parse, call a selector/service, render)."""

from django.http import Http404

from modules.clients.selectors import client_get


def client_or_404(request, client_id: int):
    """Missing and not-yours both answer 404."""
    client = client_get(membership=request.membership, client_id=client_id)
    if client is None:
        raise Http404
    return client
