import pytest
from django.utils import translation

from modules.helpdesk.forms import CategoryForm, TeamForm
from modules.helpdesk.views.sla import SlaPolicyForm


@pytest.mark.parametrize(("language", "word"), [("pl", "Nazwa"), ("sk", "Názov"), ("en", "Name")])
@pytest.mark.parametrize("form", [CategoryForm, TeamForm, SlaPolicyForm])
def test_a_category_team_or_policy_has_a_name_not_a_persons_name(form, language, word):
    with translation.override(language):
        assert str(form.base_fields["name"].label) == word
