import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from common.text import INVISIBLE_ONLY
from modules.helpdesk.models import Category, CategoryField, SlaPolicy, Team
from modules.helpdesk.services import category_create, field_create, team_save
from modules.helpdesk.sla import sla_policy_create
from tests.helpers.offices import OfficeClient, in_office, member

pytestmark = pytest.mark.django_db

NOTHING_SHOWN = "\u202e\u200b \u2060"


def _field_of(refused) -> list[str]:
    return list(refused.value.message_dict)


def test_names_that_show_nothing_are_refused_by_the_services(office_a):
    with in_office(office_a):
        with pytest.raises(ValidationError) as refused:
            category_create(actor=None, name=NOTHING_SHOWN)
        assert _field_of(refused) == ["name_pl"]
        with pytest.raises(ValidationError) as refused:
            team_save(actor=None, name="\u200b\u200b", member_ids=[])
        assert _field_of(refused) == ["name"]
        category = category_create(actor=None, name="Forwarding")
        with pytest.raises(ValidationError) as refused:
            field_create(actor=None, category=category, label="\u202e", kind="text")
        assert _field_of(refused) == ["label"]
        with pytest.raises(ValidationError) as refused:
            sla_policy_create(
                actor=None,
                data={"name": "\ufeff", "first_response_minutes": 60, "resolution_minutes": 120},
            )
        assert _field_of(refused) == ["name"]
        assert list(Category.objects.values_list("name_pl", flat=True)) == ["Forwarding"]
        assert not Team.objects.exists()
        assert not CategoryField.objects.exists()
        assert not SlaPolicy.objects.exists()


def test_a_category_name_that_shows_nothing_comes_back_at_the_field(office_a):
    admin = member(office_a, Role.ADMIN)
    admin.language = "en"
    admin.save(update_fields=["language"])
    response = OfficeClient(office_a, user=admin).post(
        "/administration/helpdesk/categories/", {"name_pl": NOTHING_SHOWN}
    )
    assert response.status_code == 400
    page = response.content.decode()
    error = page[page.index('id="id_name_pl_error"') :][:300]
    assert str(INVISIBLE_ONLY) in error
    with in_office(office_a):
        assert not Category.objects.exists()
