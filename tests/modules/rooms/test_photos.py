import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from common.storage import office_exists
from modules.rooms import services
from modules.rooms.models import RoomPhoto
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.mail.factories import image_bytes
from tests.modules.rooms.factories import open_every_day, room_make

# A JPEG that opens: common.uploads refuses one that does not (file_opens).
JPEG_BYTES = image_bytes("JPEG")
ADMIN_WRITE = {"anonymous": 302, "client": 403, "staff": 403, "other_office": 403}


def _jpeg(name="sala.jpg"):
    return SimpleUploadedFile(name, JPEG_BYTES, content_type="image/jpeg")


@pytest.fixture
def room(office_a):
    with in_office(office_a):
        open_every_day()
        services.settings_update(actor=None, data={"public_booking": True})
        return room_make()


def test_admin_adds_a_photo_shown_on_the_public_page_and_removes_it(
    office_a, room, django_capture_on_commit_callbacks
):
    admin = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    response = admin.post(f"/administration/rooms/{room.pk}/photos/", {"photo": _jpeg()})
    assert response.status_code == 302
    with in_office(office_a):
        photo = RoomPhoto.objects.get()
        assert (photo.content_type, photo.size, photo.original_name) == (
            "image/jpeg",
            len(JPEG_BYTES),
            "sala.jpg",
        )
        assert photo.path.startswith(f"rooms/photos/{room.pk}/")
        assert office_exists(photo.path)
    assert (
        f"/rooms/photos/{photo.pk}/"
        in admin.get(f"/administration/rooms/{room.pk}/").content.decode()
    )
    visitor = OfficeClient(office_a)
    assert f"/rooms/photos/{photo.pk}/" in visitor.get(f"/book/{room.pk}/").content.decode()
    served = visitor.get(f"/rooms/photos/{photo.pk}/")
    assert (served.status_code, served["Content-Type"]) == (200, "image/jpeg")
    assert b"".join(served.streaming_content) == JPEG_BYTES
    with django_capture_on_commit_callbacks(execute=True):
        removed = admin.post(f"/administration/rooms/photos/{photo.pk}/remove/")
    assert removed.status_code == 302
    with in_office(office_a):
        assert not RoomPhoto.objects.exists()
        assert not office_exists(photo.path)


def test_a_file_that_is_not_an_image_is_refused_and_nothing_kept(office_a, room):
    user = member(office_a, Role.ADMIN)
    user.language = "en"
    user.save(update_fields=["language"])
    admin = OfficeClient(office_a, user=user)
    fake = SimpleUploadedFile("sala.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = admin.post(f"/administration/rooms/{room.pk}/photos/", {"photo": fake}, follow=True)
    assert "A photo must be a JPEG or PNG image." in response.content.decode()
    with in_office(office_a):
        assert not RoomPhoto.objects.exists()


def test_photo_of_an_inactive_room_is_for_staff_only(office_a, room):
    with in_office(office_a):
        photo = services.room_photo_add(actor=None, room=room, upload=_jpeg())
        services.room_save(actor=None, room=room, data={"active": False})
    assert OfficeClient(office_a).get(f"/rooms/photos/{photo.pk}/").status_code == 404
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    assert staff.get(f"/rooms/photos/{photo.pk}/").status_code == 200


def test_photo_permissions_and_other_office(office_a, office_b, room):
    with in_office(office_a):
        photo = services.room_photo_add(actor=None, room=room, upload=_jpeg())
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/administration/rooms/photos/{photo.pk}/remove/",
        expect=ADMIN_WRITE,
        unchanged=lambda: RoomPhoto.objects.filter(pk=photo.pk).exists(),
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/administration/rooms/{room.pk}/photos/",
        expect=ADMIN_WRITE,
        unchanged=lambda: RoomPhoto.objects.count() == 1,
    )
    check_cross_office(office_a, office_b, "get", f"/rooms/photos/{photo.pk}/")
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/administration/rooms/photos/{photo.pk}/remove/",
        unchanged=lambda: RoomPhoto.objects.filter(pk=photo.pk).exists(),
    )
