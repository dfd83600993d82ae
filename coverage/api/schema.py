"""The OpenAPI description's parts, built from what the API really uses: the published tables and the forms."""
import functools

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from coverage.api import paging
from coverage.api.columns import DATE, DECIMAL, INTEGER

_FIELDS = {
    INTEGER: lambda: serializers.IntegerField(allow_null=True),
    # Decimals travel as strings ("49.90") so that no client reads them as floats.
    DECIMAL: lambda: serializers.DecimalField(
        max_digits=None, decimal_places=2, coerce_to_string=True, allow_null=True
    ),
    DATE: lambda: serializers.DateField(allow_null=True),
}


@functools.cache
def _row_class(table_name: str, columns: tuple[tuple[str, str], ...]):
    # One class per table: drf-spectacular names a component after its class and refuses two of one name.
    fields = {name: _FIELDS.get(kind, lambda: serializers.CharField(allow_null=True))() for name, kind in columns}
    return type(table_name.title().replace("_", ""), (serializers.Serializer,), fields)


def row(table, **kwargs):
    """One row of a published table: every column, `null` where it has no value."""
    return _row_class(table.name, tuple(table.types.items()))(**kwargs)


def page(table):
    """A list's answer: a page of rows and the links to the pages next to it."""
    return inline_serializer(name=f"{table.name.title().replace('_', '')}Page", fields={
        "results": row(table, many=True),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
    })


def _parameter_type(field):
    if isinstance(field, forms.DateField):
        return OpenApiTypes.DATE
    if isinstance(field, forms.IntegerField):
        return OpenApiTypes.INT
    if isinstance(field, forms.DecimalField):
        return OpenApiTypes.DECIMAL
    return OpenApiTypes.STR


def form_parameters(form) -> list[OpenApiParameter]:
    """A query parameter for each field of a (page's) form, with its label, and its choices where it has some."""
    parameters = []
    for name, field in form.fields.items():
        choices = None
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            choices = [value for value, _label in field.choices if value]
        parameters.append(OpenApiParameter(name, _parameter_type(field), OpenApiParameter.QUERY,
                                           description=field.label or "", enum=choices))
    return parameters


NUMBERED = [
    OpenApiParameter("page", OpenApiTypes.INT, OpenApiParameter.QUERY, description="Page number, from 1."),
    OpenApiParameter("per_page", OpenApiTypes.INT, OpenApiParameter.QUERY,
                     description=f"1..{paging.MAX_PER_PAGE}, {paging.PER_PAGE} by default."),
]
KEYSET = [
    OpenApiParameter("after", OpenApiTypes.STR, OpenApiParameter.QUERY,
                     description="Rows after this position, `YYYY-MM-DD,<regency code>` (from the link `next`)."),
    OpenApiParameter("before", OpenApiTypes.STR, OpenApiParameter.QUERY,
                     description="Rows before this position (from the link `previous`)."),
    NUMBERED[1],
]
_DETAIL = inline_serializer(name="Detail", fields={"detail": serializers.CharField()})
_ERRORS = inline_serializer(name="BadParameters", fields={
    "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
})
REFUSALS = {
    400: OpenApiResponse(_ERRORS, description="A bad parameter: the reason for each, in the request's language."),
    401: OpenApiResponse(_DETAIL, description="Neither a session nor a valid token (unless PUBLIC_API is on)."),
    403: OpenApiResponse(_DETAIL, description="The token's account is deactivated."),
    405: OpenApiResponse(_DETAIL, description="Only GET (and HEAD) are answered."),
    429: OpenApiResponse(_DETAIL, description="Too many requests from this token or address: see Retry-After."),
}
NOT_FOUND = {404: OpenApiResponse(_DETAIL, description="No such code, or no such page.")}
CSV = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV with a header row of the columns.")}
