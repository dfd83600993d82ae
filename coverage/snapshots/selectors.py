"""Reads of stored figures that every part of the app shares: the latest, the previous, those of one date."""
import datetime

from django.db import models
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coverage.models import CoverageSnapshot, Regency


class Figures(models.TextChoices):
    """Which figures the officials' pages count (`figures=`); a returned figure never counts anywhere."""

    ALL = "all", _("all figures (provisional ones marked)")
    APPROVED = "approved", _("approved figures only")


COUNTED_STATUSES = {
    Figures.ALL: (CoverageSnapshot.Status.SUBMITTED, CoverageSnapshot.Status.APPROVED),
    Figures.APPROVED: (CoverageSnapshot.Status.APPROVED,),
}


def counted(figures: str = Figures.ALL, *, prefix: str = "") -> Q:
    """The condition on a snapshot (or on `prefix`, e.g. "snapshots__") that makes it count under `figures`."""
    return Q(**{f"{prefix}status__in": COUNTED_STATUSES[figures]})


def latest_snapshots(*, as_of: datetime.date, province=None, regency_ids=None,
                     figures: str = Figures.ALL) -> QuerySet[CoverageSnapshot]:
    """Each regency's latest counted snapshot on or before `as_of` (of one province, or of the given regencies),
    in one query.

    Driven from the regencies so that the database does one index seek on (regency, as_of) per
    regency, whatever the length of the history.
    """
    regencies = Regency.objects.all() if province is None else Regency.objects.filter(province=province)
    if regency_ids is not None:
        regencies = regencies.filter(pk__in=regency_ids)
    latest_pk = (
        CoverageSnapshot.objects.filter(counted(figures), regency=OuterRef("pk"), as_of__lte=as_of)
        .order_by("-as_of")
        .values("pk")[:1]
    )
    return CoverageSnapshot.objects.filter(
        pk__in=regencies.annotate(latest_pk=Subquery(latest_pk)).values("latest_pk")
    ).select_related("regency__province")


def previous_snapshot(*, regency, before: datetime.date) -> CoverageSnapshot | None:
    """The regency's latest counted snapshot strictly before a date, for plausibility and pre-filling."""
    return regency.snapshots.filter(counted(), as_of__lt=before).order_by("-as_of").first()


def previous_snapshots(*, regency_ids, before: datetime.date) -> dict[int, CoverageSnapshot]:
    """Each given regency's latest counted snapshot strictly before a date, keyed by regency id, in one query."""
    return {
        snapshot.regency_id: snapshot
        for snapshot in latest_snapshots(as_of=before - datetime.timedelta(days=1), regency_ids=regency_ids)
    }


def snapshots_on(*, regency_ids, as_of: datetime.date) -> dict[int, CoverageSnapshot]:
    """The snapshots of the given regencies dated exactly `as_of`, keyed by regency id."""
    return {
        snapshot.regency_id: snapshot
        for snapshot in CoverageSnapshot.objects.filter(regency_id__in=regency_ids, as_of=as_of)
    }


def snapshots_between(*, regency_ids, first: datetime.date, last: datetime.date) -> dict:
    """The snapshots of the given regencies dated from `first` to `last`, keyed by (regency id, date)."""
    snapshots = CoverageSnapshot.objects.filter(regency_id__in=regency_ids, as_of__range=(first, last))
    return {(snapshot.regency_id, snapshot.as_of): snapshot for snapshot in snapshots.select_related("regency")}


def latest_month_end(today: datetime.date | None = None) -> datetime.date:
    """The latest month's end on or before `today` (by default today in TIME_ZONE): the cut-off field staff are due."""
    today = today or timezone.localdate()
    if (today + datetime.timedelta(days=1)).day == 1:
        return today
    return today.replace(day=1) - datetime.timedelta(days=1)


def latest_sources(*, as_of: datetime.date, province=None, figures: str = Figures.ALL) -> list[str]:
    """The sources named by the latest figures on or before `as_of` (of one province, or all), each once, in order."""
    sources = latest_snapshots(as_of=as_of, province=province, figures=figures).exclude(source="").order_by("source")
    return list(sources.values_list("source", flat=True).distinct())
