"""Organisations, employment areas, employment authorities and people.

Organisations change (ELY centres became elinvoimakeskus in 2026), so a party is never
renamed in place: it gets validity dates and succession links to its successor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from . import permission_cache
from .validators import validate_business_id, validate_municipality_code


def localized(fi: str, sv: str) -> str:
    """The Swedish name where the UI is Swedish and one exists, else the Finnish one."""
    return sv if sv and translation.get_language() == "sv" else fi


class PartyQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> PartyQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def municipalities(self) -> PartyQuerySet:
        return self.filter(kind__in=[Party.Kind.MUNICIPALITY, Party.Kind.CITY])

    def editable_by(self, user) -> PartyQuerySet:
        """The list-filtering half of the permission pattern: one query, no per-row checks.

        A global permission (administrators) allows every row; otherwise only rows with an
        object permission granted to the person or one of their groups (direct FK tables).
        """
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("parties.change_party"):
            return self
        # EXISTS rather than joins + DISTINCT: no row multiplication to undo, and the planner
        # can stop at the first grant.
        direct = PartyUserObjectPermission.objects.filter(
            content_object=OuterRef("pk"), user=user, permission__codename="change_party")
        via_group = PartyGroupObjectPermission.objects.filter(
            content_object=OuterRef("pk"), group__user=user, permission__codename="change_party")
        return self.filter(Exists(direct) | Exists(via_group))


class Party(models.Model):
    """Osapuoli: a municipality, city, state agency, welfare area or other organisation."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        CITY = "city", _("City")
        STATE_AGENCY = "state_agency", _("State agency")
        WELFARE_AREA = "welfare_area", _("Welfare area")
        OTHER = "other", _("Other organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    # Not unique: the three state units of the pilot agreement share one legal entity's ID.
    business_id = models.CharField(
        _("business ID"), max_length=9, blank=True, validators=[validate_business_id],
        help_text=_("Y-tunnus, e.g. 0149669-3. Checked by its check digit."),
    )
    municipality_code = models.CharField(
        _("municipality code"), max_length=3, blank=True, validators=[validate_municipality_code],
        help_text=_("Three digits, e.g. 398 for Lahti. Only for municipalities and cities."),
    )
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name_fi"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=~Q(municipality_code=""),
                name="party_unique_municipality_code",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="party_validity_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fi, self.name_sv)

    @property
    def statfin_code(self) -> str:
        """StatFin writes municipality 398 as KU398."""
        return f"KU{self.municipality_code}" if self.municipality_code else ""

    def is_active_on(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )

    # --- names and successors over time --------------------------------------------------
    def name_on(self, day: dt.date | None) -> str:
        """The name the party had on `day` (a document's date); the current name without a date.

        Former names are PartyName rows with their validity; the current name is on the party.
        Uses prefetched `names` when there are some.
        """
        if day is not None:
            for former in self.names.all():
                if former.covers(day):
                    return former.name
        return self.name

    def successors(self) -> list[PartySuccession]:
        return list(self.successions_out.all())

    def ended_by(self, day: dt.date) -> bool:
        return self.valid_until is not None and self.valid_until < day

    def ensure_can_act_on(self, day: dt.date | None = None) -> None:
        """The one rule for dated acts: an organisation that has ended (or not yet begun) on `day`
        cannot sign, accede, be given a new quota or cost share, or be named in a new dispute.

        Raises ValidationError whose message names the successor(s), so the person knows whom
        to name instead. Callers put it under their own field.
        """
        day = day or timezone.localdate()
        if self.valid_from is not None and self.valid_from > day:
            raise ValidationError(
                _("%(party)s did not exist yet on %(day)s (it begins on %(start)s).")
                % {"party": self.name, "day": f"{day:%-d.%-m.%Y}", "start": f"{self.valid_from:%-d.%-m.%Y}"}
            )
        if not self.ended_by(day):
            return
        successors = [s.successor.name for s in self.successions_out.select_related("successor")]
        params = {"party": self.name, "end": f"{self.valid_until:%-d.%-m.%Y}", "successors": ", ".join(successors)}
        if successors:
            raise ValidationError(
                _("%(party)s ended on %(end)s; its duties passed to %(successors)s. Name the successor instead.")
                % params
            )
        raise ValidationError(_("%(party)s ended on %(end)s and has no recorded successor.") % params)

    def clean(self) -> None:
        errors = {}
        if self.municipality_code and self.kind not in (self.Kind.MUNICIPALITY, self.Kind.CITY):
            errors["municipality_code"] = _("Only municipalities and cities have a municipality code.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end of validity cannot be before its start.")
        if errors:
            raise ValidationError(errors)

    def can_be_edited_by(self, user) -> bool:
        # A global permission (the administrator role) or an object permission granted on this party.
        return user.is_authenticated and (
            user.has_perm("parties.change_party") or user.has_perm("parties.change_party", self)
        )


class PartyName(models.Model):
    """A former name of a party, valid over a period (e.g. KEHA-keskus until 31.12.2025).

    The party keeps its identity (and business ID) across a renaming; documents dated in this
    period show this name (Party.name_on).
    """

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="names", verbose_name=_("party"))
    name_fi = models.CharField(_("name in Finnish"), max_length=300)
    name_sv = models.CharField(_("name in Swedish"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True,
                                  help_text=_("Empty: from the party's beginning, or not known."))
    valid_until = models.DateField(_("valid until"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["party", "valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="party_name_validity_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_fi} (–{self.valid_until:%-d.%-m.%Y})"

    @property
    def name(self) -> str:
        return localized(self.name_fi, self.name_sv)

    def covers(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and day <= self.valid_until

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end of validity cannot be before its start.")})


class PartySuccession(models.Model):
    """A predecessor → successor link with the duties the successor took over.

    One predecessor may have several successors (the ELY centre's duties split on 1.1.2026).
    """

    predecessor = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="successions_out", verbose_name=_("predecessor")
    )
    successor = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="successions_in", verbose_name=_("successor")
    )
    effective_date = models.DateField(_("effective date"))
    duties = models.TextField(_("duties taken over"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["effective_date"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="succession_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_date:%d.%m.%Y})"


class ContactPerson(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("party"))
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        "parties.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="contact_roles",
        verbose_name=_("portal user"),
    )

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["party__name_fi", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.party})"


class EmploymentArea(models.Model):
    """Työllisyysalue: municipalities forming one employment authority, hosted by one of them."""

    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    responsible_municipality = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="hosted_areas", verbose_name=_("responsible municipality")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("employment area")
        verbose_name_plural = _("employment areas")
        ordering = ["name_fi"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fi, self.name_sv)

    def members_on(self, day: dt.date | None = None) -> PartyQuerySet:
        day = day or timezone.localdate()
        memberships = self.memberships.filter(
            Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day)
        )
        return Party.objects.filter(area_memberships__in=memberships).distinct()


class EmploymentAreaMembership(models.Model):
    area = models.ForeignKey(
        EmploymentArea, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("employment area")
    )
    municipality = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="area_memberships", verbose_name=_("municipality")
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("member municipality")
        verbose_name_plural = _("member municipalities")
        ordering = ["area", "municipality__name_fi", "start"]

    def __str__(self) -> str:
        return f"{self.municipality} ∈ {self.area}"

    def clean(self) -> None:
        if self.municipality_id and self.municipality.kind not in (Party.Kind.MUNICIPALITY, Party.Kind.CITY):
            raise ValidationError({"municipality": _("Only a municipality or a city can be a member.")})
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})


class EmploymentAuthority(models.Model):
    """Työvoimaviranomainen: a municipality on its own (Lahti) or an employment area."""

    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    party = models.OneToOneField(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="employment_authority",
        verbose_name=_("municipality acting alone"),
    )
    employment_area = models.OneToOneField(
        EmploymentArea, on_delete=models.PROTECT, null=True, blank=True, related_name="employment_authority",
        verbose_name=_("employment area"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)

    class Meta:
        verbose_name = _("employment authority")
        verbose_name_plural = _("employment authorities")
        ordering = ["name_fi"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(party__isnull=False) & Q(employment_area__isnull=True))
                | (Q(party__isnull=True) & Q(employment_area__isnull=False)),
                name="authority_is_party_xor_area",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fi, self.name_sv)

    def municipalities_on(self, day: dt.date | None = None) -> PartyQuerySet:
        if self.party_id:
            return Party.objects.filter(pk=self.party_id)
        return self.employment_area.members_on(day)


class UserManager(DjangoUserManager):
    """People log in with their e-mail address; there is no separate username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):  # type: ignore[override]
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=200, blank=True)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="people",
        verbose_name=_("party"), help_text=_("The organisation the person works for."),
    )
    language = models.CharField(
        _("preferred language"), max_length=5, choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")],
        default="fi",
    )
    is_staff = models.BooleanField(_("may use the Django admin"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_service_account = models.BooleanField(
        _("service account"), default=False,
        help_text=_("A machine client of the API: it cannot log in to the pages and uses expiring, scoped "
                    "tokens (manage.py create_service_token)."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        """Names of the role groups the person belongs to (see parties.roles)."""
        return permission_cache.roles(self)

    # Django's ModelBackend looks for these two before it queries (see parties.permission_cache).
    @cached_property
    def _user_perm_cache(self) -> set[str]:
        return permission_cache.permissions(self, "user")

    @cached_property
    def _group_perm_cache(self) -> set[str]:
        return permission_cache.permissions(self, "group")

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or bool(self.roles.intersection(roles))


# Direct foreign-key object-permission tables (django-guardian): joins instead of generic
# relations, so list filtering stays one indexed query. Later apps follow the same pattern.
class PartyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Party, on_delete=models.CASCADE)


class PartyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Party, on_delete=models.CASCADE)


# --- API tokens of service accounts -----------------------------------------------------------

API_READ_SCOPE = "read"
# A write scope per app whose API a machine client may change (the app of the API view).
API_WRITE_SCOPES = ("parties:write", "workgroups:write", "agreements:write", "procurement:write",
                    "monitoring:write")
API_SCOPES = (API_READ_SCOPE, *API_WRITE_SCOPES)
API_TOKEN_MAX_DAYS = 366


def api_token_digest(key: str) -> str:
    """Only the SHA-256 of a token is stored: a database copy gives no usable key."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A service account's API token: expires, carries scopes, logs its every use (ApiTokenUse)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("service account"))
    name = models.CharField(_("name"), max_length=100, help_text=_("What uses the token, e.g. the statistics import."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("beginning of the key"), max_length=8, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def clean(self) -> None:
        super().clean()
        errors = {}
        unknown = [scope for scope in self.scopes or [] if scope not in API_SCOPES]
        if not self.scopes or unknown:
            errors["scopes"] = _("Choose one or more of the scopes: %(scopes)s.") % {"scopes": ", ".join(API_SCOPES)}
        if self.user_id and not self.user.is_service_account:
            errors["user"] = _("API tokens are given to service accounts only; people use the portal in a browser.")
        created = self.created_at or timezone.now()
        if self.expires_at and not (created < self.expires_at <= created + dt.timedelta(days=API_TOKEN_MAX_DAYS)):
            errors["expires_at"] = _("A token expires within %(days)d days of its creation.") % {
                "days": API_TOKEN_MAX_DAYS}
        if errors:
            raise ValidationError(errors)

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        return self.revoked_at is None and (now or timezone.now()) < self.expires_at

    def allows(self, *, write: bool, app: str) -> bool:
        return f"{app}:write" in self.scopes if write else bool(self.scopes)


class ApiTokenUse(models.Model):
    """One request made with a token: the log of its every use."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses", verbose_name=_("API token"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("address"), max_length=500)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    allowed = models.BooleanField(_("allowed"), default=True)

    class Meta:
        verbose_name = _("API token use")
        verbose_name_plural = _("API token uses")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.token} {self.method} {self.path}"
