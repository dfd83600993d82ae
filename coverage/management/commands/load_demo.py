"""Load the national demo: every regency up to last month, targets, one user per role."""
from django.core.management.base import BaseCommand, CommandError

from coverage.demo import demo_load
from coverage.models import CoverageSnapshot, Province


class Command(BaseCommand):
    help = ("Load the demo: every regency at every month-end from January 2024 up to last month (Bali's 31 March 2025 "
            "as published), targets, and demo users (petugas, penyetuju, pejabat, admin); running it again adds "
            "nothing that is stored.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for demo users created by this run (default: a random one per user, printed once).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any snapshot is already stored."
        )

    def handle(self, *args, password=None, if_empty=False, **options):
        if if_empty and CoverageSnapshot.objects.exists():
            self.stdout.write("Snapshots are already stored; the demo is not loaded.")
            return
        if not Province.objects.filter(code="51").exists():
            raise CommandError("Bali is not loaded: run `python manage.py load_regions` first.")
        result = demo_load(password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo: {result.snapshots_created} snapshots and {result.targets_created} targets created."
            )
        )
        if result.passwords:
            self.stdout.write("Demo accounts (the passwords are shown only this once):")
            for username, user_password in result.passwords.items():
                self.stdout.write(f"  {username:<8} {user_password}")
        else:
            self.stdout.write("Demo accounts already existed; their passwords are unchanged.")
