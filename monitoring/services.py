"""Writes of monitoring: imports, hand-entered figures, commentary, targets and monthly report requests.

Every write a person makes goes through a keyword-only function here taking `acting_user`: it
checks the model's rule (PermissionDenied), writes in one transaction, records the person as
the audit actor (`acting_as`) and sends work to the worker after commit. `acting_user=None`
is the system itself (a management command, the beat), for which the rules of people do not apply.

Report reliability (DESIGN.md §6): a request is a row first; the task only carries its id and
is sent after commit; a worker claims the row with an optimistic UPDATE … WHERE status='queued'
so a duplicate delivery never renders twice; the finished file is attached only by the claim
that rendered it; a periodic sweep re-sends rows stuck in queued (broker down when they were
made) or in rendering past a timeout (worker killed mid-render).

The task is sent by its name (RENDER_TASK; monitoring.tasks registers it under that name), so
that this module does not import the tasks that call it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import time
import uuid
from decimal import Decimal

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cooperation.base.audit import acting_as
from parties.models import EmploymentAuthority, User

from .imports import Catalogue, ImportRefused, Plan, parse, plan
from .models import (
    Commentary,
    ImportBatch,
    Metric,
    Observation,
    ReportDownload,
    ReportRequest,
    ReportRequestQuerySet,
    ReportSubscription,
    StatFinFetch,
    Target,
    can_download_reports,
)
from .selectors import ReportSourceFailed

logger = logging.getLogger(__name__)

# Rows in rendering longer than this are presumed orphaned by a dead worker (> the hard limit).
RENDER_STALE_SECONDS = int(os.environ.get("MONITORING_RENDER_STALE_SECONDS", "300"))
# Rows still queued after this were probably never delivered (broker down at request time).
QUEUED_STALE_SECONDS = int(os.environ.get("MONITORING_QUEUED_STALE_SECONDS", "120"))
RENDER_TASK = "monitoring.tasks.render_report_task"


class TransientRenderError(Exception):
    """A failure worth retrying (database or storage briefly unavailable)."""


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _person(acting_user: User | None) -> User | None:
    """The acting person to record on a row (None for the system)."""
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


# --- imports ----------------------------------------------------------------------------------

def import_preview(*, content: bytes, file_name: str, acting_user: User,
                   allowed_areas: set[str] | None = None) -> tuple[ImportBatch, Plan]:
    """Validate a file and keep it for confirmation; raises ImportRefused and then writes nothing."""
    _require(ImportBatch.can_be_made_by(acting_user))
    fmt, cells = parse(content, Catalogue(allowed_areas))
    the_plan = plan(fmt, cells)
    with transaction.atomic(), acting_as(acting_user):
        batch = ImportBatch.objects.create(
            format=fmt, file_name=file_name[:255], content=content, sha256=hashlib.sha256(content).hexdigest(),
            created_by=_person(acting_user),
        )
    return batch, the_plan


def batch_plan(batch: ImportBatch, *, allowed_areas: set[str] | None = None) -> Plan:
    fmt, cells = parse(bytes(batch.content), Catalogue(allowed_areas))
    return plan(fmt, cells)


@transaction.atomic
def apply_plan(the_plan: Plan, *, batch: ImportBatch | None, acting_user: User | None) -> Plan:
    """Write a plan: all or nothing. Unchanged cells are not touched, so a re-import is a no-op.

    Corrections are saved one by one so django-auditlog keeps the old value in the history.
    Called by the import services below, which have checked the rule and set the audit actor.
    """
    user = _person(acting_user)
    if the_plan.new:
        _insert_new(the_plan.new, batch=batch, user=user)
    for change in the_plan.changed:
        obs, cell = change.old, change.cell
        obs.value, obs.suppressed, obs.status = cell.value, cell.suppressed, cell.status
        obs.source, obs.batch, obs.entered_by = cell.source or obs.source, batch, user
        obs.save()
    the_plan.batch = batch
    if batch is not None:
        batch.status = ImportBatch.Status.APPLIED
        batch.applied_at = timezone.now()
        batch.created_count, batch.updated_count = len(the_plan.new), len(the_plan.changed)
        batch.unchanged_count = the_plan.unchanged
        batch.save()
    return the_plan


COPY_COLUMNS = ("metric_id", "area_code", "month", "breakdown", "value", "suppressed", "status", "source",
                "batch_id", "entered_by_id", "updated_at")


def _insert_new(changes: list, *, batch: ImportBatch | None, user) -> None:
    """New observations in one go. On PostgreSQL through COPY: a whole-country file (~27,000 values)
    spends most of a bulk_create in Django building the INSERT; COPY takes a fraction of it. New
    rows have no history, so skipping the model's save (and the audit log) loses nothing, as with
    bulk_create."""
    if connection.vendor != "postgresql":
        Observation.objects.bulk_create([
            Observation(metric=c.cell.metric, area_code=c.cell.area_code, month=c.cell.month,
                        breakdown=c.cell.breakdown, value=c.cell.value, suppressed=c.cell.suppressed,
                        status=c.cell.status, source=c.cell.source, batch=batch, entered_by=user)
            for c in changes])
        return
    # COPY goes past Django's execute wrapper (cooperation.base.data_version); the batch row written
    # in the same transaction (import_content, import_apply) is what changes the data version.
    now, batch_id, user_id = timezone.now(), getattr(batch, "pk", None), getattr(user, "pk", None)
    table = Observation._meta.db_table
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN") as copy:
        for change in changes:
            cell = change.cell
            copy.write_row((cell.metric.pk, cell.area_code, cell.month, cell.breakdown, cell.value, cell.suppressed,
                            cell.status, cell.source, batch_id, user_id, now))


def import_apply(*, batch: ImportBatch, acting_user: User, allowed_areas: set[str] | None = None,
                 jumps_confirmed: bool = False) -> Plan:
    """Apply a previewed batch; re-validated against the database as it is now. Values that jump
    from the previous month beyond the metric's threshold must have been confirmed by the importer."""
    _require(batch.can_be_handled_by(acting_user))
    with transaction.atomic(), acting_as(acting_user):
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportBatch.Status.PREVIEW:
            raise ImportRefused([_("This import has already been applied or discarded.")])
        the_plan = batch_plan(locked, allowed_areas=allowed_areas)
        if the_plan.jumps and not jumps_confirmed:
            raise ImportRefused([_("%(n)d values change from the previous month more than usual. Check them "
                                   "in the preview and confirm that they are right.") % {"n": len(the_plan.jumps)}])
        return apply_plan(the_plan, batch=locked, acting_user=acting_user)


def import_discard(*, batch: ImportBatch, acting_user: User) -> bool:
    """Drop a preview and its file; False when it had already been applied or discarded."""
    _require(batch.can_be_handled_by(acting_user))
    with transaction.atomic(), acting_as(acting_user):
        return bool(ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
            status=ImportBatch.Status.DISCARDED, content=b""))


def import_content(*, content: bytes, file_name: str, acting_user: User | None, fmt_label: str = "",
                   allowed_areas: set[str] | None = None) -> Plan:
    """Validate and apply in one go (command line and API). Nothing is written when nothing changes."""
    if acting_user is not None:
        _require(ImportBatch.can_be_made_by(acting_user))
    fmt, cells = parse(content, Catalogue(allowed_areas))
    the_plan = plan(fmt, cells)
    if not the_plan.has_changes:
        return the_plan
    with transaction.atomic(), acting_as(acting_user):
        batch = ImportBatch.objects.create(
            format=fmt_label or fmt, file_name=file_name[:255], content=content,
            sha256=hashlib.sha256(content).hexdigest(), created_by=_person(acting_user),
        )
        return apply_plan(plan(fmt, cells), batch=batch, acting_user=acting_user)


def observation_enter(*, metric: Metric, area_code: str, month: dt.date, value: Decimal | None,
                      suppressed: bool, acting_user: User, source: str = "") -> Observation:
    """A hand-entered figure (metrics without a national feed), validated by the form."""
    _require(Observation.can_be_entered_by(acting_user))
    with transaction.atomic(), acting_as(acting_user):
        obs, created = Observation.objects.select_for_update().get_or_create(
            metric=metric, area_code=area_code, month=month, breakdown="",
            defaults={"value": value, "suppressed": suppressed, "status": "..." if suppressed else "",
                      "source": source or _("entered by hand"), "entered_by": acting_user},
        )
        if not created and (obs.value != value or obs.suppressed != suppressed):
            obs.value, obs.suppressed, obs.status = value, suppressed, "..." if suppressed else ""
            obs.entered_by, obs.batch = acting_user, None
            obs.source = source or _("entered by hand")
            obs.save()
    return obs


def commentary_save(*, month: dt.date, text: str, acting_user: User) -> Commentary:
    _require(Commentary.can_be_written_by(acting_user))
    with transaction.atomic(), acting_as(acting_user):
        commentary, _created = Commentary.objects.update_or_create(
            month=month, defaults={"text": text, "written_by": acting_user})
    return commentary


# --- targets ----------------------------------------------------------------------------------

def target_save(*, target: Target, acting_user: User) -> Target:
    """Create or change a target; raises ValidationError (by field) and then writes nothing.

    The metric row is locked first so that the overlap check and the write happen as one step:
    two people saving overlapping targets for the same metric at once get one success and one
    clear refusal, never two rows in force together. The audit row names the acting person.
    """
    _require(target.can_be_saved_by(acting_user))
    with transaction.atomic(), acting_as(acting_user):
        list(Metric.objects.select_for_update().filter(pk=target.metric_id).values_list("pk", flat=True))
        target.full_clean()
        target.save()
    return target


def target_delete(*, target: Target, acting_user: User) -> None:
    """Remove a target (a mistaken one; a target that stops applying is ended by its end date)."""
    _require(target.can_be_deleted_by(acting_user))
    with transaction.atomic(), acting_as(acting_user):
        target.delete()


# --- report requests ----------------------------------------------------------------------------

def _worker_rows() -> ReportRequestQuerySet:
    """Request rows as the worker and the beat handle them: claims, state changes and the sweep
    (row ids and states, never shown to a person)."""
    return ReportRequest.objects.all()  # visibility: worker claims, the sweep, the beat; nothing is shown


def _send_to_worker(report_id: int) -> None:
    """Publish the task; if the broker is down the row stays queued and the sweep sends it later."""
    try:
        current_app.send_task(RENDER_TASK, args=[report_id], retry=True,
                              retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5})
    except Exception:  # broker unreachable: the request is safe in the database
        logger.warning("monitoring: could not enqueue report %s now; the sweep will retry", report_id, exc_info=True)
        return
    _worker_rows().filter(pk=report_id).update(enqueued_at=timezone.now())


def report_request(*, month: dt.date, acting_user: User | None = None,
                   authority: EmploymentAuthority | None = None, language: str = "fi",
                   enqueue: bool = True) -> ReportRequest:
    """A new version of the month's report for the scope, queued for the worker after commit.

    Refuses (ValidationError by field, nothing written) what the model refuses, e.g. a month in the
    future. `enqueue=False`: `render_report --sync` renders it in its own process.
    """
    if acting_user is not None:
        _require(ReportRequest.can_be_requested_by(acting_user))
    fields = {"month": month.replace(day=1), "authority": authority, "language": language,
              "requested_by": _person(acting_user)}
    ReportRequest(version=1, **fields).full_clean(validate_unique=False, validate_constraints=False)
    for _attempt in range(5):
        try:
            with transaction.atomic(), acting_as(acting_user):
                # visibility: the version number counts every version of the month; nothing is shown
                versions = ReportRequest.objects.filter(month=fields["month"], authority=authority, language=language)
                report = ReportRequest.objects.create(
                    version=(versions.aggregate(v=Max("version"))["v"] or 0) + 1, **fields)
                if enqueue:
                    transaction.on_commit(lambda pk=report.pk: _send_to_worker(pk))
                return report
        except IntegrityError:  # two requests raced for the same version number: take the next
            continue
    raise RuntimeError("could not allocate a report version")


def request_previous_month(*, today: dt.date | None = None) -> ReportRequest | None:
    """Beat: the steering group's report for the previous month, from MONITORING_REPORT_DAY on,
    unless one already exists (so running it every hour requests it exactly once)."""
    today = today or timezone.localdate()
    if today.day < int(os.environ.get("MONITORING_REPORT_DAY", "5")):
        return None
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if _worker_rows().filter(month=month, authority=None, language=settings.LANGUAGE_CODE).exists():
        return None
    return report_request(month=month, language=settings.LANGUAGE_CODE)


def report_download_record(*, report: ReportRequest, acting_user: User, via: str = "web") -> ReportDownload:
    """Log a download (who, which version, when) of a ready report the person may see."""
    _require(report.can_be_viewed_by(acting_user))
    if not report.is_downloadable:
        raise ValueError(f"report {report.pk} has no file to download")
    with transaction.atomic(), acting_as(acting_user):
        return ReportDownload.objects.create(report=report, user=acting_user, via=via)


def subscription_set(*, acting_user: User, subscribed: bool) -> None:
    """Subscribe to (those who may see the reports) or unsubscribe from (anyone) the ready e-mails."""
    if subscribed:
        _require(can_download_reports(acting_user))
    with transaction.atomic(), acting_as(acting_user):
        if subscribed:
            ReportSubscription.objects.get_or_create(user=acting_user)
        else:
            ReportSubscription.objects.filter(user=acting_user).delete()


def _claim(report_id: int) -> str | None:
    token = uuid.uuid4().hex
    claimed = _worker_rows().filter(pk=report_id, status=ReportRequest.Status.QUEUED).update(
        status=ReportRequest.Status.RENDERING, claim_token=token, claimed_at=timezone.now(),
        attempts=F("attempts") + 1)
    return token if claimed else None


def _test_slowdown() -> None:
    """Test hook: a worker started with MONITORING_TEST_RENDER_DELAY sleeps mid-render, so a test
    can kill it there. Unset in every real deployment."""
    delay = float(os.environ.get("MONITORING_TEST_RENDER_DELAY") or 0)
    if delay:
        time.sleep(delay)


def render_pdf_bytes(report: ReportRequest) -> bytes:
    from cooperation.base.pdf import html_to_pdf

    from .reports import report_document

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one INFO line per page otherwise

    document = report_document(month=report.month, authority=report.authority, language=report.language,
                               report=report)
    _test_slowdown()
    return html_to_pdf(document.html, document.attachments)


def _reader_language(report: ReportRequest) -> str:
    """The language of a reason shown on the reports page: the requester's, else the report's."""
    person = report.requested_by
    return (person.language if person is not None and person.language else None) or report.language


def render_report(report_id: int) -> str:
    """Claim, render, store, finish. Returns what happened (for logs and tests).

    Called by the task and by `render_report --sync`. Safe to run twice for the same id.
    """
    token = _claim(report_id)
    if token is None:
        return "skipped"  # already rendering elsewhere, ready or failed: never a second version
    mine = _worker_rows().filter(pk=report_id, claim_token=token, status=ReportRequest.Status.RENDERING)
    report = mine.select_related("authority__party", "authority__employment_area", "requested_by").get()

    def fail(reason: str) -> str:
        mine.update(status=ReportRequest.Status.FAILED, finished_at=timezone.now(), error=reason[:2000])
        return "failed"

    try:
        pdf = render_pdf_bytes(report)
        checksum = hashlib.sha256(pdf).hexdigest()
        name = default_storage.save(f"monitoring/reports/{report.download_name().removesuffix('.pdf')}-"
                                    f"{token[:8]}.pdf", ContentFile(pdf))
    except (OperationalError, InterfaceError, OSError) as exc:
        # Give the row back so the retry (or the sweep) can claim it again.
        mine.update(status=ReportRequest.Status.QUEUED, claim_token="", error=f"{exc.__class__.__name__}: {exc}")
        raise TransientRenderError(str(exc)) from exc
    except SoftTimeLimitExceeded:
        return fail(_("Rendering took too long and was stopped."))
    except ReportSourceFailed as exc:
        # The cause (with its traceback) goes to the log; the person reads which section failed.
        logger.error("monitoring: report %s failed: %s", report_id, exc, exc_info=exc)
        with translation.override(_reader_language(report)):
            return fail(exc.reason)
    except Exception as exc:
        logger.exception("monitoring: report %s failed", report_id)
        return fail(f"{exc.__class__.__name__}: {exc}")
    finished = mine.update(status=ReportRequest.Status.READY, file=name, checksum=checksum, size=len(pdf),
                           finished_at=timezone.now(), error="")
    if not finished:  # the sweep gave this row to another worker meanwhile: keep theirs only
        default_storage.delete(name)
        return "superseded"
    transaction.on_commit(lambda: notify_subscribers(report_id))
    return "ready"


def sweep_stuck_reports(*, now: dt.datetime | None = None) -> list[int]:
    """Beat: re-send queued rows that were never delivered and rendering rows whose worker died."""
    now = now or timezone.now()
    rows = _worker_rows()
    stuck = rows.filter(status=ReportRequest.Status.RENDERING,
                        claimed_at__lt=now - dt.timedelta(seconds=RENDER_STALE_SECONDS))
    resend: list[int] = []
    for pk in stuck.values_list("pk", flat=True):
        # Optimistic: only if it is still the same stuck claim.
        if stuck.filter(pk=pk).update(
                status=ReportRequest.Status.QUEUED, claim_token="", enqueued_at=None,
                error=_("The worker stopped during rendering; the report was queued again.")):
            resend.append(pk)
    stale_queue = now - dt.timedelta(seconds=QUEUED_STALE_SECONDS)
    resend += list(rows.filter(status=ReportRequest.Status.QUEUED).filter(
        Q(enqueued_at__isnull=True, created_at__lt=stale_queue) | Q(enqueued_at__lt=stale_queue)
    ).exclude(pk__in=resend).values_list("pk", flat=True))
    for pk in resend:
        _send_to_worker(pk)
    return resend


def notify_subscribers(report_id: int) -> int:
    """E-mail the link to each subscriber the report's rule shows it to (one who lost the right gets none)."""
    path = reverse("monitoring:report-detail", args=[report_id])
    sent = 0
    for sub in ReportSubscription.objects.select_related("user").filter(user__is_active=True):
        report = ReportRequest.objects.visible_to(sub.user).filter(pk=report_id).first()
        if report is None:
            continue
        with translation.override(sub.user.language or settings.LANGUAGE_CODE):
            context = {"report": report, "url": f"{settings.PORTAL_BASE_URL}{path}", "user": sub.user}
            subject = _("Monthly report %(month)s is ready") % {"month": f"{report.month:%m/%Y}"}
            body = render_to_string("emails/monitoring/report_ready.txt", context)
        send_mail(subject, body, None, [sub.user.email], fail_silently=True)
        sent += 1
    return sent


# --- StatFin fetched by itself -----------------------------------------------------------------

STATFIN_TASK = "monitoring.tasks.statfin_fetch_task"


def statfin_tables() -> dict[str, set[str]]:
    """The StatFin tables the catalogue names, with the content codes the portal imports from each."""
    tables: dict[str, set[str]] = {}
    for table, code in Metric.objects.filter(is_active=True, source_kind=Metric.SourceKind.STATFIN).exclude(
            statfin_table="").exclude(source_code="").values_list("statfin_table", "source_code"):
        tables.setdefault(table, set()).add(code)
    return tables


def _send_fetch(fetch_id: int) -> None:
    try:
        current_app.send_task(STATFIN_TASK, args=[fetch_id], retry=True,
                              retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5})
    except Exception:  # broker unreachable: the row says so on the page; the next schedule tries again
        logger.warning("monitoring: could not enqueue StatFin fetch %s", fetch_id, exc_info=True)
        StatFinFetch.objects.filter(pk=fetch_id, status=StatFinFetch.Status.QUEUED).update(
            status=StatFinFetch.Status.FAILED, finished_at=timezone.now(),
            error=_("The background worker could not be reached; try again later."))


def statfin_fetch_request(*, table: str, acting_user: User | None = None) -> StatFinFetch:
    """A fetch of one table: a row first, sent to the worker after commit (page button, beat)."""
    if acting_user is not None:
        _require(StatFinFetch.can_be_requested_by(acting_user))
    with transaction.atomic(), acting_as(acting_user):
        fetch = StatFinFetch.objects.create(table=table, requested_by=_person(acting_user))
        transaction.on_commit(lambda pk=fetch.pk: _send_fetch(pk))
    return fetch


def statfin_fetch_scheduled() -> list[StatFinFetch]:
    """Beat, after Statistics Finland's monthly release: one fetch per table the catalogue names."""
    return [statfin_fetch_request(table=table) for table in sorted(statfin_tables())]


def statfin_fetch_run(fetch_id: int) -> str:
    """The worker's part: claim the row, query the table, import the answer all or nothing.

    Every failure (time-out, HTTP 429 or 5xx after the retries, a changed table, a file the import
    refuses) ends as status failed with a reason on the monitoring page; nothing is half-imported
    because the import is one transaction."""
    from . import statfin
    from .areas import AreaRegistry

    claimed = StatFinFetch.objects.filter(pk=fetch_id, status=StatFinFetch.Status.QUEUED).update(
        status=StatFinFetch.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return "not queued"
    fetch = StatFinFetch.objects.get(pk=fetch_id)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            contents = statfin_tables().get(fetch.table)
            if not contents:
                raise statfin.FetchFailed(_("The metric catalogue names no contents of the table %(table)s.")
                                          % {"table": fetch.table})
            answer = statfin.fetch(fetch.table, area_codes=set(AreaRegistry().by_code), content_codes=contents,
                                   months=settings.STATFIN_MONTHS)
            fetch.url, fetch.query = answer.url, answer.query
            stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
            result = import_content(content=answer.content, file_name=f"StatFin {fetch.table} {stamp}",
                                    acting_user=None)
        except statfin.FetchFailed as failed:
            fetch.status, fetch.error = StatFinFetch.Status.FAILED, failed.reason
        except ImportRefused as refused:
            fetch.status = StatFinFetch.Status.FAILED
            fetch.error = _("Statistics Finland's answer was refused; nothing was imported: %(errors)s") % {
                "errors": " ".join(refused.errors[:5])}
        else:
            fetch.status = StatFinFetch.Status.APPLIED if result.has_changes else StatFinFetch.Status.UNCHANGED
            fetch.new_count, fetch.changed_count, fetch.jump_count = (
                len(result.new), len(result.changed), len(result.jumps))
            fetch.batch = result.batch
    fetch.finished_at = timezone.now()
    fetch.save()
    return fetch.status
