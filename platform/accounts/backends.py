from django.contrib.auth.backends import ModelBackend

from accounts.selectors import person_get


def login_username(request, credentials: dict) -> str:
    """The e-mail a sign-in attempt is counted under (django-axes): as the backend reads it."""
    return (credentials.get("email") or credentials.get("username") or "").strip().lower()


class EmailBackend(ModelBackend):
    """E-mail login, case-insensitive (people type their address the way they like)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (kwargs.get("email") or username or "").strip().lower()
        return super().authenticate(request, username=email, password=password)

    def get_user(self, user_id):
        """The session's person, as ModelBackend.get_user() gives it (None when gone or
        inactive), with their memberships read in the same query (accounts.selectors)."""
        user = person_get(user_id=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
