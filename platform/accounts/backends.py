from django.contrib.auth.backends import ModelBackend
from django.db import connection

from accounts.models import User
from common.db import Columns

_USER = Columns(User)
# Written out (see common.db): every signed-in request loads its person.
_USER_BY_ID = f"SELECT {_USER.sql} FROM accounts_user WHERE accounts_user.id = %s"


class EmailBackend(ModelBackend):
    """E-mail login, case-insensitive (people type their address the way they like)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (kwargs.get("email") or username or "").strip().lower()
        return super().authenticate(request, username=email, password=password)

    def get_user(self, user_id):
        """The session's person, as ModelBackend.get_user() gives it (None when gone or
        inactive)."""
        with connection.cursor() as cursor:
            cursor.execute(_USER_BY_ID, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        user = _USER.build(row)
        return user if self.user_can_authenticate(user) else None
