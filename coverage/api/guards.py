"""Who may read the API and how often: a session or a bearer token, PUBLIC_API, rate limits per token and address."""
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from coverage.api import selectors, services
from coverage.models import ApiToken
from coverage.security.audit import client_ip, security_event

KEYWORD = "Bearer"


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`: the token's user, as long as the token is not revoked."""

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != KEYWORD.lower().encode():
            return None  # no token: the session (or nobody) decides
        token = selectors.api_token(words[1].decode("latin-1")) if len(words) == 2 else None
        # Logged with Django's request: DRF's would ask this very method who the user is, again.
        if token is None:
            security_event(request._request, "api_token_refused")
            raise exceptions.AuthenticationFailed(_("This token is not valid: it is unknown or was revoked."))
        if not token.user.is_active:
            # A real token whose owner may no longer read: 403, so that its holder asks an administrator
            # instead of trying again with the same token.
            security_event(request._request, "api_token_refused", token=token.prefix, owner=token.user.get_username())
            raise exceptions.PermissionDenied(_("The account this token belongs to is deactivated."))
        services.api_token_used(token=token)
        return token.user, token

    def authenticate_header(self, request):
        # Its presence makes a request without credentials a 401 (with this header) rather than a 403.
        return f'{KEYWORD} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI description names the token (drf-spectacular finds it by `target_class`)."""

    target_class = BearerTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix=KEYWORD)


class MayRead(BasePermission):
    """Signed in (session or token), or anyone while the setting PUBLIC_API is on."""

    def has_permission(self, request, view):
        return request.user.is_authenticated or settings.PUBLIC_API


class _SettingsRate(SimpleRateThrottle):
    """A rate from the setting API_RATE_LIMITS, read on each request (DRF would read it once, at import)."""

    cache_format = "ucj_api_throttle_%(scope)s_%(ident)s"

    def get_rate(self):
        return settings.API_RATE_LIMITS[self.scope]


class TokenRateThrottle(_SettingsRate):
    """Requests per token, whichever address they come from."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AddressRateThrottle(_SettingsRate):
    """Requests per client address, signed in, with a token, refused or anonymous alike."""

    scope = "address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "-"}
