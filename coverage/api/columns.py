"""The type of each column that the API and the data package publish, read from where the column comes from.

A ranking column is a field of its row class (rankings/selectors.py), a history column a field of the snapshot
model; their declared types say what the column holds, so a column that another feature adds to those tuples
is described correctly without being listed here. Columns that are neither (a place's code and name, the
computed coverage) are named by the export's conventions: `*_pct` and `*_pp` are decimals, the rest text.
"""
import dataclasses
import datetime
import types
import typing
from decimal import Decimal

from django.db import models

INTEGER, DECIMAL, DATE, STRING = "integer", "decimal", "date", "string"

_BY_PYTHON_TYPE = {int: INTEGER, Decimal: DECIMAL, datetime.date: DATE, str: STRING}
_BY_MODEL_FIELD = {
    models.IntegerField: INTEGER, models.DecimalField: DECIMAL, models.DateField: DATE, models.CharField: STRING,
    models.TextField: STRING,
}


def _from_annotation(annotation) -> str | None:
    """int / int | None / Optional[int] -> "integer", and so on; None for anything else."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        kinds = {_from_annotation(arg) for arg in typing.get_args(annotation) if arg is not type(None)}
        return kinds.pop() if len(kinds) == 1 else None
    return _BY_PYTHON_TYPE.get(annotation)


def _from_model(model, name) -> str | None:
    try:
        field = model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist, or a reverse relation
        return None
    if field.is_relation:
        return None
    return next((kind for cls, kind in _BY_MODEL_FIELD.items() if isinstance(field, cls)), None)


def column_types(columns, *, row_class=None, model=None) -> dict[str, str]:
    """Each column's type: from `row_class`'s dataclass fields, else `model`'s fields, else its name."""
    annotated = {field.name: field.type for field in dataclasses.fields(row_class)} if row_class else {}
    kinds = {}
    for name in columns:
        kind = _from_annotation(annotated[name]) if name in annotated else None
        kind = kind or (_from_model(model, name) if model else None)
        kinds[name] = kind or (DECIMAL if name.endswith(("_pct", "_pp")) else STRING)
    return kinds


def json_value(value):
    """A value as the API writes it: decimals as strings ("49.90", never a float), dates ISO, None as null."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
