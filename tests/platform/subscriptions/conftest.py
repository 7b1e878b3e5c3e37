from tests.helpers.stripe import fake_stripe  # noqa: F401
