"""Token authentication that counts wrong tokens per client address.

DRF authenticates before it throttles, so a wrong token would be refused (401) without ever
meeting a throttle: guessing tokens would be free. Each wrong token counts against the
caller's address (common.ratelimit); past the limit every token call from it answers 429.
"""

from django.conf import settings
from rest_framework import authentication, exceptions

from common.middleware import client_ip
from common.ratelimit import rate_limit_hit, rate_limit_reached

SCOPE = "api-bad-token"


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        limit, seconds = settings.API_BAD_TOKEN_LIMIT
        address = client_ip(request._request) or "unknown"
        if rate_limit_reached(scope=SCOPE, value=address, limit=limit):
            raise exceptions.Throttled(wait=seconds)
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            rate_limit_hit(scope=SCOPE, value=address, limit=limit, seconds=seconds)
            raise
