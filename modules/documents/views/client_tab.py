"""The Documents tab of a client's card (staff): the client's documents, generate one from
a template, upload a file."""

from modules.documents import selectors
from modules.documents.forms import UploadForm

TAB_ROWS = 100


def documents_client_tab(request, client):
    rows = list(
        selectors.document_list(membership=request.membership, client_id=client.pk)[: TAB_ROWS + 1]
    )
    return "documents/client_tab.html", {
        "documents": rows[:TAB_ROWS],
        "documents_more": len(rows) > TAB_ROWS,
        # The client's own language first: the document is written to them.
        "document_templates": list(
            selectors.template_list(
                active_only=True, language=client.language or request.office.language
            )
        ),
        "upload_form": UploadForm(),
    }
