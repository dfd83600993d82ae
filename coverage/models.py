"""The tables of UCJ Tracker, their database constraints, and small derived properties."""
import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coverage import arithmetic

# BPJS Ketenagakerjaan began on this day; no snapshot can be older.
FIRST_CUT_OFF = datetime.date(2014, 1, 1)
# The largest count a PostgreSQL integer column holds; forms refuse more before the database does.
MAX_COUNT = 2_147_483_647
# Kemendagri codes: a province "51", a regency "51.03" (its province's code, a dot, its own number).
PROVINCE_CODE = r"[0-9]{2}"
REGENCY_CODE = r"[0-9]{2}\.[0-9]{2}"


class Province(models.Model):
    code = models.CharField(
        _("code"), max_length=2, unique=True, help_text=_("Kemendagri code, e.g. 51"),
        validators=[RegexValidator(f"^{PROVINCE_CODE}$", _("A province's code is two digits, e.g. 51."))],
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("province_detail", args=[self.code])


class Regency(models.Model):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Regency (kabupaten)")
        KOTA = "kota", _("City (kota)")

    code = models.CharField(
        _("code"), max_length=5, unique=True, help_text=_("Kemendagri code, e.g. 51.03"),
        validators=[RegexValidator(f"^{REGENCY_CODE}$", _("A regency's code is written like 51.03."))],
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=9, choices=Kind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency")
        verbose_name_plural = _("regencies")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["kabupaten", "kota"]), name="regency_kind_valid"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regency_detail", args=[self.code])

    def clean(self):
        """A regency's code is its province's code, a dot and its own number (51.03 in Bali, 51)."""
        if self.code and self.province_id and not self.code.startswith(f"{self.province.code}."):
            raise ValidationError({"code": ValidationError(
                _("A regency's code starts with its province's code, e.g. %(example)s."),
                code="code_outside_province", params={"example": f"{self.province.code}.01"},
            )})


class CoverageSnapshot(models.Model):
    """How many workers of one regency were active participants, as of one cut-off date."""

    class Status(models.TextChoices):
        # Typed, awaiting review: counted as provisional. Approved: official, locked. Returned: never counted.
        SUBMITTED = "submitted", _("awaiting review")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")

    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="snapshots", verbose_name=_("regency")
    )
    as_of = models.DateField(_("as of"), help_text=_("Cut-off date of the figure, usually a month's end."))
    participants = models.PositiveIntegerField(_("active participants"))
    working_population = models.PositiveIntegerField(_("working population"))
    pu = models.PositiveIntegerField(_("PU (wage earners)"), null=True, blank=True)
    bpu = models.PositiveIntegerField(_("BPU (non-wage earners)"), null=True, blank=True)
    jakon = models.PositiveIntegerField(_("Jakon (construction)"), null=True, blank=True)
    pmi = models.PositiveIntegerField(_("PMI (migrant workers)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=9, choices=Status.choices, default=Status.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    # Carried in edit and review forms so that a save over a version the user did not see is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("last changed by"),
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    SEGMENTS = ("pu", "bpu", "jakon", "pmi")
    COUNTS = ("participants", "working_population", *SEGMENTS)
    # What a person gives for a figure, in this order everywhere: forms, tables, revisions, the admin and files.
    FIGURES = ("as_of", *COUNTS, "source", "note")

    class Meta:
        ordering = ["regency__code", "-as_of"]
        verbose_name = _("coverage snapshot")
        verbose_name_plural = _("coverage snapshots")
        get_latest_by = "as_of"
        permissions = [("review_coveragesnapshot", _("Can approve, return and reopen coverage snapshots"))]
        # Every refusal carries its constraint's name as its code, so that tests and the security log name the rule.
        # Counts are never negative by their columns' own checks (PositiveIntegerField), not by a constraint here.
        constraints = [
            models.UniqueConstraint(
                fields=["regency", "as_of"],
                name="snapshot_one_per_regency_and_date",
                violation_error_message=_("This regency already has a snapshot for this date."),
                violation_error_code="snapshot_one_per_regency_and_date",
            ),
            models.CheckConstraint(
                condition=Q(participants__lte=F("working_population")),
                name="snapshot_participants_within_working_population",
                violation_error_message=_("Participants cannot exceed the working population."),
                violation_error_code="snapshot_participants_within_working_population",
            ),
            models.CheckConstraint(
                condition=Q(working_population__gt=0),
                name="snapshot_working_population_positive",
                violation_error_message=_("The working population must be greater than zero."),
                violation_error_code="snapshot_working_population_positive",
            ),
            models.CheckConstraint(
                condition=Q(pu__isnull=True)
                | Q(bpu__isnull=True)
                | Q(jakon__isnull=True)
                | Q(pmi__isnull=True)
                | Q(participants=F("pu") + F("bpu") + F("jakon") + F("pmi")),
                name="snapshot_segments_add_up",
                violation_error_message=_("PU, BPU, Jakon and PMI must add up to the participants."),
                violation_error_code="snapshot_segments_add_up",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "approved", "returned"]),
                name="snapshot_status_valid",
                violation_error_code="snapshot_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(as_of__gte=FIRST_CUT_OFF),
                name="snapshot_not_before_2014",
                violation_error_message=_("Snapshots cannot be dated before 1 January 2014."),
                violation_error_code="snapshot_not_before_2014",
            ),
        ]
        indexes = [
            # Date-range filters and "which dates exist" across all regencies; with the regency and the key, the
            # admin list finds a page's keys from this index alone (an index-only scan, coverage/admin/paging.py).
            models.Index(fields=["as_of", "regency", "id"], name="snapshot_as_of_regency_idx"),
            # What awaits review, by cut-off (the review page's counts).
            models.Index(fields=["status", "as_of"], name="snapshot_status_as_of_idx"),
        ]

    def __str__(self):
        return f"{self.regency} {self.as_of:%Y-%m-%d}"

    @property
    def coverage_percent(self) -> Decimal:
        return arithmetic.coverage_percent(self.participants, self.working_population)

    @classmethod
    def label(cls, name: str):
        """A figure's label on forms, tables and revisions: its field's verbose_name, capitalised."""
        return capfirst(cls._meta.get_field(name).verbose_name)

    def clean(self):
        """Rules the database cannot express: no future dates, a partial breakdown within the total."""
        errors = {}
        if self.as_of and self.as_of > timezone.localdate():
            errors["as_of"] = ValidationError(_("The date cannot be in the future."), code="future_date")
        given = [getattr(self, name) for name in self.SEGMENTS if getattr(self, name) is not None]
        if self.participants is not None and given and sum(given) > self.participants:
            errors["participants"] = ValidationError(
                _("PU, BPU, Jakon and PMI together cannot exceed the participants."), code="segments_exceed"
            )
        if errors:
            raise ValidationError(errors)


class Target(models.Model):
    """A yearly coverage target for one province or one regency, from one source."""

    class Source(models.TextChoices):
        KEMENDAGRI = "kemendagri", _("Kemendagri")
        RPJMN = "rpjmn", _("RPJMN")
        RPJMD = "rpjmd", _("RPJMD")
        BPJS = "bpjs", _("BPJS Ketenagakerjaan")
        OTHER = "other", _("Other")

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    percent = models.DecimalField(
        _("target (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="targets",
        verbose_name=_("province"),
    )
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, null=True, blank=True, related_name="targets",
        verbose_name=_("regency"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.KEMENDAGRI)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "province__code", "regency__code", "source"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gt=0, percent__lte=100),
                name="target_percent_in_range",
                violation_error_message=_("A target must be above 0%% and at most 100%%."),
                violation_error_code="target_percent_in_range",
            ),
            models.CheckConstraint(
                condition=Q(province__isnull=False, regency__isnull=True)
                | Q(province__isnull=True, regency__isnull=False),
                name="target_exactly_one_place",
                violation_error_message=_("A target is for exactly one province or one regency."),
                violation_error_code="target_exactly_one_place",
            ),
            models.CheckConstraint(
                condition=Q(source__in=["kemendagri", "rpjmn", "rpjmd", "bpjs", "other"]),
                name="target_source_valid",
            ),
            models.UniqueConstraint(
                fields=["province", "year", "source"],
                condition=Q(regency__isnull=True),
                name="target_one_per_province_year_source",
                violation_error_message=_("This province already has a target from this source for this year."),
                violation_error_code="target_one_per_province_year_source",
            ),
            models.UniqueConstraint(
                fields=["regency", "year", "source"],
                condition=Q(province__isnull=True),
                name="target_one_per_regency_year_source",
                violation_error_message=_("This regency already has a target from this source for this year."),
                violation_error_code="target_one_per_regency_year_source",
            ),
        ]

    def __str__(self):
        return f"{self.place} {self.year} ({self.get_source_display()}): {localize(self.percent)}%"

    @property
    def place(self):
        return self.province or self.regency


class Assignment(models.Model):
    """A place a field staff member may enter data for; a province covers all its regencies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("user")
    )
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments",
        verbose_name=_("province"),
    )
    regency = models.ForeignKey(
        Regency, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments",
        verbose_name=_("regency"),
    )

    class Meta:
        ordering = ["user", "province__code", "regency__code"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(province__isnull=False, regency__isnull=True)
                | Q(province__isnull=True, regency__isnull=False),
                name="assignment_exactly_one_place",
                violation_error_message=_("An assignment is for exactly one province or one regency."),
                violation_error_code="assignment_exactly_one_place",
            ),
            models.UniqueConstraint(
                fields=["user", "province"], condition=Q(regency__isnull=True),
                name="assignment_one_per_user_province",
                violation_error_message=_("This user is already assigned to this province."),
                violation_error_code="assignment_one_per_user_province",
            ),
            models.UniqueConstraint(
                fields=["user", "regency"], condition=Q(province__isnull=True),
                name="assignment_one_per_user_regency",
                violation_error_message=_("This user is already assigned to this regency."),
                violation_error_code="assignment_one_per_user_regency",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.province or self.regency}"


class Preferences(models.Model):
    """A user's own settings: the language of the pages and of the emails they get, and whether they get reminders."""

    class Language(models.TextChoices):
        INDONESIAN = "id", "Bahasa Indonesia"
        ENGLISH = "en", "English"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences", verbose_name=_("user")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.INDONESIAN)
    reminders = models.BooleanField(
        _("reminders"), default=True,
        help_text=_("Emails on reminder days about figures due, missing, returned or awaiting review."),
    )

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")
        constraints = [
            models.CheckConstraint(condition=Q(language__in=["id", "en"]), name="preferences_language_valid"),
        ]

    def __str__(self):
        return f"{self.user}: {self.language}"


class CutOff(models.Model):
    """A deadline other than the usual one (REPORTING_DEADLINE_DAYS after the cut-off) for one cut-off date."""

    as_of = models.DateField(_("as of"), unique=True, help_text=_("The cut-off date, a month's end."))
    deadline = models.DateField(_("deadline"), help_text=_("The last day on which its figures are on time."))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-as_of"]
        verbose_name = _("cut-off deadline")
        verbose_name_plural = _("cut-off deadlines")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("as_of")),
                name="cutoff_deadline_not_before_as_of",
                violation_error_message=_("The deadline cannot be before the cut-off date."),
                violation_error_code="cutoff_deadline_not_before_as_of",
            ),
        ]

    def __str__(self):
        return f"{self.as_of:%Y-%m-%d}: {self.deadline:%Y-%m-%d}"

    def clean(self):
        """Figures are reported as of month-ends, and only those are timed (the reporting calendar)."""
        if self.as_of and (self.as_of + datetime.timedelta(days=1)).day != 1:
            raise ValidationError({"as_of": ValidationError(
                _("A cut-off date is a month's end, e.g. 2025-03-31."), code="not_month_end")})


class ReminderSent(models.Model):
    """One reminder that reached someone: the log that keeps a second run on the same day from sending it again."""

    class Kind(models.TextChoices):
        ENTRY = "entry", _("figures to enter or correct")
        REVIEW = "review", _("figures to review or follow up")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    as_of = models.DateField(_("as of"))
    day = models.DateField(_("reminder day"), help_text=_("The day (in TIME_ZONE) the reminder was for."))
    items = models.PositiveIntegerField(_("items"), help_text=_("How many figures the email listed."))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "user", "as_of", "kind"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "as_of", "day"], name="reminder_once_a_day"),
            models.CheckConstraint(condition=Q(kind__in=["entry", "review"]), name="reminder_kind_valid"),
        ]

    def __str__(self):
        return f"{self.user} {self.day:%Y-%m-%d} {self.kind} {self.as_of:%Y-%m-%d}"


class ApiToken(models.Model):
    """A machine's key to the read-only API (coverage/api/), acting as its user.

    Only the SHA-256 digest of a token is stored: a copy of the database gives no working key. The token itself
    is shown once, when it is made; its first characters (`prefix`) stay visible so that people can tell their
    tokens apart. Tokens are random and long, so an unsalted digest is as strong as a password hash would be.
    """

    PREFIX = "ucj_"
    PREFIX_LENGTH = 12

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. “Satu Data Bali”."))
    prefix = models.CharField(_("token begins with"), max_length=PREFIX_LENGTH, editable=False)
    digest = models.CharField(_("SHA-256 digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.name})"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class DataVersion(models.Model):
    """One row whose `number` grows with every write of the figures, targets and places the pages compute from.

    Database triggers bump it (migration 0012), in the writing statement's own transaction, whatever writes: a
    service, a bulk insert, the admin, a migration or SQL typed by hand. Whoever reads the number therefore reads
    data at least that new, which makes it a safe key for what is computed from those tables (coverage/web/cached.py).
    """

    # The tables whose rows the cached reads compute from; each has the triggers (and the migration lists them too).
    TABLES = ("coverage_province", "coverage_regency", "coverage_coveragesnapshot", "coverage_target")

    number = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="data_version_single_row")]

    def __str__(self):
        return str(self.number)
