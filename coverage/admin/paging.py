"""Admin lists over very long tables: counts, pages and date drill-downs that do not read every row."""
import datetime

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Below this many rows an exact COUNT(*) is cheap enough, and exact.
ESTIMATE_ABOVE = 100_000
# A filtered list is counted up to this many rows, then said to have "more than" that many: counting every
# match of a loose filter (the source "demo") reads most of the table, on every page.
COUNT_CAP = 10_000


class EstimatedCountPaginator(Paginator):
    """Counts and pages of a long admin list: a count that does not read the table, pages that read little of it.

    The count of an unfiltered list is the planner's estimate on PostgreSQL; a filtered list's is exact up to
    `count_cap`. A page is found in two steps (a "deferred join"): its primary keys by OFFSET/LIMIT over the
    ordering's columns only, then those rows with their joins. OFFSET still passes over the rows before the page,
    which no numbered page avoids, but over narrow index entries instead of whole rows joined to three tables.
    """

    count_cap = COUNT_CAP  # None counts every match (as the list did before: bench/admin_list.py compares)
    count_is_estimate = False
    count_is_capped = False

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        if not queryset.query.where:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                        [queryset.model._meta.db_table],
                    )
                    estimate = cursor.fetchone()[0]
                if estimate > ESTIMATE_ABOVE:
                    self.count_is_estimate = True
                    return estimate
        elif self.count_cap is not None:
            # Unordered, so that the database stops at the first count_cap + 1 matches it meets.
            count = queryset.order_by()[: self.count_cap + 1].count()
            self.count_is_capped = count > self.count_cap
            return min(count, self.count_cap)
        return super().count

    def page(self, number):
        page = super().page(number)
        # One query still: the page's keys are a subquery, the rows are sorted again (a hundred of them).
        page.object_list = self.object_list.filter(pk__in=page.object_list.values("pk"))
        return page


def _next_period(start: datetime.date, kind: str) -> datetime.date:
    if kind == "year":
        return start.replace(year=start.year + 1)
    return start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)


class ProbedDatesQuerySet(QuerySet):
    """`dates()` by years or months found with one index seek each, not a DISTINCT over every row.

    The admin's date hierarchy asks `dates(field, "year")` on every load of the list; on a table
    of hundreds of thousands of snapshots that is a full scan, while there are only a dozen years.
    Each seek asks for the first date on or after the next period (a "loose index scan").
    """

    @classmethod
    def from_queryset(cls, queryset: QuerySet) -> "ProbedDatesQuerySet":
        return cls(model=queryset.model, query=queryset.query.chain(), using=queryset._db, hints=queryset._hints)

    def dates(self, field_name, kind, order="ASC"):
        if kind not in ("year", "month"):
            return super().dates(field_name, kind, order)
        dates = self.order_by(field_name).values_list(field_name, flat=True)
        periods = []
        found = dates.first()
        while found is not None:
            period = found.replace(month=1 if kind == "year" else found.month, day=1)
            periods.append(period)
            found = dates.filter(**{f"{field_name}__gte": _next_period(period, kind)}).first()
        return periods if order == "ASC" else periods[::-1]
