import pytest
from django.utils import translation

from modules.helpdesk.forms import CategoryForm, TeamForm
from modules.helpdesk.views.sla import SlaPolicyForm


@pytest.mark.parametrize(("language", "word"), [("pl", "Nazwa"), ("sk", "Názov"), ("en", "Name")])
@pytest.mark.parametrize("form", [TeamForm, SlaPolicyForm])
def test_a_team_or_policy_has_a_name_not_a_persons_name(form, language, word):
    with translation.override(language):
        assert str(form.base_fields["name"].label) == word


@pytest.mark.parametrize(
    ("language", "word"),
    [("pl", "Nazwa (polska)"), ("sk", "Názov (poľský)"), ("en", "Name (Polish)")],
)
def test_a_category_has_a_name_per_language_not_a_persons_name(language, word):
    with translation.override(language):
        assert str(CategoryForm.base_fields["name_pl"].label) == word
