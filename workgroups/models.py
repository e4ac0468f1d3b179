"""Bodies (steering group, working groups), their terms, members, meetings and decisions.

Who may see what is decided on the body: its secretary (and deputy secretaries) hold the
object permission `manage_body`, its members hold `view_body_documents` (both granted with
django-guardian from the membership register, see services.sync_body_permissions). Everyone
else who is logged in sees only the public parts of published minutes; anonymous visitors see
the same through the open API.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cooperation.base.publicity import Publicity, PublicityMixin
from cooperation.base.visibility import InSubqueryOnce, VisibilityQuerySet, VisibilityRuleMixin, protected

from .appeals import AppealRoute
from .deliberation_models import RecusalGround

MANAGE_BODY = "manage_body"
VIEW_BODY_DOCUMENTS = "view_body_documents"


class LockedError(ValidationError):
    """A locked decision or minutes may only be changed by a recorded correction."""


# --- permission helpers ----------------------------------------------------------------------

def body_ids_with_perm(user, codename: str):
    """A subquery of body ids on which the person holds `codename` (global, user or group object perm).

    Returns None when the person holds the permission globally (= every body).
    """
    if not user.is_authenticated:
        return Body.objects.none().values("pk")
    if user.is_superuser or user.has_perm(f"workgroups.{codename}"):
        return None
    direct = BodyUserObjectPermission.objects.filter(user=user, permission__codename=codename)
    via_group = BodyGroupObjectPermission.objects.filter(
        group__in=user.groups.all(), permission__codename=codename
    )
    return Body.objects.filter(
        Q(pk__in=direct.values("content_object_id")) | Q(pk__in=via_group.values("content_object_id"))
    ).values("pk")


def _body_filter(user, codename: str, path: str) -> Q:
    ids = body_ids_with_perm(user, codename)
    if ids is None:
        # Always true. (An empty Q() would vanish when OR-ed with another condition.)
        return Q(pk__isnull=False)
    # `path__in=ids` would be a hashed SubPlan that misleads PostgreSQL's plans of every list (see
    # InSubqueryOnce); the same set, computed once per statement.
    return Q(InSubqueryOnce(path, ids))


def member_body_q(user, path: str = "body") -> Q:
    """Q selecting rows whose body the person may read in full (members, secretaries, admins)."""
    return _body_filter(user, VIEW_BODY_DOCUMENTS, path) | _body_filter(user, MANAGE_BODY, path)


def manager_body_q(user, path: str = "body") -> Q:
    return _body_filter(user, MANAGE_BODY, path)


# --- bodies, terms, memberships ----------------------------------------------------------------

class BodyQuerySet(models.QuerySet):
    def visible_to(self, user) -> BodyQuerySet:
        # A body's existence, name and mandate are public information (they are in the agreements).
        return self if user.is_authenticated else self.none()


class Body(models.Model):
    """Ohjausryhmä / seurantaryhmä / työryhmä."""

    class Kind(models.TextChoices):
        STEERING_GROUP = "steering_group", _("Steering group")
        FOLLOW_UP_GROUP = "follow_up_group", _("Follow-up group")
        WORKING_GROUP = "working_group", _("Working group")
        # Kuntalaki 51 §: a joint body of several municipalities hosted by one of them, e.g. the
        # employment area's committee (työllisyyslautakunta) in Hollola.
        MUNICIPAL_JOINT_BODY = "municipal_joint_body", _("Joint municipal body (Local Government Act 51 §)")
        CITY_BODY = "city_body", _("A city's or municipality's own body")

    # Lists show the steering group first, then the groups that report to it, active before ended.
    KIND_ORDER = {Kind.STEERING_GROUP: 0, Kind.FOLLOW_UP_GROUP: 1, Kind.WORKING_GROUP: 2,
                  Kind.MUNICIPAL_JOINT_BODY: 3, Kind.CITY_BODY: 4}

    # Bodies of a municipality: their minutes must go on the public web (kuntalaki 140 §) and a
    # personal deputy stands in only for their own member.
    MUNICIPAL_KINDS = (Kind.MUNICIPAL_JOINT_BODY, Kind.CITY_BODY)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    host = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_bodies",
        verbose_name=_("host"),
        help_text=_("The party in whose organisation the body works, e.g. Hollola for the joint committee."),
    )
    publish_minutes = models.BooleanField(
        _("minutes published on the web"), default=False,
        help_text=_("Required for a municipality's bodies; optional for steering, follow-up and working groups."),
    )
    member_count = models.PositiveSmallIntegerField(_("number of members"), null=True, blank=True)
    personal_deputies = models.BooleanField(_("members have personal deputies"), default=False)
    source_note = models.TextField(
        _("source note"), blank=True, help_text=_("Where the facts come from and what is still to be completed."),
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True,
        help_text=_("Used in section numbers, e.g. “Ohjausryhmä § 3/2026”. Defaults to the Finnish name."),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("reports to"),
    )
    mandate = models.TextField(_("mandate"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    # Quorum: more than half of the voting members, the chair included, unless set otherwise.
    quorum_minimum = models.PositiveSmallIntegerField(
        _("quorum (members present)"), null=True, blank=True,
        help_text=_("Leave empty for the default rule: more than half of the voting members."),
    )
    quorum_requires_chair = models.BooleanField(_("chair (or vice chair) must be present"), default=True)
    active = models.BooleanField(_("active"), default=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["kind", "name_fi"]
        permissions = [
            (MANAGE_BODY, "Can prepare meetings and record decisions of the body"),
            (VIEW_BODY_DOCUMENTS, "Can read all documents of the body"),
        ]

    def __str__(self) -> str:
        return self.name

    def list_order(self) -> tuple:
        """Sort key of lists: active before ended, the steering group first, then by name."""
        return (not self.active, self.KIND_ORDER.get(self.kind, 9), self.name_fi)

    @property
    def name(self) -> str:
        from parties.models import localized

        return localized(self.name_fi, self.name_sv)

    @property
    def section_label(self) -> str:
        return self.short_name or self.name_fi

    @property
    def is_municipal(self) -> bool:
        return self.kind in self.MUNICIPAL_KINDS

    @property
    def publication_required(self) -> bool:
        """The rule that applies: a municipality's body must publish its minutes (kuntalaki 140 §)."""
        return self.is_municipal

    def clean(self) -> None:
        from parties.models import Party

        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A body cannot report to itself.")})
        if self.kind == self.Kind.WORKING_GROUP and not self.parent_id:
            raise ValidationError({"parent": _("A working group reports to a parent body.")})
        errors = {}
        if self.is_municipal:
            if not self.host_id:
                errors["host"] = _("Name the municipality that hosts this body.")
            elif self.host.kind not in (Party.Kind.MUNICIPALITY, Party.Kind.CITY):
                errors["host"] = _("A municipal body is hosted by a municipality or a city.")
            if not self.publish_minutes:
                errors["publish_minutes"] = _(
                    "A municipality's body must publish its minutes on the web (Local Government Act 140 §).")
        if errors:
            raise ValidationError(errors)

    # Single-object rules; lists use member_body_q / manager_body_q.
    def is_managed_by(self, user) -> bool:
        """The body's secretary: holds `manage_body` on this body (granted from the membership register)
        or through a role. Being a superuser is not enough: administrators do not prepare meetings or
        record decisions unless they are the body's secretary (docs/permissions.md); Django answers
        every has_perm of a superuser with yes, so for them the grants are read from the tables."""
        if not user.is_authenticated or not user.is_active:
            return False
        if not user.is_superuser:
            return user.has_perm(f"workgroups.{MANAGE_BODY}") or user.has_perm(f"workgroups.{MANAGE_BODY}", self)
        from django.contrib.auth.models import Permission

        global_grant = Permission.objects.filter(
            Q(user=user) | Q(group__user=user), content_type__app_label="workgroups", codename=MANAGE_BODY)
        return (global_grant.exists()
                or BodyUserObjectPermission.objects.filter(content_object=self, user=user,
                                                          permission__codename=MANAGE_BODY).exists()
                or BodyGroupObjectPermission.objects.filter(content_object=self, group__in=user.groups.all(),
                                                           permission__codename=MANAGE_BODY).exists())

    def is_readable_in_full_by(self, user) -> bool:
        return user.is_authenticated and (
            self.is_managed_by(user)
            or user.has_perm(f"workgroups.{VIEW_BODY_DOCUMENTS}")
            or user.has_perm(f"workgroups.{VIEW_BODY_DOCUMENTS}", self)
        )

    def can_be_viewed_by(self, user) -> bool:
        return user.is_authenticated

    def can_be_edited_by(self, user) -> bool:
        return user.is_authenticated and user.has_perm("workgroups.change_body")

    def quorum_needed(self, voting_members: int) -> int:
        if self.quorum_minimum:
            return self.quorum_minimum
        return voting_members // 2 + 1


class BodyTask(models.Model):
    """One task on a body's task list (e.g. the nine tasks of the pilot's follow-up group)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("body"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("task"))

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["body", "order"]

    def __str__(self) -> str:
        return self.text[:80]


class Term(models.Model):
    """Toimikausi."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="terms", verbose_name=_("body"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    appointed_by = models.CharField(_("appointing decision"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["body", "-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="term_in_order"),
        ]

    def __str__(self) -> str:
        end = f"{self.end:%-d.%-m.%Y}" if self.end else ""
        return f"{self.body} {self.start:%-d.%-m.%Y}–{end}"

    def clean(self) -> None:
        if self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})


class MembershipQuerySet(VisibilityQuerySet):
    def on(self, day: dt.date) -> MembershipQuerySet:
        return self.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))

    def visible_to(self, user) -> MembershipQuerySet:
        # Who sits in a body is public information; only logged-in people use the portal pages.
        return self if user.is_authenticated else self.none()


@protected
class Membership(VisibilityRuleMixin, models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        SECRETARY = "secretary", _("Secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
        MEMBER = "member", _("Member")
        DEPUTY = "deputy", _("Personal deputy")
        EXPERT = "expert", _("Expert member")
        OBSERVER = "observer", _("Observer")

    SECRETARY_ROLES = (Role.SECRETARY, Role.DEPUTY_SECRETARY)

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body"))
    term = models.ForeignKey(
        Term, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships", verbose_name=_("term")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="body_memberships", verbose_name=_("person"),
    )
    person_name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("For people without a portal account.")
    )
    email = models.EmailField(
        _("e-mail"), blank=True,
        help_text=_("For people without a portal account: invitations, and the link to check minutes."),
    )
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting = models.BooleanField(_("voting member"), default=True)
    party = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, null=True, blank=True, related_name="body_memberships",
        verbose_name=_("party represented"),
    )
    deputy_for = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="deputies",
        verbose_name=_("personal deputy of"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "role", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="membership_in_order"),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(person_name=""),
                                   name="membership_has_person"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()}, {self.body})"

    @property
    def display_name(self) -> str:
        if self.user_id:
            return str(self.user)
        return self.person_name

    @property
    def contact_email(self) -> str:
        return (self.user.email if self.user_id else "") or self.email

    @property
    def contact_language(self) -> str:
        return (self.user.language if self.user_id else "") or settings.LANGUAGE_CODE

    def is_active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    def clean(self) -> None:
        errors = {}
        if not self.user_id and not self.person_name.strip():
            errors["person_name"] = _("Choose a person or write the name.")
        if self.end and self.start and self.end < self.start:
            errors["end"] = _("The end cannot be before the start.")
        if self.role == self.Role.DEPUTY and not self.deputy_for_id:
            errors["deputy_for"] = _("A personal deputy is the deputy of a named member.")
        if self.deputy_for_id and self.body_id and self.deputy_for.body_id != self.body_id:
            errors["deputy_for"] = _("The member must belong to the same body.")
        if self.term_id and self.body_id and self.term.body_id != self.body_id:
            errors["term"] = _("The term must be a term of the same body.")
        if errors:
            raise ValidationError(errors)


# --- matters, meetings, agenda ----------------------------------------------------------------

class MatterQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> MatterQuerySet:
        if not user.is_authenticated:
            return self.none()
        published = Exists(AgendaItem.objects.open_data().filter(matter=OuterRef("pk")))
        return self.filter(member_body_q(user) | (Q(publicity=Publicity.PUBLIC) & published))


@protected
class Matter(VisibilityRuleMixin, PublicityMixin):
    """Asia: one matter, with a register number, can be handled in several meetings."""

    register_number = models.CharField(_("register number"), max_length=50, unique=True)
    title = models.CharField(pgettext_lazy("document title", "title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="matters", verbose_name=_("body"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    search_documents = GenericRelation("base.SearchDocument")  # cooperation.base.search
    objects = MatterQuerySet.as_manager()

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.register_number} {self.title}"


class MeetingQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> MeetingQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(member_body_q(user) | Q(status=Meeting.Status.PUBLISHED))

    def open_data(self) -> MeetingQuerySet:
        """Published meetings: readable by anyone through the open API."""
        return self.filter(status=Meeting.Status.PUBLISHED)


@protected
class Meeting(VisibilityRuleMixin, models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        INVITED = "invited", _("Invitation sent")
        HELD = "held", _("Held")
        MINUTES_DRAFTED = "minutes_drafted", _("Minutes drafted")
        MINUTES_CHECKED = "minutes_checked", _("Minutes checked")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body"))
    title = models.CharField(pgettext_lazy("document title", "title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    remote_link = models.URLField(_("remote meeting link"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    chair = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="chaired_meetings",
        verbose_name=_("chair of the meeting"),
    )
    minutes_checkers = models.ManyToManyField(
        Membership, blank=True, related_name="checked_meetings", verbose_name=_("minutes checkers")
    )
    invitation_sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    # Given together when the agenda is published (services.agenda_publish): the meeting's running
    # number in the body's calendar year ("1/2027") and the § of every item in agenda order.
    agenda_published_at = models.DateTimeField(_("agenda published"), null=True, blank=True, editable=False)
    number = models.PositiveIntegerField(_("meeting number"), null=True, blank=True, editable=False)
    number_year = models.PositiveSmallIntegerField(_("year of the number"), null=True, blank=True,
                                                   editable=False)
    opened_at = models.TimeField(_("opened at"), null=True, blank=True)
    closed_at = models.TimeField(_("closed at"), null=True, blank=True)
    locked_at = models.DateTimeField(_("minutes locked"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        # body + start: a body's meetings (body page, filters); start alone: every list of meetings
        # newest first (the meetings API, the calendar feed) reads the index backwards.
        indexes = [models.Index(fields=["body", "starts_at"]),
                   models.Index(fields=["starts_at"], name="meeting_by_start")]
        constraints = [
            models.UniqueConstraint(fields=["body", "number_year", "number"], name="meeting_number_per_body_year"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.body} {local:%-d.%-m.%Y}"

    @property
    def date(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def number_label(self) -> str:
        """The running number as the minutes read it, e.g. "1/2027" (empty before the agenda is published)."""
        return f"{self.number}/{self.number_year}" if self.number else ""

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def appeal_period_ends(self) -> dt.datetime | None:
        """When the personal data come off the public web (kuntalaki 140 § 1 mom.): the longest appeal
        period (30 days) counted from the day a member of the municipality is deemed notified, 7 days
        after publication (140 § 3 mom.)."""
        from .appeals import APPEAL_DAYS, NOTIFICATION_DAYS

        if self.published_at is None:
            return None
        return self.published_at + dt.timedelta(days=NOTIFICATION_DAYS + APPEAL_DAYS)

    @property
    def agenda_is_published(self) -> bool:
        return self.agenda_published_at is not None

    def has_started(self, now: dt.datetime | None = None) -> bool:
        """Attendance, decisions and minutes are recorded only once the meeting has started (server clock)."""
        return (now or timezone.now()) >= self.starts_at

    def clean(self) -> None:
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The meeting cannot end before it starts.")})
        if not self.location and not self.remote_link:
            raise ValidationError({"location": _("Give a place or a remote meeting link.")})
        if self.starts_at and self.body_id and self.number is None:
            # Numbers run by meeting date: an unnumbered meeting cannot go before a numbered one.
            local = timezone.localtime(self.starts_at)
            # visibility: validation compares dates with the body's numbered meetings; shows nothing
            later = Meeting.objects.filter(body_id=self.body_id, number_year=local.year,
                                           starts_at__gt=self.starts_at, number__isnull=False)
            if later.exclude(pk=self.pk).exists():
                raise ValidationError({"starts_at": _(
                    "A later meeting of the body this year already has its number; a meeting cannot be "
                    "placed before it.")})

    def can_be_edited_by(self, user) -> bool:
        return self.body.is_managed_by(user) and not self.is_locked

    def can_be_published_by(self, user) -> bool:
        """Publishing the (locked) minutes is the body's secretary's."""
        return self.body.is_managed_by(user)

    @property
    def valid_approvals(self) -> list[MinutesApproval]:
        """The approvals that count: those not voided by a later change of the minutes."""
        return [a for a in self.approvals.all() if a.voided_at is None]

    # Approving the minutes: the two minutes checkers and the chair, each once, while the
    # minutes wait for approval. The page, the PDF and services.minutes_approve ask these.
    def approver_roles(self, user) -> list[str]:
        """The roles in which the person approves these minutes (checker, chair), done or not."""
        roles = []
        if not user.is_authenticated:
            return roles
        if any(checker.user_id == user.pk for checker in self.minutes_checkers.all()):
            roles.append(MinutesApproval.Role.CHECKER)
        if self.chair is not None and self.chair.user_id == user.pk:
            roles.append(MinutesApproval.Role.CHAIR)
        return roles

    def pending_approval_role(self, user) -> str | None:
        """The role in which the person may approve now, or None."""
        done = {(approval.user_id, approval.role) for approval in self.valid_approvals}
        return next((role for role in self.approver_roles(user) if (user.pk, role) not in done), None)

    def can_be_approved_by(self, user) -> bool:
        return self.status == self.Status.MINUTES_DRAFTED and self.pending_approval_role(user) is not None


class AgendaItemQuerySet(VisibilityQuerySet):
    """Who may see an agenda item, written once: the body's members, secretaries and administrators
    see every item; every logged-in person sees the public items of published minutes. Decisions,
    attachments and matters derive their rules from this one."""

    def visible_to(self, user) -> AgendaItemQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(member_body_q(user, "meeting__body") | self._open_q())

    def open_data(self, *, with_secret_mentions: bool = False) -> AgendaItemQuerySet:
        """The public items of published minutes: readable by anyone through the open API and the public
        pages. `with_secret_mentions` adds the non-public items of published minutes for the public
        minutes page (kuntalaki 140 §), which shows of them only the §, the title where the title is
        public, and the secrecy ground — never their text (templates/workgroups/public/minutes.html)."""
        if with_secret_mentions:
            return self.filter(meeting__status=Meeting.Status.PUBLISHED)
        return self.filter(self._open_q())

    @staticmethod
    def _open_q(prefix: str = "") -> Q:
        """The open-data rule as a condition; `prefix` applies it to a related agenda item
        (e.g. "decision__agenda_item__" from an action item) through joins instead of a subquery."""
        return Q(**{f"{prefix}publicity": Publicity.PUBLIC, f"{prefix}meeting__status": Meeting.Status.PUBLISHED})


@protected
class AgendaItem(VisibilityRuleMixin, PublicityMixin):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting"))
    matter = models.ForeignKey(
        Matter, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items",
        verbose_name=_("matter"),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(pgettext_lazy("document title", "title"), max_length=300)
    preparer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("preparer"),
    )
    preparer_name = models.CharField(_("preparer (name)"), max_length=200, blank=True)
    background = models.TextField(_("background"), blank=True)
    proposal_text = models.TextField(_("proposal for decision"), blank=True)
    source_proposal = models.ForeignKey(
        "Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items",
        verbose_name=_("proposal"),
    )
    # The § in the body's yearly series, given when the agenda is published (in agenda order) or,
    # for an item added later, the next free number. Never given again, never changed.
    section_number = models.PositiveIntegerField(_("section"), null=True, blank=True, editable=False)
    # Off by default: a secretary who marks an item non-public shows its title to the public web only
    # by a second, deliberate choice (julkisuuslaki: secret unless a ground-free part is given out).
    title_is_public = models.BooleanField(
        _("title is public"), default=False,
        help_text=_("For a non-public item: whether its title may be shown on the public web. If not, the "
                    "public minutes only mention that a secret matter was handled."))
    # Put on the agenda from the body's standard opening items (workgroups.agenda); such items can be
    # recorded as proposed in one step.
    from_standard_agenda = models.BooleanField(_("standard opening item"), default=False, editable=False)

    search_documents = GenericRelation("base.SearchDocument")  # cooperation.base.search
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def preparer_display(self) -> str:
        return str(self.preparer) if self.preparer_id else self.preparer_name

    @property
    def public_title(self) -> str:
        """The title as the public web shows it ("" for a wholly secret matter)."""
        return self.title if self.is_public or self.title_is_public else ""

    @property
    def section_label(self) -> str:
        """"§ 3" once the agenda is published; before that the running order "3."."""
        return f"§ {self.section_number}" if self.section_number else f"{self.order}."



def attachment_path(instance, filename: str) -> str:
    return f"workgroups/attachments/{timezone.now():%Y/%m}/{secrets.token_hex(8)}-{filename}"


class AttachmentQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> AttachmentQuerySet:
        """An agenda item's attachment: its body's members see it; others see a public attachment of an
        item they may see (AgendaItemQuerySet.visible_to). A proposal's attachment: whoever sees the
        proposal (ProposalQuerySet.visible_to)."""
        if not user.is_authenticated:
            return self.none()
        of_item = Q(agenda_item__in=AgendaItem.objects.visible_to(user)) & (
            Q(publicity=Publicity.PUBLIC) | member_body_q(user, "agenda_item__meeting__body"))
        of_proposal = Q(proposal__in=Proposal.objects.visible_to(user))
        return self.filter(of_item | of_proposal)


@protected
class Attachment(VisibilityRuleMixin, PublicityMixin):
    """Liite of an agenda item or a proposal, with its own publicity class."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments",
        verbose_name=_("agenda item"),
    )
    proposal = models.ForeignKey(
        "Proposal", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments",
        verbose_name=_("proposal"),
    )
    title = models.CharField(pgettext_lazy("document title", "title"), max_length=300)
    file = models.FileField(_("file"), upload_to=attachment_path)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(agenda_item__isnull=False) & Q(proposal__isnull=True))
                | (Q(agenda_item__isnull=True) & Q(proposal__isnull=False)),
                name="attachment_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def body(self) -> Body:
        if self.agenda_item_id:
            return self.agenda_item.meeting.body
        return self.proposal.to_body


# --- recording the meeting --------------------------------------------------------------------

class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        DEPUTY = "deputy", _("Present as deputy")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name=_("meeting"))
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="attendances",
                                   verbose_name=_("membership"))
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices, default=Status.PRESENT)
    in_place_of = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_in",
        verbose_name=_("in place of"),
    )
    arrived_at = models.TimeField(_("arrived at"), null=True, blank=True)
    arrived_during = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("arrived during item"),
    )
    left_at = models.TimeField(_("left at"), null=True, blank=True)
    left_during = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("left during item"),
    )
    # Snapshot, so past minutes show the person and role as they were on the meeting date.
    person_name = models.CharField(_("name"), max_length=200, blank=True)
    role_label = models.CharField(_("role"), max_length=100, blank=True)
    party_name = models.CharField(_("party"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "membership__role", "person_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.person_name}: {self.get_status_display()}"

    @property
    def role_display(self) -> str:
        """The snapshot role in the page's language: it was stored in the recorder's language, so it
        is matched against every language's label of the roles (an unknown label shows as stored)."""
        for role in Membership.Role:
            for language in ("fi", "sv", "en"):
                with translation.override(language):
                    matches = str(role.label) == self.role_label
                if matches:
                    return str(role.label)  # in the page's language again
        return self.role_label

    def present_for(self, item: AgendaItem) -> bool:
        """Present when the item was handled (arrived before / left after, by item order)."""
        if self.status == self.Status.ABSENT:
            return False
        if self.arrived_during_id and self.arrived_during.order > item.order:
            return False
        return not (self.left_during_id and self.left_during.order <= item.order)


class Recusal(models.Model):
    """Esteellisyys: a member disqualified from one item (leaves the room for it)."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="recusals",
                                    verbose_name=_("agenda item"))
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="recusals",
                                   verbose_name=_("member"))
    # The point of hallintolaki 28 § 1 mom. (workgroups.deliberation_models.RecusalGround); `reason`
    # says how it applies.
    ground = models.CharField(_("ground of disqualification"), max_length=2, blank=True,
                              choices=RecusalGround.choices)
    reason = models.CharField(_("explanation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        constraints = [models.UniqueConstraint(fields=["agenda_item", "membership"], name="recusal_once")]

    def __str__(self) -> str:
        return f"{self.membership.display_name} – {self.agenda_item}"

    @property
    def ground_citation(self) -> str:
        return RecusalGround.citation(self.ground)


class SectionCounter(models.Model):
    """The last § number and meeting number used by a body in a calendar year. Locked row-wise while
    a number is taken, so numbering a meeting is one serialized step per body and year."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="section_counters")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)
    last_meeting_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("section counter")
        verbose_name_plural = _("section counters")
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="section_counter_per_body_year")]

    def __str__(self) -> str:
        return f"{self.body} {self.year}: {self.last_number}"


class DecisionQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> DecisionQuerySet:
        """A decision is seen by exactly those who see its agenda item."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(agenda_item__in=AgendaItem.objects.visible_to(user))

    def open_data(self) -> DecisionQuerySet:
        """Published public decisions: readable by anyone through the open API."""
        return self.filter(agenda_item__in=AgendaItem.objects.open_data())


@protected
class Decision(VisibilityRuleMixin, models.Model):
    class Resolution(models.TextChoices):
        APPROVED = "approved", _("Approved as proposed")
        AMENDED = "amended", _("Approved amended")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for preparation")
        TABLED = "tabled", _("Tabled")
        NOTED = "noted", _("Noted")
        ELECTED = "elected", _("Elected")

    # Fields a locked decision keeps; only a DecisionCorrection may change them.
    PROTECTED_FIELDS = ("resolution", "text", "dissent", "section_number", "section_year", "body_id",
                        "agenda_item_id", "appeal_route", "appeal_law", "appeal_authority")

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision",
                                       verbose_name=_("agenda item"))
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("body"))
    section_year = models.PositiveSmallIntegerField(_("year"))
    section_number = models.PositiveIntegerField(_("section"))
    resolution = models.CharField(_("resolution"), max_length=20, choices=Resolution.choices)
    text = models.TextField(_("decision"))
    dissent = models.TextField(_("dissenting opinions"), blank=True)
    # Muutoksenhaku: the route printed on the minutes' instruction sheet (workgroups.appeals).
    appeal_route = models.CharField(_("appeal route"), max_length=24, choices=AppealRoute.choices,
                                    default=AppealRoute.RECTIFICATION)
    appeal_law = models.CharField(_("law providing the appeal"), max_length=300, blank=True,
                                  help_text=_("For an administrative appeal, e.g. “laki julkisesta työvoima- ja "
                                              "yrityspalvelusta (916/2012) 14 luku”."))
    appeal_authority = models.CharField(_("appeal authority"), max_length=300, blank=True,
                                        help_text=_("Leave empty for the default: the body itself for a request "
                                                    "for rectification, the administrative court for appeals."))
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)

    search_documents = GenericRelation("base.SearchDocument")  # cooperation.base.search
    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-section_year", "-section_number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "section_year", "section_number"],
                                    name="decision_section_unique_per_body_year"),
        ]
        # The order of the decisions list and API (newest year, body, § — all descending): a page reads
        # the index from the start and stops after 50 visible rows instead of sorting all of them, and a
        # keyset page (cooperation.base.pagination.Keyset) starts at `(year, body, §) < (…)` in it,
        # which one direction for all three columns makes a plain index condition.
        indexes = [models.Index(fields=["-section_year", "-body", "-section_number"],
                                name="decision_year_body_section_d")]

    def __str__(self) -> str:
        return f"{self.body.section_label} {self.section}"

    def save(self, *args, allow_locked: bool = False, **kwargs):
        # The last line of defence (pages, admin and API all end here): a locked decision's
        # content changes only through services.decision_correct, which passes allow_locked.
        if self.pk and not allow_locked:
            stored = Decision.objects.filter(pk=self.pk).values("locked_at", *self.PROTECTED_FIELDS).first()
            if stored and stored["locked_at"] is not None and any(
                stored[f] != getattr(self, f) for f in self.PROTECTED_FIELDS
            ):
                raise LockedError(_("The minutes are locked: the decision can only be corrected with a reason."))
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.appeal_route == AppealRoute.ADMINISTRATIVE_APPEAL and not self.appeal_law.strip():
            raise ValidationError({"appeal_law": _("Name the law under which an administrative appeal is made.")})

    def delete(self, *args, **kwargs):
        if self.is_locked:
            raise LockedError(_("The minutes are locked: the decision cannot be deleted."))
        return super().delete(*args, **kwargs)

    @property
    def section(self) -> str:
        return f"§ {self.section_number}/{self.section_year}"

    @property
    def section_label(self) -> str:
        """As the minutes read it: "§ 3"."""
        return f"§ {self.section_number}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def can_be_edited_by(self, user) -> bool:
        return not self.is_locked and self.body.is_managed_by(user)

    def can_be_corrected_by(self, user) -> bool:
        """A recorded correction (also of a locked decision) is the body's secretary's."""
        return self.body.is_managed_by(user)


class DecisionCorrection(models.Model):
    """A recorded correction of a locked decision (oikaisu), with its reason."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="corrections",
                                 verbose_name=_("decision"))
    field = models.CharField(_("field"), max_length=40)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("corrected by"))
    corrected_at = models.DateTimeField(_("corrected"), default=timezone.now)

    class Meta:
        verbose_name = _("decision correction")
        verbose_name_plural = _("decision corrections")
        ordering = ["corrected_at"]

    def __str__(self) -> str:
        return f"{self.decision}: {self.field}"


class MinutesApproval(models.Model):
    """A minutes checker's or the chair's approval of the minutes, with its time. A checker without a
    portal account approves by an e-mailed link (`user` empty, `membership` names them). Any change
    to the minutes while they wait for approval voids the approvals (kept, with the reason)."""

    class Role(models.TextChoices):
        CHECKER = "checker", _("Minutes checker")
        CHAIR = "chair", _("Chair")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="approvals",
                                verbose_name=_("meeting"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             null=True, blank=True, verbose_name=_("person"))
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
                                   verbose_name=_("member"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    approved_at = models.DateTimeField(_("approved"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    by_link = models.BooleanField(_("signed by e-mailed link"), default=False)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.CharField(_("reason for voiding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("minutes approval")
        verbose_name_plural = _("minutes approvals")
        ordering = ["approved_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user", "role"], condition=Q(voided_at__isnull=True),
                                    name="approval_once"),
            models.UniqueConstraint(fields=["meeting", "membership", "role"], condition=Q(voided_at__isnull=True),
                                    name="approval_once_per_membership"),
            models.CheckConstraint(condition=Q(user__isnull=False) | Q(membership__isnull=False),
                                   name="approval_has_person"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.approver_name} ({self.get_role_display()})"

    @property
    def approver_name(self) -> str:
        if self.user_id:
            return str(self.user)
        return self.membership.display_name if self.membership_id else ""


class MinutesCheckLink(models.Model):
    """The single-use link by which a checker (or chair) without a portal account approves the minutes.

    The e-mailed token is this row's nonce signed with the site key and a timestamp
    (services.minutes_check_token); it is valid 14 days, once, and only for the round of checking it
    was sent in (a return to draft voids it)."""

    VALID_DAYS = 14

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="check_links",
                                verbose_name=_("meeting"))
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("member"))
    role = models.CharField(_("role"), max_length=10, choices=MinutesApproval.Role.choices)
    nonce = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes checking link")
        verbose_name_plural = _("minutes checking links")
        ordering = ["sent_at"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.membership.display_name}"

    @property
    def is_usable(self) -> bool:
        return (self.used_at is None and self.voided_at is None
                and timezone.now() < self.sent_at + dt.timedelta(days=self.VALID_DAYS)
                and self.meeting.status == Meeting.Status.MINUTES_DRAFTED)


class MinutesReturn(models.Model):
    """The minutes went back to draft after they were sent for checking: when, why, by whom."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="returns",
                                verbose_name=_("meeting"))
    returned_at = models.DateTimeField(_("returned"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=300)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("by"))

    class Meta:
        verbose_name = _("return of minutes to draft")
        verbose_name_plural = _("returns of minutes to draft")
        ordering = ["returned_at"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.reason}"


# --- proposals and action items ----------------------------------------------------------------

class ProposalQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> ProposalQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(member_body_q(user, "to_body") | member_body_q(user, "from_body")
                           | Q(submitted_by=user))


@protected
class Proposal(VisibilityRuleMixin, PublicityMixin):
    """A working group's (or another app's) proposal to a body, e.g. a procurement coordination proposal."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ON_AGENDA = "on_agenda", _("On the agenda")
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    from_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals_sent",
        verbose_name=_("from body"),
    )
    to_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="proposals_received",
                                verbose_name=_("to body"))
    source = models.CharField(
        _("source"), max_length=100, blank=True,
        help_text=_("Where the proposal comes from when not from a body, e.g. “procurement”."),
    )
    title = models.CharField(pgettext_lazy("document title", "title"), max_length=300)
    proposal_text = models.TextField(_("proposal"))
    justification = models.TextField(_("justification"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    matter = models.ForeignKey(Matter, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals",
                               verbose_name=_("matter"))

    search_documents = GenericRelation("base.SearchDocument")  # cooperation.base.search
    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return self.title

    def can_be_edited_by(self, user) -> bool:
        """Adding attachments: the sender or the receiving body's secretary."""
        return user.is_authenticated and (self.submitted_by_id == user.pk or self.to_body.is_managed_by(user))


class ActionItemQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> ActionItemQuerySet:
        """The members of its body and of its owner group, its owner; and every logged-in person
        when it follows up a published public decision (the decision itself is open data)."""
        if not user.is_authenticated:
            return self.none()
        # Decision.open_data() as joins along the action item's own decision: as `decision__in=
        # (subquery)` PostgreSQL hashed every public decision (~85 000 at ten years of use, 0.5 s) for
        # each of the page's four queries before reading a row; the joins follow 50 rows' keys.
        follows_public = AgendaItemQuerySet._open_q("decision__agenda_item__")
        return self.filter(member_body_q(user) | member_body_q(user, "owner_body") | Q(owner=user) | follows_public)

    def open(self) -> ActionItemQuerySet:
        return self.filter(status__in=ActionItem.OPEN_STATUSES)


@protected
class ActionItem(VisibilityRuleMixin, models.Model):
    """Toimenpide: follow-up of a decision, assigned to a person or a group, with a due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="action_items",
                             verbose_name=_("body"))
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="action_items", verbose_name=_("decision"))
    title = models.CharField(pgettext_lazy("document title", "title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="action_items", verbose_name=_("owner"))
    owner_body = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="assigned_action_items", verbose_name=_("owner group"))
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="action_items", verbose_name=_("party"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    status_note = models.TextField(_("status note"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    reminded_week_before = models.DateField(null=True, blank=True, editable=False)
    reminded_on_due = models.DateField(null=True, blank=True, editable=False)

    search_documents = GenericRelation("base.SearchDocument")  # cooperation.base.search
    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(owner__isnull=False) | Q(owner_body__isnull=False),
                                   name="action_item_has_owner"),
        ]
        # The action-items page and the monthly report list the open items by due date.
        indexes = [models.Index(fields=["due_date", "id"], condition=Q(status__in=["open", "in_progress"]),
                                name="action_item_open_by_due"),
                   models.Index(fields=["due_date", "id"], name="action_item_by_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_display(self) -> str:
        if self.owner_id:
            return str(self.owner)
        return str(self.owner_body) if self.owner_body_id else ""

    def is_overdue(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.status in self.OPEN_STATUSES and self.due_date < on

    def clean(self) -> None:
        if not self.owner_id and not self.owner_body_id:
            raise ValidationError({"owner": _("Assign the action to a person or a group.")})

    def can_be_edited_by(self, user) -> bool:
        """Owners update the status; the body's secretary manages the item."""
        return user.is_authenticated and (
            self.owner_id == user.pk
            or self.body.is_managed_by(user)
            or (self.owner_body_id is not None and self.owner_body.is_readable_in_full_by(user))
        )


class CalendarToken(models.Model):
    """A person's private iCal feed address (revocable by regenerating)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"{self.user}"

    @classmethod
    def for_user(cls, user) -> CalendarToken:
        token, _created = cls.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
        return token


# Direct foreign-key object permissions on bodies (django-guardian picks these up by name).
class BodyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Body, on_delete=models.CASCADE)


class BodyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Body, on_delete=models.CASCADE)


# --- standard agenda and deliberation (käsittely) ------------------------------------------------
# Kept in their own module; imported here so Django registers them with the app.
from .deliberation_models import (  # noqa: E402, F401
    CounterProposal,
    DissentingOpinion,
    StandardAgendaItem,
    Vote,
    VoteBallot,
)

# --- invitation sending records (workgroups/invitation_models.py) --------------------------------
from .invitation_models import InvitationDispatch, InvitationRecipient  # noqa: E402,F401
