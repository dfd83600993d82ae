"""`/api/v1/`: the read-only JSON API, its CSV downloads and data package, its OpenAPI description and docs."""
import re

from csp.decorators import csp_update
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from coverage.api import datapackage, filters, guards, paging, resources, schema, selectors
from coverage.api.columns import json_value
from coverage.history.filters import SnapshotHistoryFilter
from coverage.history.selectors import HISTORY_COLUMNS, history_export_rows
from coverage.models import PROVINCE_CODE, REGENCY_CODE, CoverageSnapshot
from coverage.rankings import selectors as rankings
from coverage.rankings.filters import RankingFilterForm
from coverage.web import exports


class ApiView(APIView):
    """GET (and HEAD) only, for a session or a token (or anyone with PUBLIC_API), within the rate limits."""

    http_method_names = ["get", "head"]
    authentication_classes = [guards.BearerTokenAuthentication, SessionAuthentication]
    permission_classes = [guards.MayRead]
    throttle_classes = [guards.TokenRateThrottle]
    renderer_classes = [JSONRenderer]
    parser_classes = []

    def initial(self, request, *args, **kwargs):
        # Before authentication: another method is 405 for everyone, and the address's limit counts refused and
        # signed-out requests too (DRF would only throttle requests that passed).
        if request.method.lower() not in self.http_method_names:
            raise exceptions.MethodNotAllowed(request.method)
        by_address = guards.AddressRateThrottle()
        if not by_address.allow_request(request, self):
            self.throttled(request, by_address.wait())
        super().initial(request, *args, **kwargs)


class _JsonErrors(DefaultContentNegotiation):
    """A download answers its refusals in JSON, whatever the client accepts (`text/csv` included)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CsvView(ApiView):
    content_negotiation_class = _JsonErrors


def _one(selector, code: str, pattern: str, columns, message):
    """The row of one place, or 404 naming the code."""
    # A code that cannot be one is not looked up: PostgreSQL refuses text such as "51\x00" outright.
    row = selector(code=code).first() if re.fullmatch(pattern, code) else None
    if row is None:
        raise exceptions.NotFound(message % {"code": code[:20]})
    return Response(dict(zip(columns, map(json_value, row), strict=True)))


class Index(ApiView):
    @extend_schema(operation_id="index", summary="The lists of the API, by name",
                   responses={200: dict, **schema.REFUSALS})
    def get(self, request):
        names = ("provinces", "regencies", "snapshots", "regency_ranking", "province_ranking", "targets",
                 "datapackage", "schema", "docs")
        return Response({name: request.build_absolute_uri(reverse(f"api:{name}")) for name in names})


class Provinces(ApiView):
    @extend_schema(operation_id="provinces_list", summary="Provinces", parameters=schema.NUMBERED,
                   responses={200: schema.page(resources.PROVINCES), **schema.REFUSALS})
    def get(self, request):
        return Response(paging.numbered_page(request, selectors.provinces(), columns=resources.PROVINCES.columns))


class Province(ApiView):
    @extend_schema(operation_id="province_retrieve", summary="One province",
                   responses={200: schema.row(resources.PROVINCES), **schema.REFUSALS, **schema.NOT_FOUND})
    def get(self, request, code):
        return _one(selectors.provinces, code, PROVINCE_CODE, resources.PROVINCES.columns,
                    _("No province has the code “%(code)s”."))


class Regencies(ApiView):
    @extend_schema(operation_id="regencies_list", summary="Regencies (kabupaten and kota)",
                   parameters=schema.form_parameters(filters.RegencyFilterForm()) + schema.NUMBERED,
                   responses={200: schema.page(resources.REGENCIES), **schema.REFUSALS})
    def get(self, request):
        return Response(paging.numbered_page(request, selectors.regencies(**filters.regency_arguments(request)),
                                             columns=resources.REGENCIES.columns))


class Regency(ApiView):
    @extend_schema(operation_id="regency_retrieve", summary="One regency",
                   responses={200: schema.row(resources.REGENCIES), **schema.REFUSALS, **schema.NOT_FOUND})
    def get(self, request, code):
        return _one(selectors.regencies, code, REGENCY_CODE, resources.REGENCIES.columns,
                    _("No regency has the code “%(code)s”."))


_HISTORY_PARAMETERS = schema.form_parameters(SnapshotHistoryFilter(queryset=CoverageSnapshot.objects.none()).form)


class Snapshots(ApiView):
    @extend_schema(operation_id="snapshots_list", summary="Snapshots (the history)",
                   parameters=_HISTORY_PARAMETERS + schema.KEYSET,
                   responses={200: schema.page(resources.HISTORY), **schema.REFUSALS})
    def get(self, request):
        return Response(paging.keyset_page(request, filters.filtered_snapshots(request)))


def _ranking_page(request, ranking, *, with_province: bool, resource):
    """A ranking's page: the pages' parameters, narrowed to one outlook where asked, rows as the export's."""
    arguments = filters.ranking_arguments(request, with_province=with_province)
    outlook = arguments.pop("outlook")
    rows = rankings.with_outlook(ranking(**arguments), outlook)
    return Response(paging.numbered_page(request, (row.export_row() for row in rows), columns=resource.columns))


class RegencyRanking(ApiView):
    @extend_schema(operation_id="regency_ranking_list", summary="Regencies ranked by coverage",
                   parameters=schema.form_parameters(RankingFilterForm(with_outlook=True)) + schema.NUMBERED,
                   responses={200: schema.page(resources.REGENCY_RANKING), **schema.REFUSALS})
    def get(self, request):
        return _ranking_page(request, rankings.regency_ranking, with_province=True,
                             resource=resources.REGENCY_RANKING)


class ProvinceRanking(ApiView):
    @extend_schema(operation_id="province_ranking_list", summary="Provinces ranked by coverage",
                   parameters=schema.form_parameters(RankingFilterForm(with_province=False, with_outlook=True))
                   + schema.NUMBERED,
                   responses={200: schema.page(resources.PROVINCE_RANKING), **schema.REFUSALS})
    def get(self, request):
        return _ranking_page(request, rankings.province_ranking, with_province=False,
                             resource=resources.PROVINCE_RANKING)


class Targets(ApiView):
    @extend_schema(operation_id="targets_list", summary="Coverage targets",
                   parameters=schema.form_parameters(filters.TargetFilterForm()) + schema.NUMBERED,
                   responses={200: schema.page(resources.TARGETS), **schema.REFUSALS})
    def get(self, request):
        rows = selectors.targets(**filters.target_arguments(request))
        return Response(paging.numbered_page(request, rows, columns=resources.TARGETS.columns))


class DataPackage(ApiView):
    @extend_schema(operation_id="datapackage", summary="Frictionless Data Package of the CSV downloads",
                   responses={200: OpenApiResponse(dict, description="datapackage.json"), **schema.REFUSALS})
    def get(self, request):
        urls = {table.name: request.build_absolute_uri(reverse(f"api:{table.name}_csv"))
                for table in resources.DATA_PACKAGE}
        return Response(datapackage.data_package(urls=urls, license=settings.OPEN_DATA_LICENSE))


class ProvincesCsv(CsvView):
    @extend_schema(operation_id="provinces_csv", summary="Provinces (CSV)", responses={**schema.CSV, **schema.REFUSALS})
    def get(self, request):
        return exports.csv_response(columns=resources.PROVINCES.columns, rows=selectors.provinces(),
                                    filename="ucj-provinces")


class RegenciesCsv(CsvView):
    @extend_schema(operation_id="regencies_csv", summary="Regencies (CSV)",
                   parameters=schema.form_parameters(filters.RegencyFilterForm()),
                   responses={**schema.CSV, **schema.REFUSALS})
    def get(self, request):
        return exports.csv_response(columns=resources.REGENCIES.columns,
                                    rows=selectors.regencies(**filters.regency_arguments(request)),
                                    filename="ucj-regencies")


class HistoryCsv(CsvView):
    @extend_schema(operation_id="snapshots_csv", summary="Snapshots (CSV): the history export",
                   parameters=_HISTORY_PARAMETERS, responses={**schema.CSV, **schema.REFUSALS})
    def get(self, request):
        return exports.csv_response(columns=HISTORY_COLUMNS,
                                    rows=history_export_rows(filters.filtered_snapshots(request)),
                                    filename=f"ucj-history-{timezone.localdate():%Y-%m-%d}")


class TargetsCsv(CsvView):
    @extend_schema(operation_id="targets_csv", summary="Coverage targets (CSV)",
                   parameters=schema.form_parameters(filters.TargetFilterForm()),
                   responses={**schema.CSV, **schema.REFUSALS})
    def get(self, request):
        return exports.csv_response(columns=resources.TARGETS.columns,
                                    rows=selectors.targets(**filters.target_arguments(request)), filename="ucj-targets")


# The description and the docs hold no figures: open to anyone, so that a portal's developers can read them
# before they are given a token.
_OPEN = {"authentication_classes": [], "permission_classes": [AllowAny],
         "throttle_classes": [guards.AddressRateThrottle]}


class OpenApi(SpectacularJSONAPIView):
    http_method_names = ["get", "head"]


class Docs(SpectacularSwaggerSplitView):
    """Swagger UI from the app's static files; its start script is a file too (`?script`), for the CSP."""

    http_method_names = ["get", "head"]
    template_name = "coverage/api/docs.html"
    url_name = "api:schema"


openapi = OpenApi.as_view(**_OPEN)
# Swagger UI's stylesheet draws its icons (select arrows, checkboxes, copy buttons, toggles) as data: images.
# This page alone also allows images from data: URLs: an image cannot run code, and scripts and styles stay
# limited to our own files. Overriding each icon in our CSS instead would break with each Swagger UI release.
docs = csp_update({"img-src": ["data:"]})(Docs.as_view(**_OPEN))
