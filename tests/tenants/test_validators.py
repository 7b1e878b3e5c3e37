import pytest
from django.core.exceptions import ValidationError

from tenants.validators import validate_office_slug, validate_schema_name


@pytest.mark.parametrize("slug", ["www", "api", "admin", "console", "static", "mail", "template"])
def test_reserved_slugs_are_refused(slug):
    with pytest.raises(ValidationError) as info:
        validate_office_slug(slug)
    assert info.value.code == "reserved_slug"


@pytest.mark.parametrize(
    "slug",
    ["", "ab", "-abc", "abc-", "Abc", "ab_c", "ab.c", "a" * 33, "biuro--x", "żółw", "a b c"],
)
def test_invalid_slugs_are_refused(slug):
    with pytest.raises(ValidationError) as info:
        validate_office_slug(slug)
    assert info.value.code == "invalid_slug"


@pytest.mark.parametrize("slug", ["abc", "biuro-warszawa", "office24", "a1b", "x" * 32])
def test_valid_slugs_pass(slug):
    validate_office_slug(slug)


@pytest.mark.parametrize("name", ["t_1", "t_123456", "t_template"])
def test_schema_names_are_opaque(name):
    validate_schema_name(name)


@pytest.mark.parametrize("name", ["public", "demo", "t_", "t_1; DROP", "t_abc", "T_1", "pg_x"])
def test_other_schema_names_are_refused(name):
    with pytest.raises(ValidationError):
        validate_schema_name(name)
