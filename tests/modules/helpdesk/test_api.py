import datetime as dt
from decimal import Decimal

from django.utils import timezone

from modules.helpdesk.models import Quote, Reply, Request
from modules.helpdesk.services import quote_create, reply_create
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised

API = "/api/v1/helpdesk/requests/"


def _setup(office):
    with in_office(office):
        client, other = ClientFactory(), ClientFactory()
    user = client_user(office, client)
    with in_office(office):
        mine = raised(client=client, actor=user)
        foreign = raised(client=other)
        reply_create(request=mine, actor=None, body="SECRET-NOTE", internal=True)
        reply_create(request=mine, actor=None, body="Public answer")
        quote_create(
            request=mine,
            actor=None,
            valid_until=timezone.localdate() + dt.timedelta(days=3),
            internal_cost=Decimal("555.55"),
            lines=[
                {
                    "description": "Courier",
                    "quantity": Decimal("1"),
                    "unit_price": Decimal("10"),
                    "vat_rate": Decimal("23"),
                }
            ],
        )
    return user, mine, foreign


def test_client_reads_only_own_requests_without_internal_data(office_a):
    user, mine, foreign = _setup(office_a)
    web = OfficeClient(office_a, user=user)
    listing = web.get(API).json()
    assert [r["number"] for r in listing["results"]] == [mine.number]
    assert "assignee" not in listing["results"][0]
    assert web.get(f"{API}{foreign.pk}/").status_code == 404
    replies = web.get(f"{API}{mine.pk}/replies/").json()
    assert [r["body"] for r in replies] == ["Public answer"]
    assert "internal" not in replies[0]
    quotes = web.get(f"{API}{mine.pk}/quotes/").json()
    assert quotes[0]["gross_total"] == "12.30"
    assert "internal_cost" not in quotes[0]


def test_staff_sees_notes_and_costs(office_a, staff_a):
    _user, mine, _foreign = _setup(office_a)
    web = OfficeClient(office_a, user=staff_a)
    replies = web.get(f"{API}{mine.pk}/replies/").json()
    assert [(r["body"], r["internal"]) for r in replies] == [
        ("SECRET-NOTE", True),
        ("Public answer", False),
    ]
    assert web.get(f"{API}{mine.pk}/quotes/").json()[0]["internal_cost"] == "555.55"


def test_client_raises_replies_and_decides_by_api(office_a):
    user, mine, _foreign = _setup(office_a)
    web = OfficeClient(office_a, user=user)
    created = web.post(
        API, {"subject": "Via API", "priority": "low"}, content_type="application/json"
    )
    assert created.status_code == 201
    with in_office(office_a):
        row = Request.objects.get(pk=created.json()["id"])
        assert (row.client_id, row.requester_id, row.source) == (mine.client_id, user.pk, "portal")
    refused = web.post(
        f"{API}{mine.pk}/replies/", {"body": "x", "internal": True}, content_type="application/json"
    )
    assert refused.status_code == 403
    ok = web.post(f"{API}{mine.pk}/replies/", {"body": "Thanks"}, content_type="application/json")
    assert ok.status_code == 201
    with in_office(office_a):
        quote = Quote.objects.get(request=mine)
        assert list(
            Reply.objects.filter(request=mine, internal=True).values_list("body", flat=True)
        ) == ["SECRET-NOTE"]
    decided = web.post(
        f"{API}{mine.pk}/quotes/decide/",
        {"quote": quote.pk, "accept": True},
        content_type="application/json",
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "accepted"
    assert "internal_cost" not in decided.json()
    staff_only = web.post(
        f"{API}{mine.pk}/transition/", {"action": "close"}, content_type="application/json"
    )
    assert staff_only.status_code == 403


def test_refused_transition_answers_in_the_error_shape(office_a, staff_a):
    _user, mine, _foreign = _setup(office_a)
    web = OfficeClient(office_a, user=staff_a)
    response = web.post(
        f"{API}{mine.pk}/transition/", {"action": "resolve"}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "transition_refused"
    assert "Possible now:" in body["detail"]


def test_other_office_gets_nothing(office_a, office_b):
    from accounts.models import Role
    from tests.helpers.offices import member

    _user, mine, _foreign = _setup(office_a)
    web = OfficeClient(office_b, user=member(office_b, Role.ADMIN))
    assert web.get(f"{API}{mine.pk}/").status_code == 404


def test_a_client_raises_a_request_with_custom_values_through_the_api(office_a):
    from modules.helpdesk.models import Category, CategoryField
    from modules.helpdesk.services import field_create

    with in_office(office_a):
        client = ClientFactory()
        marek = client_user(office_a, client)
        category = Category.objects.create(name_pl="Forwarding")
        country = field_create(
            actor=None, category=category, label="Country", kind="choice", choices=["DE"]
        )
    api = OfficeClient(office_a, user=marek)
    refused = api.post(
        "/api/v1/helpdesk/requests/",
        {"subject": "Abroad", "category": category.pk, "custom_fields": {str(country.pk): "FR"}},
        content_type="application/json",
    )
    assert refused.status_code == 400
    response = api.post(
        "/api/v1/helpdesk/requests/",
        {"subject": "Abroad", "category": category.pk, "custom_fields": {str(country.pk): "DE"}},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["custom_fields"] == {str(country.pk): "DE"}
    assert "team" not in response.json()
    with in_office(office_a):
        assert CategoryField.objects.get().pk == country.pk


def _resolved(office):
    from modules.helpdesk.services import request_transition

    with in_office(office):
        client = ClientFactory()
    user = client_user(office, client)
    with in_office(office):
        mine = raised(client=client, actor=user)
        mine = request_transition(request=mine, action="start", actor=None)
        mine = request_transition(request=mine, action="resolve", actor=None)
    return user, mine


def test_accepting_by_api_needs_a_rating_at_its_field(office_a):
    user, mine = _resolved(office_a)
    web = OfficeClient(office_a, user=user)
    url = f"{API}{mine.pk}/transition/"
    for body in ({"action": "accept"}, {"action": "accept", "rating": None}):
        refused = web.post(url, body, content_type="application/json")
        assert refused.status_code == 400
        assert refused.json() == {
            "code": "invalid",
            "detail": "Some fields are not valid.",
            "fields": {"rating": ["Choose a rating of the operator (1-5)."]},
        }
    out_of_range = web.post(url, {"action": "accept", "rating": 6}, content_type="application/json")
    assert list(out_of_range.json()["fields"]) == ["rating"]
    with in_office(office_a):
        assert Request.objects.get(pk=mine.pk).status == "resolved"
    accepted = web.post(url, {"action": "accept", "rating": 4}, content_type="application/json")
    assert accepted.status_code == 200
    with in_office(office_a):
        row = Request.objects.get(pk=mine.pk)
        assert (row.status, row.rating) == ("accepted", 4)


def test_reopening_by_api_needs_a_reason_at_its_field(office_a):
    user, mine = _resolved(office_a)
    web = OfficeClient(office_a, user=user)
    url = f"{API}{mine.pk}/transition/"
    for body in ({"action": "reopen"}, {"action": "reopen", "comment": "   "}):
        refused = web.post(url, body, content_type="application/json")
        assert refused.status_code == 400
        assert refused.json()["fields"] == {"comment": ["Say why the request is reopened."]}
    with in_office(office_a):
        assert Request.objects.get(pk=mine.pk).status == "resolved"
    reopened = web.post(
        url, {"action": "reopen", "comment": "Still wrong"}, content_type="application/json"
    )
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "reopened"


def test_staff_asking_to_accept_is_refused_before_the_body_is_checked(office_a, staff_a):
    _user, mine = _resolved(office_a)
    response = OfficeClient(office_a, user=staff_a).post(
        f"{API}{mine.pk}/transition/", {"action": "accept"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_the_schema_says_accepting_needs_a_rating_and_reopening_a_reason(office_a, staff_a):
    import yaml

    schema = yaml.safe_load(
        OfficeClient(office_a, user=staff_a).get("/api/v1/schema/").content.decode()
    )
    body = schema["paths"][f"{API}{{id}}/transition/"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TransitionBody"
    }
    components = schema["components"]["schemas"]
    mapping = components["TransitionBody"]["discriminator"]["mapping"]
    assert mapping["accept"] == "#/components/schemas/AcceptTransition"
    assert mapping["reopen"] == "#/components/schemas/ReopenTransition"
    assert mapping["close"] == "#/components/schemas/Transition"
    assert components["AcceptTransition"]["required"] == ["action", "rating"]
    assert components["ReopenTransition"]["required"] == ["action", "comment"]
    assert "rating" not in components["Transition"]["properties"]
