"""The Frictionless Data Package (https://specs.frictionlessdata.io/) describing the API's CSV downloads."""
from coverage.api import resources
from coverage.api.columns import DATE, DECIMAL, INTEGER

# Table Schema's names for the columns' types; a decimal is a `number` written with "." and no separators.
_TABLE_SCHEMA_TYPES = {INTEGER: "integer", DECIMAL: "number", DATE: "date"}


def _schema(table) -> dict:
    schema = {
        "fields": [
            {"name": name, "type": _TABLE_SCHEMA_TYPES.get(kind, "string")}
            | ({"constraints": {"required": True}} if name in table.primary_key else {})
            for name, kind in table.types.items()
        ],
        # The exports write "no value" as an empty cell.
        "missingValues": [""],
    }
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [column], "reference": {"resource": other, "fields": [its_column]}}
            for column, other, its_column in table.foreign_keys
        ]
    return schema


def data_package(*, urls: dict[str, str], license: dict) -> dict:
    """The descriptor: each table of resources.DATA_PACKAGE at its URL (`urls`, by table name), under `license`."""
    return {
        "name": "ucj-tracker",
        "title": "UCJ Tracker: Universal Coverage Jamsostek by regency",
        "description": "Active participants of BPJS Ketenagakerjaan (BPJamsostek) against the working population "
                       "of each Indonesian regency, with the regions and the coverage targets; places by their "
                       "Kemendagri codes.",
        "profile": "tabular-data-package",
        "licenses": [license],
        "resources": [
            {
                "name": table.name, "title": table.title, "description": table.description,
                "path": urls[table.name], "profile": "tabular-data-resource",
                "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": _schema(table),
            }
            for table in resources.DATA_PACKAGE
        ],
    }
