import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.helpdesk.models import Access, BillableWork, WorkLog, WorkOrder, WorkOrderRequest
from modules.helpdesk.services import (
    access_set,
    quote_create,
    quote_decide,
    request_transition,
    work_record,
)
from modules.helpdesk.work_selectors import workorder_board, workorder_figures
from modules.helpdesk.worklog import rate_set, worklog_add
from modules.helpdesk.workorders import (
    workorder_create,
    workorder_link,
    workorder_move,
    workorder_unlink,
    workorder_update,
)
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised

pytestmark = pytest.mark.django_db


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def test_orders_are_numbered_per_year_from_their_own_counter_and_audited(office_a, staff_a):
    with in_office(office_a):
        year = timezone.localdate().year
        first = workorder_create(actor=staff_a, title="Office move", budget_hours=Decimal("10"))
        second = workorder_create(actor=staff_a, title="Archive")
        raised()  # requests keep their own numbering
        assert (first.number, second.number) == (f"ZK-{year}-00001", f"ZK-{year}-00002")
        entry = AuditEntry.objects.filter(action="helpdesk.order_created").order_by("pk").first()
        assert entry.changes["number"] == [None, f"ZK-{year}-00001"]
        assert entry.changes["budget_hours"] == [None, "10"]


def test_linking_keeps_to_the_orders_client_one_order_and_active_orders(office_a, staff_a):
    with in_office(office_a):
        north, south = ClientFactory(name="North"), ClientFactory(name="South")
        order = workorder_create(actor=staff_a, title="Move", client=north)
        other = workorder_create(actor=staff_a, title="Other")
        ours, theirs = raised(client=north), raised(client=south)
        workorder_link(order=order, request=ours, actor=staff_a)
        workorder_link(order=order, request=ours, actor=staff_a)  # again: nothing new
        with pytest.raises(ApplicationError) as refused:
            workorder_link(order=order, request=theirs, actor=staff_a)
        assert refused.value.message == "Only requests of North can be linked to this order."
        with pytest.raises(ApplicationError) as refused:
            workorder_link(order=other, request=ours, actor=staff_a)
        assert refused.value.message == (
            f"{ours.number} already belongs to the order {order.number}."
        )
        workorder_update(order=other, actor=staff_a, data={"status": "cancelled"})
        with pytest.raises(ApplicationError) as refused:
            workorder_link(order=other, request=theirs, actor=staff_a)
        assert refused.value.code == "order_closed"
        assert list(WorkOrderRequest.objects.values_list("order_id", "request_id")) == [
            (order.pk, ours.pk)
        ]
        workorder_unlink(order=order, request=ours, actor=staff_a)
        assert not WorkOrderRequest.objects.exists()


def test_status_moves_stale_edits_and_the_client_change_are_refused(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory(name="North")
        order = workorder_create(actor=staff_a, title="Move", client=client)
        order = workorder_update(order=order, actor=staff_a, data={"status": "done"}, version=1)
        with pytest.raises(ApplicationError) as refused:
            workorder_update(order=order, actor=staff_a, data={"status": "draft"})
        assert refused.value.message == (
            "An order that is done cannot become draft. Possible: in progress."
        )
        with pytest.raises(ApplicationError) as refused:
            workorder_update(order=order, actor=staff_a, data={"title": "New"}, version=1)
        assert refused.value.code == "stale"
        order = workorder_update(order=order, actor=staff_a, data={"status": "in_progress"})
        workorder_link(order=order, request=raised(client=client), actor=staff_a)
        with pytest.raises(ApplicationError) as refused:
            workorder_update(order=order, actor=staff_a, data={"client": ClientFactory()})
        assert refused.value.code == "client_linked"
        stored = WorkOrder.objects.get(pk=order.pk)
        assert (stored.title, stored.status, stored.client_id) == ("Move", "in_progress", client.pk)


def test_only_active_staff_dispatch_or_work_on_an_order(office_a, staff_a):
    with in_office(office_a):
        stranger = member(office_a, Role.CLIENT)
        with pytest.raises(ApplicationError) as refused:
            workorder_create(actor=staff_a, title="Move", operator_ids=[stranger.pk])
        assert refused.value.code == "not_staff"
        assert not WorkOrder.objects.exists()


def test_budget_used_counts_time_and_accepted_quotes_with_warnings(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
        rate_set(actor=None, client=client, hourly_rate=Decimal("100.00"))
        order = workorder_create(
            actor=staff_a,
            title="Move",
            client=client,
            budget_hours=Decimal("2.00"),
            budget_amount=Decimal("400.00"),
        )
        first, second = raised(client=client), raised(client=client)
        for req in (first, second):
            workorder_link(order=order, request=req, actor=staff_a)
        today = timezone.localdate()
        worklog_add(request=first, actor=staff_a, date=today, minutes=60)
        worklog_add(request=second, actor=staff_a, date=today, minutes=45, billable=False)
        quote = quote_create(
            request=second,
            actor=staff_a,
            valid_until=today + dt.timedelta(days=5),
            lines=[
                {
                    "description": "Boxes",
                    "quantity": Decimal("3"),
                    "unit_price": Decimal("70.00"),
                    "vat_rate": Decimal("23"),
                }
            ],
        )
        quote_decide(quote=quote, actor=None, accept=True, label="Anna")
        raised(client=client)  # not in the order
        figures = workorder_figures(order=order)
        assert [r.pk for r in figures.requests] == [second.pk, first.pk]
        assert (figures.totals.minutes, figures.totals.amount, figures.quotes_net) == (
            105,
            Decimal("100.00"),
            Decimal("210.00"),
        )
        assert (figures.hours.used, figures.hours.share, figures.hours.level) == (
            Decimal("1.75"),
            Decimal("87.5"),
            "warning",
        )
        assert (figures.amount.used, figures.amount.share, figures.amount.level) == (
            Decimal("310.00"),
            Decimal("77.5"),
            "",
        )
        worklog_add(request=first, actor=staff_a, date=today, minutes=60)
        figures = workorder_figures(order=order)
        assert (figures.hours.share, figures.hours.level) == (Decimal("137.5"), "danger")
        assert (figures.amount.share, figures.amount.level) == (Decimal("102.5"), "danger")


def test_budget_used_counts_billable_work_recorded_on_its_requests_once(office_a, staff_a):
    # The billable work typed on a request ("Record billable work") is money spent on the
    # order too; the rows that carried logged time into the settlement are that time.
    with in_office(office_a):
        client = ClientFactory()
        rate_set(actor=None, client=client, hourly_rate=Decimal("100.00"))
        order = workorder_create(
            actor=staff_a, title="Move", client=client, budget_amount=Decimal("400.00")
        )
        first, second = raised(client=client), raised(client=client)
        for req in (first, second):
            workorder_link(order=order, request=req, actor=staff_a)
        worklog_add(request=first, actor=staff_a, date=timezone.localdate(), minutes=60)
        work_record(
            request=second,
            actor=staff_a,
            description="Boxes",
            quantity=Decimal("2"),
            unit_price=Decimal("45.50"),
            vat_rate="23",
            key=uuid.uuid4(),
        )
        outside = raised(client=client)  # not in the order
        work_record(
            request=outside,
            actor=staff_a,
            description="Other",
            quantity=Decimal("1"),
            unit_price=Decimal("999.00"),
            vat_rate="23",
            key=uuid.uuid4(),
        )
        figures = workorder_figures(order=order)
        assert (figures.totals.amount, figures.work_net, figures.quotes_net) == (
            Decimal("100.00"),
            Decimal("91.00"),
            Decimal("0.00"),
        )
        assert (figures.amount.used, figures.amount.share) == (Decimal("191.00"), Decimal("47.8"))
        # The logged hour is billed at acceptance through a BillableWork row of its own:
        # still 100.00 of time, not 100.00 more of work.
        for action in ("start", "resolve"):
            first = request_transition(request=first, action=action, actor=staff_a)
        request_transition(request=first, action="accept", actor=None, rating=5)
        assert BillableWork.objects.filter(request=first, log__isnull=False).count() == 1
        figures = workorder_figures(order=order)
        assert (figures.work_net, figures.amount.used) == (Decimal("91.00"), Decimal("191.00"))
    admin = _english(member(office_a, Role.ADMIN))
    html = OfficeClient(office_a, user=admin).get(f"/helpdesk/orders/{order.pk}/").content.decode()
    figures_line = "Billable time: PLN\xa0100.00 · Billable work: PLN\xa091.00 · Accepted quotes"
    assert figures_line in html


def test_agents_and_read_only_staff_meet_no_door_to_creating_an_order(office_a, staff_a):
    # T6/T12: supervisors dispatch (create, plan, link); agents - the reception's level -
    # and read-only staff see orders. So nothing shows them a way to create one, and the
    # list says who does; the address itself answers 403.
    agent = _english(member(office_a, Role.STAFF))
    viewer = _english(member(office_a, Role.STAFF))
    supervisor = _english(member(office_a, Role.ADMIN))
    with in_office(office_a):
        access_set(actor=None, user_id=viewer.pk, level=Access.Level.READ_ONLY)
        client = ClientFactory()
        req = raised(client=client)
        order = workorder_create(actor=staff_a, title="Move", client=client)
        workorder_link(order=order, request=req, actor=staff_a)
    pages = (
        "/helpdesk/",
        "/helpdesk/orders/",
        "/helpdesk/orders/board/",
        f"/helpdesk/orders/{order.pk}/",
        f"/helpdesk/{req.pk}/",
        f"/helpdesk/{req.pk}/worklog/",
    )
    who = "Work orders are created and planned by helpdesk supervisors."
    for person in (agent, viewer):
        web = OfficeClient(office_a, user=person)
        for url in pages:
            response = web.get(url)
            assert response.status_code == 200, url
            assert "/helpdesk/orders/new/" not in response.content.decode(), url
        assert who in web.get("/helpdesk/orders/").content.decode()
        assert web.get("/helpdesk/orders/new/").status_code == 403
        assert web.post("/helpdesk/orders/new/", {"title": "Mine"}).status_code == 403
        refused = web.post(
            "/api/v1/helpdesk/orders/", {"title": "Mine"}, content_type="application/json"
        )
        assert refused.status_code == 403
    listing = OfficeClient(office_a, user=supervisor).get("/helpdesk/orders/").content.decode()
    assert 'href="/helpdesk/orders/new/" data-testid="new-order"' in listing
    assert who not in listing
    with in_office(office_a):
        assert list(WorkOrder.objects.values_list("title", flat=True)) == ["Move"]


def test_the_board_places_orders_by_operator_and_planned_day(office_a, staff_a):
    with in_office(office_a):
        monday = dt.date(2026, 3, 2)
        both = workorder_create(
            actor=staff_a,
            title="Two days",
            operator_ids=[staff_a.pk],
            planned_start=monday + dt.timedelta(days=1),
            planned_end=monday + dt.timedelta(days=2),
        )
        nobody = workorder_create(actor=staff_a, title="One day", planned_start=monday)
        long = workorder_create(
            actor=staff_a,
            title="Long",
            operator_ids=[staff_a.pk],
            planned_start=monday - dt.timedelta(days=10),
            planned_end=monday + dt.timedelta(days=30),
        )
        workorder_create(actor=staff_a, title="Later", planned_start=monday + dt.timedelta(days=9))
        done = workorder_create(actor=staff_a, title="Done", planned_start=monday)
        workorder_update(order=done, actor=staff_a, data={"status": "done"})
        unplanned = workorder_create(actor=staff_a, title="Some day")
        board = workorder_board(start=monday, days=7)
        assert board.days[0] == monday and len(board.days) == 7
        rows = {row["id"]: [[o.pk for o in cell] for cell in row["cells"]] for row in board.rows}
        assert rows[staff_a.pk] == [
            [long.pk],
            [long.pk, both.pk],
            [long.pk, both.pk],
            [long.pk],
            [long.pk],
            [long.pk],
            [long.pk],
        ]
        assert rows[None] == [[nobody.pk], [], [], [], [], [], []]
        assert [o.pk for o in board.unplanned] == [unplanned.pk]


def test_order_screens_permission_matrix(office_a, office_b):
    with in_office(office_a):
        order = workorder_create(actor=None, title="Move")
        req = raised()
    for url in ("/helpdesk/orders/", f"/helpdesk/orders/{order.pk}/", "/helpdesk/orders/board/"):
        check_permission_matrix(
            office_a,
            office_b,
            "get",
            url,
            expect={
                "anonymous": 302,
                "client": 403,
                "staff": 200,
                "admin": 200,
                "owner": 200,
                "other_office": 403,
            },
        )
    dispatch = {
        "anonymous": 302,
        "client": 403,
        "staff": 403,
        "other_office": 403,
        "admin": 302,
    }
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        "/helpdesk/orders/new/",
        expect={**dispatch, "admin": 200, "owner": 200},
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/helpdesk/orders/{order.pk}/link/",
        data={"number": req.number},
        expect=dispatch,
        unchanged=lambda: not WorkOrderRequest.objects.exists(),
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/helpdesk/orders/new/",
        data={"title": "New one", "status": "open"},
        expect=dispatch,
        unchanged=lambda: WorkOrder.objects.count() == 1,
    )


def test_another_offices_order_answers_404_and_changes_nothing(office_a, office_b):
    with in_office(office_a):
        order = workorder_create(actor=None, title="Move")
        req = raised()
    check_cross_office(office_a, office_b, "get", f"/helpdesk/orders/{order.pk}/")
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/helpdesk/orders/{order.pk}/link/",
        data={"number": req.number},
        unchanged=lambda: not WorkOrderRequest.objects.exists(),
    )


def test_a_dispatcher_creates_an_order_links_a_request_and_sees_its_figures(office_a):
    admin = _english(member(office_a, Role.ADMIN))
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las")
        req = raised(client=client, subject="Move the archive")
    web = OfficeClient(office_a, user=admin)
    response = web.post(
        "/helpdesk/orders/new/",
        {
            "title": "Archive move",
            "client": client.pk,
            "budget_hours": "4",
            "status": "open",
            "operators": [admin.pk],
            "planned_start": "2026-03-02",
            "planned_end": "2026-03-03",
        },
    )
    assert response.status_code == 302
    with in_office(office_a):
        order = WorkOrder.objects.get()
    assert response["Location"] == f"/helpdesk/orders/{order.pk}/"
    response = web.post(f"/helpdesk/orders/{order.pk}/link/", {"number": req.number.lower()})
    assert response.status_code == 302
    with in_office(office_a):
        worklog_add(request=req, actor=admin, date=timezone.localdate(), minutes=210)
    html = web.get(f"/helpdesk/orders/{order.pk}/").content.decode()
    assert req.number in html and "Move the archive" in html
    assert 'data-testid="budget-hours">3.50 h / 4.00 h (87.5%)' in html
    assert "Over 80 percent of the budget of hours." in html
    board = web.get("/helpdesk/orders/board/?start=2026-03-02").content.decode()
    assert order.number in board
    bad = web.post(f"/helpdesk/orders/{order.pk}/link/", {"number": "HD-1999-00001"})
    assert bad.status_code == 400
    assert "No request has the number HD-1999-00001." in bad.content.decode()


def test_several_requests_are_linked_at_once_or_none_is(office_a):
    admin = _english(member(office_a, Role.ADMIN))
    with in_office(office_a):
        client = ClientFactory()
        order = workorder_create(actor=None, title="Archive move", client=client)
        first, second, third = (raised(client=client) for _ in range(3))
        elsewhere = raised(client=ClientFactory())
    web = OfficeClient(office_a, user=admin)
    url = f"/helpdesk/orders/{order.pk}/link/"

    # An unknown number, or a request the order cannot take: nothing is linked, the
    # numbers come back in the field, the message names what is wrong.
    refused = web.post(url, {"number": f"{first.number}, HD-1999-00001 HD-1999-00002"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "No requests have the numbers HD-1999-00001, HD-1999-00002." in page
    assert f"{first.number}, HD-1999-00001 HD-1999-00002" in page
    refused = web.post(url, {"number": f"{first.number} {elsewhere.number}"})
    assert refused.status_code == 400
    with in_office(office_a):
        assert not WorkOrderRequest.objects.exists()

    linked = web.post(
        url, {"number": f"{first.number.lower()},{second.number};\n{third.number} {first.number}"}
    )
    assert linked.status_code == 302
    assert "3 requests added to the order." in web.get(linked["Location"]).content.decode()
    with in_office(office_a):
        assert set(WorkOrderRequest.objects.values_list("request_id", flat=True)) == {
            first.pk,
            second.pk,
            third.pk,
        }
        assert AuditEntry.objects.filter(action="helpdesk.order_linked").count() == 3
    assert web.post(url, {"number": " , "}).status_code == 400
    too_many = web.post(url, {"number": " ".join(f"HD-2026-{n:05d}" for n in range(51))})
    assert "At most 50 numbers at once." in too_many.content.decode()


def test_a_stale_order_form_is_refused_with_a_message(office_a):
    admin = _english(member(office_a, Role.ADMIN))
    with in_office(office_a):
        order = workorder_create(actor=None, title="Move")
        workorder_update(order=order, actor=None, data={"title": "Moved"})
    response = OfficeClient(office_a, user=admin).post(
        f"/helpdesk/orders/{order.pk}/",
        {"title": "Mine", "status": "open", "version": 1},
    )
    assert response.status_code == 400
    assert "Someone else changed this order while you were editing it." in (
        response.content.decode()
    )
    with in_office(office_a):
        assert WorkOrder.objects.get(pk=order.pk).title == "Moved"


def test_the_order_list_filters_and_reads_in_fixed_queries(
    office_a, staff_a, django_assert_num_queries
):
    with in_office(office_a):
        north = ClientFactory(name="North")
        for n in range(3):
            workorder_create(actor=None, title=f"North {n}", client=north)
        workorder_create(actor=None, title="Ours", operator_ids=[staff_a.pk])
        done = workorder_create(actor=None, title="Finished")
        workorder_update(order=done, actor=None, data={"status": "done"})
    web = OfficeClient(office_a, user=_english(staff_a))
    web.get("/helpdesk/orders/")

    def titles(query):
        html = web.get(f"/helpdesk/orders/?{query}").content.decode()
        return {t for t in ("North 0", "North 2", "Ours", "Finished") if t in html}

    assert titles("") == {"North 0", "North 2", "Ours"}
    assert titles("status=") == {"North 0", "North 2", "Ours", "Finished"}
    assert titles(f"client={north.pk}") == {"North 0", "North 2"}
    # The filter's picker shows the chosen client; no list of every client is read.
    shown = web.get(f"/helpdesk/orders/?client={north.pk}").content.decode()
    assert f'value="{north.code} · North"' in shown
    assert titles(f"operator={staff_a.pk}") == {"Ours"}
    assert titles("q=fini&status=") == {"Finished"}
    with django_assert_num_queries(7):
        web.get("/helpdesk/orders/")


def test_the_client_card_lists_the_clients_orders_and_time(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory(name="North")
        order = workorder_create(actor=None, title="North move", client=client)
        worklog_add(
            request=raised(client=client), actor=staff_a, date=timezone.localdate(), minutes=90
        )
    html = (
        OfficeClient(office_a, user=_english(staff_a))
        .get(f"/clients/{client.pk}/helpdesk_orders/")
        .content.decode()
    )
    assert order.number in html
    assert "Time logged: 1.50 h" in html
    with in_office(office_a):
        assert WorkLog.objects.count() == 1


def test_the_order_page_and_the_board_read_in_fixed_queries(
    office_a, staff_a, django_assert_num_queries
):
    with in_office(office_a):
        client = ClientFactory()
        monday = dt.date(2026, 3, 2)
        order = workorder_create(
            actor=None, title="Move", client=client, operator_ids=[staff_a.pk], planned_start=monday
        )
        for n in range(3):
            req = raised(client=client, subject=f"Part {n}")
            workorder_link(order=order, request=req, actor=None)
            worklog_add(request=req, actor=staff_a, date=monday, minutes=30)
            workorder_create(actor=None, title=f"Other {n}", planned_start=monday)
    web = OfficeClient(office_a, user=_english(staff_a))
    web.get(f"/helpdesk/orders/{order.pk}/")
    with django_assert_num_queries(13):  # with the UPDATE reading the opener's alert
        web.get(f"/helpdesk/orders/{order.pk}/")
    with django_assert_num_queries(9):
        web.get("/helpdesk/orders/board/?start=2026-03-02")


def test_people_put_on_an_open_order_are_told_once_and_not_the_dispatcher_who_did_it(
    office_a, staff_a
):
    from modules.helpdesk.services import staff_notice_set
    from modules.notifications.models import Delivery, StaffAlert

    def person(name):
        user = _english(member(office_a, Role.STAFF))
        user.full_name = name
        user.save(update_fields=["full_name"])
        return user

    anna, piotr, ela, dispatcher = (person(n) for n in ("Anna", "Piotr", "Ela", "Dora"))
    piotr.language = "pl"
    piotr.save(update_fields=["language"])
    dispatcher.full_name = "Dora Dispatcher"
    dispatcher.save(update_fields=["full_name"])

    def told():
        rows = StaffAlert.objects.filter(event="helpdesk.order_assigned")
        return sorted(rows.values_list("user_id", flat=True))

    with in_office(office_a):
        draft = workorder_create(
            actor=dispatcher, title="Archive move", status="draft", operator_ids=[anna.pk]
        )
        assert told() == []  # a draft tells nobody
        order = workorder_create(
            actor=dispatcher,
            title="Office move",
            dispatcher_id=dispatcher.pk,
            operator_ids=[anna.pk, piotr.pk],
            planned_start=dt.date(2026, 12, 7),
            planned_end=dt.date(2026, 12, 9),
        )
        assert told() == [anna.pk, piotr.pk]  # not the dispatcher who made it
        alert = StaffAlert.objects.get(event="helpdesk.order_assigned", user=anna)
        assert alert.title == f"Work order {order.number}: Office move"
        mail = Delivery.objects.get(
            event="helpdesk.order_assigned", channel="email", address=anna.email
        )
        assert f"Dora Dispatcher added you to work order {order.number} Office move." in mail.body
        # The planned dates as each recipient's language writes them, never ISO dates.
        assert "Planned: 07/12/2026 – 09/12/2026" in mail.body
        polish = Delivery.objects.get(
            event="helpdesk.order_assigned", channel="email", address=piotr.email
        )
        assert "Plan: 07.12.2026 – 09.12.2026" in polish.body
        # Whoever did it, named without guessing their grammatical gender (was "Dora
        # Dispatcher: jesteś w zleceniu ...").
        assert polish.body.startswith(
            f"Dodano Cię do zlecenia {order.number} Office move (Dora Dispatcher).\nPlan: "
        )
        assert "2026-12-07" not in mail.body + polish.body
        assert f"/helpdesk/orders/{order.pk}/" in mail.body
        # A change tells only who is new on it; a title change tells nobody.
        order = workorder_update(
            order=order, actor=dispatcher, data={}, operator_ids=[anna.pk, piotr.pk, ela.pk]
        )
        order = workorder_update(order=order, actor=dispatcher, data={"title": "Office move 2"})
        assert told() == sorted([anna.pk, ela.pk, piotr.pk])
        # Who switched the event off is not told; the draft going out tells its people.
        staff_notice_set(
            user=anna, off=["helpdesk.order_assigned:email", "helpdesk.order_assigned:inapp"]
        )
        workorder_update(order=draft, actor=dispatcher, data={"status": "open"})
        assert told() == sorted([anna.pk, ela.pk, piotr.pk])
        workorder_update(
            order=draft, actor=dispatcher, data={"status": "open"}, operator_ids=[piotr.pk]
        )
        assert told() == sorted([anna.pk, ela.pk, piotr.pk, piotr.pk])


MONDAY = dt.date(2026, 3, 2)


def _day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


def test_a_move_on_the_board_shifts_the_span_and_swaps_the_row_operator(office_a, staff_a):
    other = member(office_a, Role.STAFF)
    third = member(office_a, Role.STAFF)
    with in_office(office_a):
        order = workorder_create(
            actor=None,
            title="Two days",
            operator_ids=[staff_a.pk, third.pk],
            planned_start=_day(1),
            planned_end=_day(2),
        )
        # Taken from its second day in staff_a's row, dropped on Friday in other's row.
        moved = workorder_move(
            order=order,
            actor=None,
            from_day=_day(2),
            to_day=_day(4),
            from_user_id=staff_a.pk,
            to_user_id=other.pk,
            version=order.version,
        )
        assert (moved.planned_start, moved.planned_end) == (_day(3), _day(4))
        operators = set(moved.operators.values_list("user_id", flat=True))
        assert operators == {other.pk, third.pk}  # only the row's operator gave way
        entry = AuditEntry.objects.filter(action="helpdesk.order_changed").get()
        assert entry.changes["planned_start"] == ["2026-03-03", "2026-03-05"]
        assert entry.changes["operators"] == [
            sorted([staff_a.pk, third.pk]),
            sorted([other.pk, third.pk]),
        ]
        # Into the "not assigned" row: the row's operator leaves, nobody comes.
        moved = workorder_move(
            order=moved, actor=None, from_day=_day(3), to_day=_day(3), from_user_id=third.pk
        )
        assert set(moved.operators.values_list("user_id", flat=True)) == {other.pk}


def test_an_unplanned_order_dropped_on_a_day_is_planned_for_it(office_a, staff_a):
    with in_office(office_a):
        order = workorder_create(actor=None, title="Some day")
        moved = workorder_move(order=order, actor=None, to_day=_day(2), to_user_id=staff_a.pk)
        assert (moved.planned_start, moved.planned_end) == (_day(2), None)
        assert list(moved.operators.values_list("user_id", flat=True)) == [staff_a.pk]
        board = workorder_board(start=MONDAY, days=7)
        row = next(r for r in board.rows if r["id"] == staff_a.pk)
        assert [[o.pk for o in cell] for cell in row["cells"]][2] == [order.pk]


def test_a_move_is_refused_when_stale_closed_or_onto_a_stranger(office_a, staff_a):
    client_user = member(office_a, Role.CLIENT)
    with in_office(office_a):
        order = workorder_create(actor=None, title="Move", planned_start=_day(0))
        workorder_update(order=order, actor=None, data={"title": "Move it"})  # version 1
        with pytest.raises(ApplicationError) as stale:
            workorder_move(order=order, actor=None, from_day=_day(0), to_day=_day(1), version=0)
        assert stale.value.code == "stale"
        with pytest.raises(ApplicationError) as stranger:
            workorder_move(order=order, actor=None, to_day=_day(1), to_user_id=client_user.pk)
        assert stranger.value.code == "not_staff"
        workorder_update(order=order, actor=None, data={"status": "done"})
        with pytest.raises(ApplicationError) as closed:
            workorder_move(order=order, actor=None, from_day=_day(0), to_day=_day(1))
        assert closed.value.code == "status"
        order.refresh_from_db()
        assert order.planned_start == _day(0) and not order.operators.exists()


def test_the_board_moves_an_order_for_supervisors_only(office_a, office_b):
    with in_office(office_a):
        order = workorder_create(actor=None, title="Move", planned_start=_day(0))
    data = {"from_day": "2026-03-02", "to_day": "2026-03-04", "start": "2026-03-02"}

    def unmoved():
        return WorkOrder.objects.get(pk=order.pk).planned_start == _day(0)

    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/helpdesk/orders/{order.pk}/move/",
        data=data,
        expect={
            "anonymous": 302,
            "client": 403,
            "staff": 403,
            "other_office": 403,
            "admin": 302,
        },
        unchanged=unmoved,
    )
    with in_office(office_a):
        assert WorkOrder.objects.get(pk=order.pk).planned_start == _day(2)
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/helpdesk/orders/{order.pk}/move/",
        data={**data, "from_day": "2026-03-04", "to_day": "2026-03-06"},
        unchanged=lambda: WorkOrder.objects.get(pk=order.pk).planned_start == _day(2),
    )


def test_a_refused_move_answers_with_the_board_and_its_reason(office_a):
    admin = _english(member(office_a, Role.ADMIN))
    with in_office(office_a):
        order = workorder_create(actor=None, title="Move", planned_start=_day(0))
    web = OfficeClient(office_a, user=admin)
    board = web.get("/helpdesk/orders/board/?start=2026-03-02").content.decode()
    assert f'data-board-order="{order.pk}"' in board and "data-board-cell" in board
    response = web.post(
        f"/helpdesk/orders/{order.pk}/move/",
        {"from_day": "2026-03-02", "to_day": "2026-03-03", "version": "7", "start": "2026-03-02"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="board-grid"' in html
    assert "Someone else changed this order" in html and "<html" not in html
    response = web.post(
        f"/helpdesk/orders/{order.pk}/move/", {"to_day": "soon"}, HTTP_HX_REQUEST="true"
    )
    assert "The move could not be read." in response.content.decode()
    with in_office(office_a):
        assert WorkOrder.objects.get(pk=order.pk).planned_start == _day(0)
    # A staff member without the supervisor level sees the board without drag handles.
    staff = OfficeClient(office_a, user=_english(member(office_a, Role.STAFF)))
    plain = staff.get("/helpdesk/orders/board/?start=2026-03-02").content.decode()
    assert order.number in plain and "data-board-order" not in plain


def test_an_orders_alerts_are_read_for_everyone_once_it_is_done_or_cancelled(office_a, staff_a):
    from modules.notifications.models import StaffAlert

    anna, piotr = (_english(member(office_a, Role.STAFF)) for _n in range(2))

    def unread(order) -> list[int]:
        rows = StaffAlert.objects.filter(
            event="helpdesk.order_assigned", subject=f"helpdesk.order:{order.pk}"
        )
        return sorted(rows.filter(read_at__isnull=True).values_list("user_id", flat=True))

    with in_office(office_a):
        done = workorder_create(actor=staff_a, title="Move", operator_ids=[anna.pk, piotr.pk])
        cancelled = workorder_create(actor=staff_a, title="Archive", operator_ids=[anna.pk])
        kept = workorder_create(actor=staff_a, title="Courier", operator_ids=[piotr.pk])
        assert (unread(done), unread(cancelled), unread(kept)) == (
            sorted([anna.pk, piotr.pk]),
            [anna.pk],
            [piotr.pk],
        )
        workorder_update(order=done, actor=staff_a, data={"status": "in_progress"})
        assert unread(done) == sorted([anna.pk, piotr.pk])  # still work to do
        workorder_update(order=done, actor=staff_a, data={"status": "done"})
        workorder_update(order=cancelled, actor=staff_a, data={"status": "cancelled"})
        assert (unread(done), unread(cancelled), unread(kept)) == ([], [], [piotr.pk])


def test_opening_a_work_order_reads_the_openers_own_alert_about_it(office_a, staff_a):
    """As a scan request or a booking: the operator who opens the order's page has seen
    its alert (until 2026-12-07 it stayed unread until the order was done); the others'
    stay, and so does the opener's alert about another order."""
    from modules.notifications.models import StaffAlert

    anna, piotr = (_english(member(office_a, Role.STAFF)) for _n in range(2))

    def unread(user) -> list[str]:
        rows = StaffAlert.objects.filter(
            event="helpdesk.order_assigned", user=user, read_at__isnull=True
        )
        return sorted(rows.values_list("subject", flat=True))

    with in_office(office_a):
        move = workorder_create(actor=staff_a, title="Move", operator_ids=[anna.pk, piotr.pk])
        courier = workorder_create(actor=staff_a, title="Courier", operator_ids=[anna.pk])
        assert unread(anna) == sorted([f"helpdesk.order:{move.pk}", f"helpdesk.order:{courier.pk}"])
    page = OfficeClient(office_a, user=anna).get(f"/helpdesk/orders/{move.pk}/")
    assert page.status_code == 200
    with in_office(office_a):
        assert unread(anna) == [f"helpdesk.order:{courier.pk}"]
        assert unread(piotr) == [f"helpdesk.order:{move.pk}"]
