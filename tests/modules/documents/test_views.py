from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from common.storage import office_exists
from modules.documents.models import Document, DocumentTemplate, DocumentVersion
from modules.documents.services import document_share
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.documents.factories import document_made, template_made
from tests.modules.mail.factories import BROKEN_PDF

STAFF_PAGE = {
    "anonymous": 302,
    "client": 403,
    "staff": 200,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
REFUSED = {k: v for k, v in STAFF_PAGE.items() if v != 200}
ADMIN_PAGE = {**STAFF_PAGE, "staff": 403}
PORTAL_LIST_QUERIES = 6  # 5, and the menu asks whether billing summaries are shown
CLIENT_TAB_QUERIES = 11
CLIENT_PAGE = {
    "anonymous": 302,
    "client": 200,
    "staff": 403,
    "admin": 403,
    "owner": 403,
    "other_office": 403,
}


def staging_names() -> list[str]:
    from django.core.files.storage import default_storage

    from common.storage import office_name

    try:
        return default_storage.listdir(office_name("staging"))[1]
    except FileNotFoundError:
        return []


def client_user(office, client):
    user = member(office, Role.CLIENT, client_id=client.pk, client_name=client.name)
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _made(office, **kwargs):
    with in_office(office):
        client = kwargs.pop("client", None) or ClientFactory()
        template = template_made()
        document = document_made(client=client, template=template, **kwargs)
        return client, template, document


def test_staff_screens_permission_matrix(office_a, office_b):
    client, template, document = _made(office_a)
    for url in (
        f"/documents/{document.pk}/",
        f"/documents/clients/{client.pk}/generate/{template.pk}/",
        f"/documents/{document.pk}/download/",
        f"/documents/{document.pk}/download/1/",
        f"/clients/{client.pk}/documents/",
    ):
        check_permission_matrix(office_a, office_b, "get", url, expect=STAFF_PAGE)
    with in_office(office_a):
        before = Document.objects.count()
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/documents/clients/{client.pk}/generate/{template.pk}/",
        data={"title": "X"},
        expect=REFUSED,
        unchanged=lambda: Document.objects.count() == before,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/documents/{document.pk}/share/",
        data={"shared": "1"},
        expect=REFUSED,
        unchanged=lambda: Document.objects.get(pk=document.pk).shared_at is None,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/documents/{document.pk}/regenerate/",
        expect=REFUSED,
        unchanged=lambda: Document.objects.get(pk=document.pk).version == 1,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/documents/clients/{client.pk}/upload/",
        data={"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")},
        expect=REFUSED,
        unchanged=lambda: Document.objects.count() == before,
    )


def test_template_screens_are_for_admins(office_a, office_b):
    with in_office(office_a):
        template = template_made()
        before = DocumentTemplate.objects.count()
    for url in (
        "/administration/documents/",
        "/administration/documents/new/",
        f"/administration/documents/{template.pk}/",
    ):
        check_permission_matrix(office_a, office_b, "get", url, expect=ADMIN_PAGE)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/documents/new/",
        data={"name": "N", "language": "pl", "body": "<p>x</p>", "active": "on"},
        expect={k: v for k, v in ADMIN_PAGE.items() if v != 200},
        unchanged=lambda: DocumentTemplate.objects.count() == before,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/documents/preview/",
        data={"body": "<p>{{ client_name }}</p>"},
        expect=ADMIN_PAGE,
    )


def test_client_panel_permission_matrix(office_a, office_b):
    check_permission_matrix(office_a, office_b, "get", "/portal/documents/", expect=CLIENT_PAGE)


def test_cross_office(office_a, office_b):
    client, template, document = _made(office_a)
    with in_office(office_a):
        document_share(document=document, actor=None, shared=True)
    unchanged = lambda: Document.objects.get(pk=document.pk).version == 1  # noqa: E731
    for method, url, data in (
        ("get", f"/documents/{document.pk}/", None),
        ("get", f"/documents/{document.pk}/download/", None),
        ("post", f"/documents/{document.pk}/share/", {"shared": "0"}),
        ("post", f"/documents/{document.pk}/regenerate/", None),
        ("get", f"/documents/clients/{client.pk}/generate/{template.pk}/", None),
        ("get", f"/api/v1/documents/{document.pk}/", None),
        ("get", f"/api/v1/documents/{document.pk}/download/", None),
    ):
        check_cross_office(office_a, office_b, method, url, data=data, unchanged=unchanged)
    with in_office(office_a):
        assert Document.objects.get(pk=document.pk).shared


def test_template_editor_saves_and_refuses_escapes(office_a, admin_a):
    web = OfficeClient(office_a, user=admin_a)
    response = web.post(
        "/administration/documents/new/",
        {
            "name": "Zgoda",
            "language": "pl",
            "body": "<p>{{ client_name }} {{ place }}</p><script>x</script>",
            "fields": "place: Miejsce",
            "active": "on",
        },
    )
    assert response.status_code == 302
    with in_office(office_a):
        template = DocumentTemplate.objects.get(name="Zgoda")
        assert template.body == "<p>{{ client_name }} {{ place }}</p>"
        assert template.fields == [{"key": "place", "label": "Miejsce"}]
    page = web.get(response["Location"]).content.decode()
    assert "{{ document_number }}" in page and "data-document-editor" in page
    response = web.post(
        f"/administration/documents/{template.pk}/",
        {"name": "Zgoda", "language": "pl", "body": "<p>{% load static %}</p>", "active": "on"},
    )
    assert response.status_code == 400
    assert "the tag “load” is not allowed" in response.content.decode()
    with in_office(office_a):
        assert (
            DocumentTemplate.objects.get(pk=template.pk).body
            == "<p>{{ client_name }} {{ place }}</p>"
        )


def test_preview_shows_example_values_or_problems(office_a, admin_a):
    web = OfficeClient(office_a, user=admin_a)
    html = web.post(
        "/administration/documents/preview/",
        {"body": "<p>{{ client_name }} – {{ place }}</p>", "fields": "place: Miejsce"},
    ).content.decode()
    assert "Alfa Consulting sp. z o.o. – [Miejsce]" in html
    html = web.post(
        "/administration/documents/preview/", {"body": "<p>{% debug %}</p>"}
    ).content.decode()
    assert "the tag “debug” is not allowed" in html


def test_generate_from_the_card_and_share(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory(name="Gamma sp. z o.o.")
        template = template_made()
    web = OfficeClient(office_a, user=staff_a)
    tab = web.get(f"/clients/{client.pk}/documents/").content.decode()
    assert "Agreements and other documents will appear here." not in tab
    assert f"/documents/clients/{client.pk}/generate/{template.pk}/" in tab
    form = web.get(f"/documents/clients/{client.pk}/generate/{template.pk}/").content.decode()
    assert 'name="field_place"' in form
    response = web.post(
        f"/documents/clients/{client.pk}/generate/{template.pk}/",
        {"title": "Umowa Gamma", "field_place": "Łódź", "share": "on"},
    )
    with in_office(office_a):
        document = Document.objects.get(client=client)
        assert (document.title, document.field_values, document.shared) == (
            "Umowa Gamma",
            {"place": "Łódź"},
            True,
        )
    assert response["Location"] == f"/documents/{document.pk}/"
    assert document.number in web.get(f"/clients/{client.pk}/documents/").content.decode()
    web.post(f"/documents/{document.pk}/regenerate/")
    web.post(f"/documents/{document.pk}/share/", {"shared": "0"})
    with in_office(office_a):
        document.refresh_from_db()
        assert (document.version, document.shared) == (2, False)
    page = web.get(f"/documents/{document.pk}/").content.decode()
    assert 'data-version="2"' in page and 'data-version="1"' in page
    first = web.get(f"/documents/{document.pk}/download/1/")
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert b"".join(first.streaming_content).startswith(b"%PDF-")


def test_upload_any_office_file_as_a_client_document(
    office_a, staff_a, django_capture_on_commit_callbacks
):
    with in_office(office_a):
        client = ClientFactory()
    web = OfficeClient(office_a, user=staff_a)
    docx = SimpleUploadedFile("umowa.docx", b"PK\x03\x04" + b"0" * 100)
    # Other tests, some in parallel workers, leave abandoned staged files (PDFs) for the
    # sweep: this upload's own staged copy (the only .docx) must go, not the folder empty.
    staged_before = set(staging_names())
    with django_capture_on_commit_callbacks(execute=True):  # the staged copy goes after commit
        response = web.post(
            f"/documents/clients/{client.pk}/upload/",
            {"file": docx, "title": "Skan umowy", "share": "on"},
        )
    with in_office(office_a):
        document = Document.objects.get(client=client)
        version = document.versions.get()
        assert (document.source, document.title, document.shared) == (
            "uploaded",
            "Skan umowy",
            True,
        )
        assert (version.original_name, version.size) == ("umowa.docx", 104)
        assert version.content_type.endswith("wordprocessingml.document")
        assert version.path.endswith(".docx") and office_exists(version.path)
        new = set(staging_names()) - staged_before
        assert not [name for name in new if name.endswith(".docx")]
    assert response["Location"] == f"/documents/{document.pk}/"
    # Refused: the card's Documents tab again, the form open with the title typed.
    response = web.post(
        f"/documents/clients/{client.pk}/upload/",
        {"file": SimpleUploadedFile("run.exe", b"MZ\x90\x00binary"), "title": "Aneks nr 2"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    form = page[
        page.index('id="document-upload"') - 40 : page.index(
            "</form>", page.index("document-upload")
        )
    ]
    assert "collapse mb-3 show" in form and 'value="Aneks nr 2"' in form
    assert "Only these files are accepted: PDF, JPEG, PNG, DOCX, XLSX, ODT, TXT." in form
    assert 'data-testid="client-documents"' in page  # the tab's list as on its own address
    with in_office(office_a):
        assert Document.objects.filter(client=client).count() == 1
    # A PDF that does not open (the audit's 193 bytes) is refused like one of a wrong type.
    response = web.post(
        f"/documents/clients/{client.pk}/upload/",
        {"file": SimpleUploadedFile("umowa.pdf", BROKEN_PDF), "title": "Aneks nr 3"},
    )
    assert response.status_code == 400
    assert "The file is damaged and cannot be opened." in response.content.decode()
    with in_office(office_a):
        assert Document.objects.filter(client=client).count() == 1


def test_client_sees_only_own_shared_documents(office_a):
    with in_office(office_a):
        mine, other = ClientFactory(), ClientFactory()
        template = template_made()
        shared = document_made(client=mine, template=template, share=True)
        hidden = document_made(client=mine, template=template)
        theirs = document_made(client=other, template=template, share=True)
        shared_path = shared.versions.get().path
        theirs_path = theirs.versions.get().path
    web = OfficeClient(office_a, user=client_user(office_a, mine))
    page = web.get("/portal/documents/").content.decode()
    assert shared.number in page
    assert hidden.number not in page and theirs.number not in page
    download = web.get(f"/portal/documents/{shared.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    for document in (hidden, theirs):
        assert web.get(f"/portal/documents/{document.pk}/download/").status_code == 404
        assert web.get(f"/api/v1/documents/{document.pk}/").status_code == 404
        assert web.get(f"/api/v1/documents/{document.pk}/download/").status_code == 404
    assert [row["number"] for row in web.get("/api/v1/documents/").json()["results"]] == [
        shared.number
    ]
    assert web.get(f"/api/v1/documents/?client={other.pk}").json()["results"] == []
    # No address serves a stored file by its path: not the media prefix, not a guess.
    for path in (shared_path, theirs_path):
        assert web.get(f"/media/{office_a.schema_name}/{path}").status_code == 404
        assert web.get(f"/{path}").status_code == 404
    # The staff pages of the same documents are closed to a client user.
    assert web.get(f"/documents/{theirs.pk}/download/").status_code == 403


def test_client_downloads_only_the_newest_version(office_a):
    from modules.documents.services import document_regenerate

    with in_office(office_a):
        client = ClientFactory()
        document = document_made(client=client, share=True)
        document_regenerate(document=document, actor=None)
        newest = DocumentVersion.objects.get(document=document, version=2)
    web = OfficeClient(office_a, user=client_user(office_a, client))
    response = web.get(f"/portal/documents/{document.pk}/download/")
    assert response["Content-Disposition"].endswith(f'"{newest.original_name}"')


def test_portal_list_queries_do_not_grow_with_rows(office_a, django_assert_num_queries):
    with in_office(office_a):
        client = ClientFactory()
        template = template_made()
        document_made(client=client, template=template, share=True)
    web = OfficeClient(office_a, user=client_user(office_a, client))
    web.get("/portal/documents/")  # warm the session and caches
    with django_assert_num_queries(PORTAL_LIST_QUERIES):
        web.get("/portal/documents/")
    with in_office(office_a):
        for _ in range(5):
            document_made(client=client, template=template, share=True)
    with django_assert_num_queries(PORTAL_LIST_QUERIES):
        assert web.get("/portal/documents/").content.decode().count("portal-document-download") == 6


def test_client_tab_queries_do_not_grow_with_rows(office_a, staff_a, django_assert_num_queries):
    with in_office(office_a):
        client = ClientFactory()
        template = template_made()
        document_made(client=client, template=template)
    web = OfficeClient(office_a, user=staff_a)
    web.get(f"/clients/{client.pk}/documents/")
    with django_assert_num_queries(CLIENT_TAB_QUERIES):
        web.get(f"/clients/{client.pk}/documents/")
    with in_office(office_a):
        for _ in range(5):
            document_made(client=client, template=template)
    with django_assert_num_queries(CLIENT_TAB_QUERIES):
        assert web.get(f"/clients/{client.pk}/documents/").status_code == 200


def test_templates_in_the_offices_and_the_clients_language_come_first(office_a, office_b):
    # A Slovak office starts with the Slovak ready-made templates only; one it writes in
    # Polish for its Polish clients is listed after its own language's, and a client's
    # Generate menu starts with the client's.
    import re

    def languages(html: str, start: str) -> list[str]:
        part = html.split(start, 1)[1].split("</ul>", 1)[0]
        return re.findall(r'badge text-bg-light">(PL|SK|EN)<', part)

    with in_office(office_b):
        polish = ClientFactory(language="pl")
        slovak = ClientFactory(language="sk")
        DocumentTemplate.objects.create(name="Umowa", language="pl", body="<p>Umowa</p>")
    admin = OfficeClient(office_b, user=member(office_b, Role.ADMIN))
    listed = languages(
        admin.get("/administration/documents/").content.decode(), "document-templates"
    )
    assert listed[0] == "SK" and "PL" in listed
    assert listed == sorted(listed, key=lambda code: code != "SK")
    for client, first in ((polish, "PL"), (slovak, "SK")):
        tab = admin.get(f"/clients/{client.pk}/documents/").content.decode()
        offered = languages(tab, "generate-menu")
        assert offered[0] == first and offered == sorted(offered, key=lambda c: c != first)
    with in_office(office_a):  # a Polish office: Polish first, as before
        assert DocumentTemplate.objects.order_by("language", "name")[0].language == "pl"
    web = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    assert (
        languages(web.get("/administration/documents/").content.decode(), "document-templates")[0]
        == "PL"
    )


def test_the_editor_of_a_slovak_office_lists_and_previews_slovak_identifiers(office_a, office_b):
    slovak = OfficeClient(office_b, user=member(office_b, Role.ADMIN))
    page = slovak.get("/administration/documents/new/").content.decode()
    for name in ("client_ico", "client_dic", "client_ic_dph", "office_ico", "office_ic_dph"):
        assert f'data-insert-variable="{name}"' in page
    for name in ("client_nip", "client_regon", "client_krs", "office_nip"):
        assert f'data-insert-variable="{name}"' not in page
    preview = slovak.post(
        "/administration/documents/preview/",
        {"language": "sk", "body": "<p>{{ client_name }}, IČO {{ client_ico }}</p>", "fields": ""},
    ).content.decode()
    assert "Alfa Consulting s.r.o., IČO 50123456" in preview
    polish = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    page = polish.get("/administration/documents/new/").content.decode()
    assert 'data-insert-variable="client_krs"' in page
    assert 'data-insert-variable="client_ico"' not in page
