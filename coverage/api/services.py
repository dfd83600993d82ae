"""Making, revoking and noting the use of API tokens: the token is returned once and only its digest stored."""
import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from coverage.models import ApiToken
from coverage.security.audit import security_event

# How often a token's `last_used_at` is written: enough to tell a live token from a forgotten one, without
# a write on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=5)


@transaction.atomic
def api_token_create(*, user, name: str, created_by) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the stored row and the token itself, which is not kept anywhere."""
    value = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=value[: ApiToken.PREFIX_LENGTH],
                     digest=ApiToken.digest_of(value), created_by=created_by)
    token.full_clean()
    token.save()
    security_event(None, "api_token_created", token=token.prefix, owner=user.get_username(),
                   by=created_by.get_username())
    return token, value


@transaction.atomic
def api_token_revoke(*, token: ApiToken, revoked_by) -> None:
    """Revoke a token from now on; a revoked token stays revoked as it was."""
    if token.is_revoked:
        return
    token.revoked_at, token.revoked_by = timezone.now(), revoked_by
    token.save(update_fields=["revoked_at", "revoked_by"])
    security_event(None, "api_token_revoked", token=token.prefix, owner=token.user.get_username(),
                   by=revoked_by.get_username())


def api_token_used(*, token: ApiToken) -> None:
    """Note that the token was used now (at most every LAST_USED_EVERY)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
