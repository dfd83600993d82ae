"""The API's own reads: the regions, the targets, a keyset page of snapshots, and a token's lookup.

The figures themselves (rankings, the history's rows) come from the pages' selectors in rankings/ and history/.
"""
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from coverage.models import ApiToken, Province, Regency, Target

PROVINCE_COLUMNS = ("code", "name", "regencies_total")
REGENCY_COLUMNS = ("code", "name", "kind", "province")
TARGET_COLUMNS = ("code", "year", "percent", "source", "note")


def provinces(*, code: str | None = None) -> QuerySet:
    """Rows of PROVINCE_COLUMNS, by code; one query."""
    rows = Province.objects.order_by("code").annotate(regencies_total=Count("regencies"))
    if code is not None:
        rows = rows.filter(code=code)
    return rows.values_list(*PROVINCE_COLUMNS)


def regencies(*, province: Province | None = None, code: str | None = None) -> QuerySet:
    """Rows of REGENCY_COLUMNS (`province` is the province's code), by code; one query."""
    rows = Regency.objects.order_by("code")
    if province is not None:
        rows = rows.filter(province=province)
    if code is not None:
        rows = rows.filter(code=code)
    return rows.values_list("code", "name", "kind", "province__code")


def targets(*, year: int | None = None, source: str | None = None, province: Province | None = None) -> QuerySet:
    """Rows of TARGET_COLUMNS: every target, or those of a year, a source, a province and its regencies; one query.

    `code` is the target's place: a province's code, or a regency's for a regency's own target.
    """
    rows = Target.objects.annotate(code=Coalesce("province__code", "regency__code")).order_by("-year", "code", "source")
    if year is not None:
        rows = rows.filter(year=year)
    if source:
        rows = rows.filter(source=source)
    if province is not None:
        rows = rows.filter(Q(province=province) | Q(regency__province=province))
    return rows.values_list(*TARGET_COLUMNS)


def keyset_slice(snapshots: QuerySet, *, after=None, before=None, size: int) -> QuerySet:
    """The `size` snapshots next to a key (as_of, regency code), and one more to tell whether there are more.

    In (as_of, code) order after the key or from the start, in reverse order before it. The key is compared in
    the database instead of skipping rows with OFFSET, so that the last page of the national history costs what
    the first does; `as_of` alone also bounds the range, so that its index finds the start.
    """
    if after is not None:
        as_of, code = after
        snapshots = snapshots.filter(Q(as_of__gt=as_of) | Q(as_of=as_of, regency__code__gt=code), as_of__gte=as_of)
    elif before is not None:
        as_of, code = before
        snapshots = snapshots.filter(Q(as_of__lt=as_of) | Q(as_of=as_of, regency__code__lt=code), as_of__lte=as_of)
    order = ("-as_of", "-regency__code") if before is not None else ("as_of", "regency__code")
    return snapshots.order_by(*order)[: size + 1]


def api_token(token: str) -> ApiToken | None:
    """The unrevoked token with this value, with its user; one query."""
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True)
        .first()
    )


def api_tokens_of(user) -> QuerySet[ApiToken]:
    """A user's tokens, newest first, revoked ones included (they say when and by whom)."""
    return user.api_tokens.order_by("-created_at")
