from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """E-mail login, case-insensitive (people type their address the way they like)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (kwargs.get("email") or username or "").strip().lower()
        return super().authenticate(request, username=email, password=password)
