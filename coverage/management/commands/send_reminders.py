"""Send today's reminders (meant to run daily, from cron or a systemd timer; README: Deadlines and reminders)."""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coverage.reporting import reminders


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date written as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = ("Email field staff and supervisors what is theirs to do for the cut-offs whose reminder day it is: one "
            "email a person a day at most; a second run the same day sends nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--today", type=iso_date, help="The day to send for, YYYY-MM-DD (default: today).")
        parser.add_argument("--dry-run", action="store_true", help="Print who would get what; send nothing.")

    def handle(self, *args, today=None, dry_run=False, **options):
        day = today or timezone.localdate()
        if dry_run:
            due = reminders.reminders_due(day=day)
            for reminder in due:
                self.stdout.write(f"would send: {reminders.describe(reminder)}")
                for item in reminder.items:
                    self.stdout.write(f"  {item.as_of} {item.regency.code} {item.regency.name}: {item.wanted}")
            self.stdout.write(f"{day}: {len(due)} reminder(s) would be sent (dry run: nothing sent).")
            return
        outcome = reminders.reminders_send(day=day)
        for reminder in outcome.sent:
            self.stdout.write(f"sent: {reminders.describe(reminder)}")
        for reminder, reason in outcome.failed:
            self.stderr.write(f"not reached: {reminders.describe(reminder)}: {reason}")
        self.stdout.write(f"{day}: {len(outcome.sent)} reminder(s) sent.")
        if outcome.failed:
            raise CommandError(f"{len(outcome.failed)} reminder(s) not sent: the mail server refused them. They are "
                               "not logged, so the next run tries again.")
