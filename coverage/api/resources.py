"""The tables the API publishes: their columns (the exports' keys), each column's type, their keys.

The columns are the tuples that the exports use, imported, so a column added there is published here too.
"""
from dataclasses import dataclass

from coverage.api import selectors
from coverage.api.columns import INTEGER, column_types
from coverage.history.selectors import HISTORY_COLUMNS
from coverage.models import CoverageSnapshot, Province, Regency, Target
from coverage.rankings.selectors import (
    PROVINCE_RANKING_COLUMNS,
    REGENCY_RANKING_COLUMNS,
    ProvinceRankRow,
    RegencyRankRow,
)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: tuple[str, ...]
    types: dict[str, str]
    primary_key: tuple[str, ...] = ()
    # (column, table, its column): each value of the column is a value of the other table's column.
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    description: str = ""


PROVINCES = Table(
    "provinces", "Provinces", selectors.PROVINCE_COLUMNS,
    column_types(selectors.PROVINCE_COLUMNS, model=Province) | {"regencies_total": INTEGER},
    primary_key=("code",),
    description="The 38 provinces by Kemendagri code, with how many regencies (kabupaten and kota) each has.",
)
REGENCIES = Table(
    "regencies", "Regencies", selectors.REGENCY_COLUMNS, column_types(selectors.REGENCY_COLUMNS, model=Regency),
    primary_key=("code",), foreign_keys=(("province", "provinces", "code"),),
    description="The 514 regencies (kabupaten) and cities (kota) by Kemendagri code; `province` is the code of "
                "their province.",
)
HISTORY = Table(
    "history", "Coverage snapshots", HISTORY_COLUMNS, column_types(HISTORY_COLUMNS, model=CoverageSnapshot),
    primary_key=("code", "as_of"), foreign_keys=(("code", "regencies", "code"),),
    description="Active participants of BPJS Ketenagakerjaan and working population of each regency, as of each "
                "cut-off date; coverage_pct = participants / working_population x 100, rounded half-up.",
)
TARGETS = Table(
    "targets", "Coverage targets", selectors.TARGET_COLUMNS, column_types(selectors.TARGET_COLUMNS, model=Target),
    primary_key=("code", "year", "source"),
    # No foreign key: a code is a province's or a regency's, and a key names one table.
    description="Yearly coverage targets (%) by source; `code` is a province's code, or a regency's for a regency's "
                "own target (which applies instead of its province's).",
)
REGENCY_RANKING = Table(
    "regency_ranking", "Regency ranking", REGENCY_RANKING_COLUMNS,
    column_types(REGENCY_RANKING_COLUMNS, row_class=RegencyRankRow),
)
PROVINCE_RANKING = Table(
    "province_ranking", "Province ranking", PROVINCE_RANKING_COLUMNS,
    column_types(PROVINCE_RANKING_COLUMNS, row_class=ProvinceRankRow),
)
# The data package's resources, in an order where each table comes after those its keys refer to.
DATA_PACKAGE = (PROVINCES, REGENCIES, HISTORY, TARGETS)
