"""`/history/`'s table: column names are the export's keys; the page renders the cells itself."""
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableQuerysetData

from coverage.models import CoverageSnapshot
from coverage.web.tables import number_column


class OrderedWithTieBreak(TableQuerysetData):
    """Sorts in the database and then by id, so that rows with equal values keep their place across pages."""

    def order_by(self, aliases):
        super().order_by(aliases)
        self.data = self.data.order_by(*self.data.query.order_by, "pk")


class SnapshotHistoryTable(tables.Table):
    """`/history/`: column names are the export's keys; the page renders the cells itself."""

    regency = tables.Column(verbose_name=_("Regency"), order_by=("regency__name",))
    as_of = tables.Column(verbose_name=CoverageSnapshot.label("as_of"))
    # Phones leave out the code and the province (the regency's name says enough there).
    code = tables.Column(verbose_name=_("Code"), accessor="regency__code", order_by=("regency__code",),
                         attrs={"th": {"class": "wide-only"}})
    province = tables.Column(verbose_name=_("Province"), accessor="regency__province",
                             order_by=("regency__province__code",), attrs={"th": {"class": "wide-only"}})
    participants = number_column(CoverageSnapshot.label("participants"))
    working_population = number_column(CoverageSnapshot.label("working_population"))
    coverage_pct = number_column(_("Coverage (%)"), accessor="coverage_percent", order_by=("coverage_ratio",))
    pu = number_column("PU")
    bpu = number_column("BPU")
    jakon = number_column("Jakon")
    pmi = number_column("PMI")
    source = tables.Column(verbose_name=CoverageSnapshot.label("source"))

    def __init__(self, snapshots, **kwargs):
        super().__init__(OrderedWithTieBreak(snapshots), **kwargs)

    class Meta:
        orderable = True
        order_by_field = "sort"
        sequence = ("regency", "as_of", "code", "province", "participants", "working_population", "coverage_pct",
                    "pu", "bpu", "jakon", "pmi", "source")
