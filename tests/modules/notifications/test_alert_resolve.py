from accounts.models import Role
from modules.notifications.models import StaffAlert
from modules.notifications.services import alert_subject, alerts_resolve
from tests.helpers.offices import OfficeClient, in_office, member

SUBJECT = alert_subject("scanrequests.request", 17)


def _alerts(office, users, subject=SUBJECT, link="/mail/scan-requests/"):
    with in_office(office):
        return [
            StaffAlert.objects.create(
                user=u,
                event="mail.scan_requested",
                title="Prośba o skan",
                link=link,
                subject=subject,
            )
            for u in users
        ]


def _read(alert) -> bool:
    alert.refresh_from_db()
    return alert.read_at is not None


def test_opening_an_alert_from_the_bell_reads_it_and_goes_to_its_link(office_a):
    anna, piotr = member(office_a, Role.STAFF), member(office_a, Role.STAFF)
    mine, theirs = _alerts(office_a, [anna, piotr])
    web = OfficeClient(office_a, user=anna)
    response = web.post(f"/notifications/alerts/{mine.pk}/open/")
    assert (response.status_code, response["Location"]) == (302, "/mail/scan-requests/")
    with in_office(office_a):
        assert _read(mine) and not _read(theirs)
    assert web.post(f"/notifications/alerts/{theirs.pk}/open/").status_code == 404
    with in_office(office_a):
        assert not _read(theirs)
    bell = web.get("/notifications/alerts/bell/").content.decode()
    assert f"/notifications/alerts/{mine.pk}/open/" in bell and 'data-unread="0"' in bell


def test_an_alert_leading_elsewhere_is_read_but_goes_to_the_list(office_a):
    anna = member(office_a, Role.STAFF)
    (alert,) = _alerts(office_a, [anna], link="https://evil.example/")
    response = OfficeClient(office_a, user=anna).post(f"/notifications/alerts/{alert.pk}/open/")
    assert (response.status_code, response["Location"]) == (302, "/notifications/alerts/")


def test_resolving_a_handled_subject_reads_everyone_s_alerts_about_it_only(office_a):
    anna, piotr = member(office_a, Role.STAFF), member(office_a, Role.STAFF)
    about = _alerts(office_a, [anna, piotr])
    other = _alerts(office_a, [anna], subject=alert_subject("scanrequests.request", 18))
    untagged = _alerts(office_a, [anna], subject="")
    with in_office(office_a):
        assert alerts_resolve(subject=SUBJECT) == 2
        assert [_read(a) for a in about + other + untagged] == [True, True, False, False]
        assert alerts_resolve(subject=SUBJECT) == 0
        assert alerts_resolve(subject="") == 0
        assert not _read(untagged[0])


def test_resolving_for_one_person_reads_only_theirs(office_a):
    anna, piotr = member(office_a, Role.STAFF), member(office_a, Role.STAFF)
    mine, theirs = _alerts(office_a, [anna, piotr])
    with in_office(office_a):
        assert alerts_resolve(subject=SUBJECT, user=anna) == 1
        assert _read(mine) and not _read(theirs)
