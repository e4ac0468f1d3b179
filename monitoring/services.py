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
from dataclasses import dataclass
from decimal import Decimal

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.base.audit import acting_as
from cooperation.base.numbers import format_count
from parties.models import EmploymentAuthority, User
from workgroups.models import Decision

from .imports import Catalogue, ImportRefused, Plan, parse, plan
from .models import (
    Commentary,
    DecisionMetricLink,
    ImportBatch,
    Metric,
    Observation,
    PeerGroup,
    ReferenceArea,
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
# A render touches its row's heartbeat_at this often; a row whose heartbeat is older than
# RENDER_LOST_SECONDS lost its worker (killed, or its database connection gone): the sweep (every
# 15 s) and a redelivered message take it over, so a killed render is queued again within 60 s.
RENDER_HEARTBEAT_SECONDS = float(os.environ.get("MONITORING_RENDER_HEARTBEAT_SECONDS", "5"))
RENDER_LOST_SECONDS = int(os.environ.get("MONITORING_RENDER_LOST_SECONDS", "30"))
# Claims of one request before it is failed: a persistent storage or database error, or a render
# that kills its worker, must not be retried forever.
MAX_RENDER_ATTEMPTS = int(os.environ.get("MONITORING_MAX_RENDER_ATTEMPTS", "4"))
# Rendered files are written here first and moved to their final name only with the row's commit.
PARTIAL_DIR = "monitoring/reports/partial"
# Rows still queued after this were probably never delivered (broker down at request time).
QUEUED_STALE_SECONDS = int(os.environ.get("MONITORING_QUEUED_STALE_SECONDS", "120"))
RENDER_TASK = "monitoring.tasks.render_report_task"


class RenderTooLarge(Exception):
    """The render passed the memory a render may use (settings.REPORT_RENDER_MAX_RSS_MB)."""


def _resident_mb() -> float:
    """This process's resident memory now (Linux /proc; 0 where unknown, i.e. no check)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _check_memory(stage: str) -> None:
    limit = settings.REPORT_RENDER_MAX_RSS_MB
    used = _resident_mb()
    if limit and used > limit:
        raise RenderTooLarge(f"{stage}: {used:.0f} MiB > {limit} MiB")


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
            raise ImportRefused([_("%(n)s values change from the previous month more than usual. Check them "
                                   "in the preview and confirm that they are right.")
                                 % {"n": format_count(len(the_plan.jumps))}])
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
    """A hand-entered figure (metrics without a national feed); raises ValidationError by field."""
    _require(Observation.can_be_entered_by(acting_user))
    # The model's checks (Metric.value_problem among them) whatever the caller validated.
    Observation(metric=metric, area_code=area_code, month=month, value=value, suppressed=suppressed).clean()
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
    """Take the row for this render: queued, or rendering with a lost worker (stale heartbeat)."""
    token = uuid.uuid4().hex
    now = timezone.now()
    lost = now - dt.timedelta(seconds=RENDER_LOST_SECONDS)
    claimable = Q(status=ReportRequest.Status.QUEUED) | Q(status=ReportRequest.Status.RENDERING, heartbeat_at__lt=lost)
    claimed = _worker_rows().filter(claimable, pk=report_id, attempts__lt=MAX_RENDER_ATTEMPTS).update(
        status=ReportRequest.Status.RENDERING, claim_token=token, claimed_at=now, heartbeat_at=now,
        attempts=F("attempts") + 1)
    if not claimed:
        _fail_exhausted(_worker_rows().filter(claimable, pk=report_id))
    return token if claimed else None


def _exhausted_message() -> str:
    return _("The report could not be produced after %(n)d attempts. The administrators can find the cause "
             "in the log; request the report again later.") % {"n": MAX_RENDER_ATTEMPTS}


def _fail_exhausted(rows) -> int:
    """Fail the claimable rows that used up their attempts (the message names no server detail)."""
    return rows.filter(attempts__gte=MAX_RENDER_ATTEMPTS).update(
        status=ReportRequest.Status.FAILED, finished_at=timezone.now(), claim_token="", error=_exhausted_message())


def _keep_alive(report_id: int, token: str):
    """Touch the row's heartbeat_at every RENDER_HEARTBEAT_SECONDS while rendering (a thread with
    its own connection). Returns the function that stops it.

    SKIP LOCKED: when someone holds the row (a test's transaction, a long update), skip a beat
    rather than wait for it."""
    import threading

    from django.db import DatabaseError, connection

    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(RENDER_HEARTBEAT_SECONDS):
                try:
                    with transaction.atomic():
                        mine = _worker_rows().filter(pk=report_id, claim_token=token,
                                                     status=ReportRequest.Status.RENDERING)
                        if list(mine.select_for_update(skip_locked=True).values_list("pk", flat=True)):
                            mine.update(heartbeat_at=timezone.now())
                except DatabaseError:  # the database is away: the next beat tries a new connection
                    connection.close()
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"report-{report_id}-heartbeat", daemon=True)
    thread.start()

    def halt() -> None:
        stop.set()
        thread.join(timeout=2)

    return halt


def _with_database_back(operation, *, seconds: float = 30):
    """Run a database operation, retrying across a database restart (new connection each time)
    for up to `seconds`; then the last error is raised."""
    from django.db import connection

    deadline = time.monotonic() + seconds
    delay = 0.5
    while True:
        try:
            return operation()
        except (OperationalError, InterfaceError):
            if time.monotonic() + delay > deadline:
                raise
            connection.close()
            time.sleep(delay)
            delay = min(delay * 2, 5)


def _move_into_place(partial: str, final: str) -> str:
    """Move a rendered file from its temporary name to its final one (same storage)."""
    try:
        source, target = default_storage.path(partial), default_storage.path(final)
    except NotImplementedError:  # a remote storage (S3 …): copy, then remove the temporary file
        with default_storage.open(partial, "rb") as fh:
            name = default_storage.save(final, ContentFile(fh.read()))
        default_storage.delete(partial)
        return name
    os.makedirs(os.path.dirname(target), exist_ok=True)
    os.replace(source, target)
    return final


def _discard(*names: str) -> None:
    for name in names:
        try:
            if name and default_storage.exists(name):
                default_storage.delete(name)
        except OSError:
            logger.warning("monitoring: could not remove %s; the orphan sweep will", name, exc_info=True)


def _test_slowdown() -> None:
    """Test hooks: a worker started with MONITORING_TEST_RENDER_DELAY sleeps mid-render, so a test
    can kill it there; with MONITORING_TEST_RENDER_FAULT=raise every render fails (a poison render,
    bench/faults.py). Unset in every real deployment."""
    delay = float(os.environ.get("MONITORING_TEST_RENDER_DELAY") or 0)
    if delay:
        time.sleep(delay)
    if os.environ.get("MONITORING_TEST_RENDER_FAULT") == "raise":
        raise RuntimeError("poison render at /srv/portal/secret/path")


def render_pdf_bytes(report: ReportRequest) -> bytes:
    from cooperation.base.pdf import html_to_pdf

    from .reports import report_document

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one INFO line per page otherwise

    document = report_document(month=report.month, authority=report.authority, language=report.language,
                               report=report)
    _check_memory("html")  # checkpoints: the HTML and CSV are built, then the PDF is laid out
    _test_slowdown()
    pdf = html_to_pdf(document.html, document.attachments)
    _check_memory("pdf")
    return pdf


def _reader_language(report: ReportRequest) -> str:
    """The language of a reason shown on the reports page: the requester's, else the report's."""
    person = report.requested_by
    return (person.language if person is not None and person.language else None) or report.language


def render_report(report_id: int) -> str:
    """Claim, render, store, finish. Returns what happened (for logs and tests).

    Called by the task and by `render_report --sync`. Safe to run twice for the same id. The PDF is
    written under a temporary name and moved to its final name inside the transaction that marks
    the row ready: a render interrupted anywhere (database restart, storage error, killed worker)
    leaves no file that a row does not name (and the sweep removes stale temporary files).
    A failure shown to people names no server detail; the cause goes to the log.
    """
    token = _claim(report_id)
    if token is None:
        return "skipped"  # already rendering elsewhere, ready or failed: never a second version
    mine = _worker_rows().filter(pk=report_id, claim_token=token, status=ReportRequest.Status.RENDERING)
    report = mine.select_related("authority__party", "authority__employment_area", "requested_by").get()

    def fail(reason: str) -> str:
        _with_database_back(lambda: mine.update(status=ReportRequest.Status.FAILED, finished_at=timezone.now(),
                                                error=reason[:2000]))
        return "failed"

    partial = final = ""
    halt = _keep_alive(report_id, token)
    try:
        pdf = render_pdf_bytes(report)
        checksum = hashlib.sha256(pdf).hexdigest()
        partial = default_storage.save(f"{PARTIAL_DIR}/{token}.pdf", ContentFile(pdf))
        final = f"monitoring/reports/{report.download_name().removesuffix('.pdf')}-{token[:8]}.pdf"
        with transaction.atomic():
            finished = mine.update(status=ReportRequest.Status.READY, file=final, checksum=checksum, size=len(pdf),
                                   finished_at=timezone.now(), error="")
            if finished:
                _move_into_place(partial, final)
    except (OperationalError, InterfaceError, OSError) as exc:
        _discard(partial, final)
        logger.warning("monitoring: report %s attempt %s hit a transient error", report_id, report.attempts,
                       exc_info=True)
        if report.attempts >= MAX_RENDER_ATTEMPTS:
            return fail(_exhausted_message())
        # Give the row back so the retry (or the sweep) can claim it again, once the database answers.
        _with_database_back(lambda: mine.update(
            status=ReportRequest.Status.QUEUED, claim_token="",
            error=_("A temporary problem interrupted rendering; it will be tried again.")))
        raise TransientRenderError(exc.__class__.__name__) from exc
    except SoftTimeLimitExceeded:
        return fail(_("Rendering took too long and was stopped."))
    except (RenderTooLarge, MemoryError) as exc:
        # The worker child is replaced after this task (CELERY_WORKER_MAX_MEMORY_PER_CHILD).
        logger.error("monitoring: report %s used too much memory: %s", report_id, exc)
        with translation.override(_reader_language(report)):
            return fail(_("The report needed more memory than a report may use and was stopped. "
                          "Ask for the report of a smaller area, or ask the administrator to raise the limit."))
    except ReportSourceFailed as exc:
        # The cause (with its traceback) goes to the log; the person reads which section failed.
        logger.error("monitoring: report %s failed: %s", report_id, exc, exc_info=exc)
        with translation.override(_reader_language(report)):
            return fail(exc.reason)
    except Exception:
        logger.exception("monitoring: report %s failed", report_id)
        with translation.override(_reader_language(report)):
            return fail(_("The report could not be produced because of an error in the portal. The administrators "
                          "can find the cause in the log."))
    finally:
        halt()
    if not finished:  # the sweep gave this row to another worker meanwhile: keep theirs only
        _discard(partial)
        return "superseded"
    transaction.on_commit(lambda: notify_subscribers(report_id))
    return "ready"


def sweep_stuck_reports(*, now: dt.datetime | None = None) -> list[int]:
    """Beat (every 15 s): re-send queued rows that were never delivered and rendering rows whose
    worker is lost (heartbeat older than RENDER_LOST_SECONDS); fail rows out of attempts; remove
    stale temporary files."""
    now = now or timezone.now()
    rows = _worker_rows()
    lost = Q(heartbeat_at__lt=now - dt.timedelta(seconds=RENDER_LOST_SECONDS)) | Q(
        heartbeat_at__isnull=True, claimed_at__lt=now - dt.timedelta(seconds=RENDER_STALE_SECONDS))
    stuck = rows.filter(lost, status=ReportRequest.Status.RENDERING)
    _fail_exhausted(stuck)
    _fail_exhausted(rows.filter(status=ReportRequest.Status.QUEUED))
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
    sweep_partial_files(now=now)
    return resend


def sweep_partial_files(*, now: dt.datetime | None = None) -> list[str]:
    """Remove temporary render files older than the hard render limit (their render is over)."""
    now = now or timezone.now()
    removed: list[str] = []
    try:
        _dirs, names = default_storage.listdir(PARTIAL_DIR)
    except (FileNotFoundError, NotImplementedError):
        return removed
    for name in names:
        path = f"{PARTIAL_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < now - dt.timedelta(seconds=RENDER_STALE_SECONDS):
                default_storage.delete(path)
                removed.append(path)
        except (OSError, NotImplementedError):
            continue
    return removed


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
        from . import statfin

        unreachable = statfin.FetchFailed((gettext_lazy("The background worker could not be reached; try again "
                                                        "later."), {}))
        StatFinFetch.objects.filter(pk=fetch_id, status=StatFinFetch.Status.QUEUED).update(
            status=StatFinFetch.Status.FAILED, finished_at=timezone.now(),
            error=unreachable.reason, error_texts=unreachable.texts())


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


def _refusal_text(refused: ImportRefused) -> str:
    return _("Statistics Finland's answer was refused; nothing was imported: %(errors)s") % {
        "errors": " ".join(refused.errors[:5])}


def _refusal_texts(content: bytes, *, fallback: str) -> dict[str, str]:
    """The refusal in each of the portal's languages, for whoever reads the monitoring page: the
    import's errors are made as text, so the answer is read again in each language (only on failure)."""
    texts = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            try:
                parse(content, Catalogue())
            except ImportRefused as refused:
                texts[language] = _refusal_text(refused)
            else:
                texts[language] = fallback
    return texts


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
                raise statfin.FetchFailed((gettext_lazy("The metric catalogue names no contents of the table "
                                                        "%(table)s."), {"table": fetch.table}))
            answer = statfin.fetch(fetch.table, area_codes=set(AreaRegistry().by_code), content_codes=contents,
                                   months=settings.STATFIN_MONTHS)
            fetch.url, fetch.query = answer.url, answer.query
            stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
            result = import_content(content=answer.content, file_name=f"StatFin {fetch.table} {stamp}",
                                    acting_user=None)
        except statfin.FetchFailed as failed:
            fetch.status, fetch.error, fetch.error_texts = StatFinFetch.Status.FAILED, failed.reason, failed.texts()
        except ImportRefused as refused:
            fetch.status = StatFinFetch.Status.FAILED
            fetch.error = _refusal_text(refused)
            fetch.error_texts = _refusal_texts(answer.content, fallback=fetch.error)
        else:
            fetch.status = StatFinFetch.Status.APPLIED if result.has_changes else StatFinFetch.Status.UNCHANGED
            fetch.new_count, fetch.changed_count, fetch.jump_count = (
                len(result.new), len(result.changed), len(result.jumps))
            fetch.batch = result.batch
    fetch.finished_at = timezone.now()
    fetch.save()
    return fetch.status


# --- peer groups --------------------------------------------------------------------------------

def peer_group_save(*, authority_area: ReferenceArea, areas, acting_user: User) -> PeerGroup | None:
    """Choose the peer areas of an authority's employment area; an empty choice returns it to the
    default (the row is removed). Refused without the right; validated before anything is written;
    the audit log records the acting person and the old and new areas."""
    _require(PeerGroup.can_be_changed_by(acting_user))
    areas = list(areas)
    PeerGroup.clean_areas(authority_area, areas)
    with transaction.atomic(), acting_as(acting_user):
        group = PeerGroup.objects.select_for_update().filter(authority_area=authority_area).first()
        if not areas:
            if group is not None:
                group.delete()
            return None
        group = group or PeerGroup(authority_area=authority_area)
        group.updated_by = acting_user
        group.full_clean()
        group.save()
        group.areas.set(areas)
    return group

# --- metrics linked to decisions -----------------------------------------------------------------

@dataclass(frozen=True)
class LinkSpec:
    """One metric a decision aims to move, as the secretary names it."""

    metric: Metric
    area: ReferenceArea
    direction: str
    target_value: Decimal | None = None
    target_date: dt.date | None = None


def decision_links_save(*, decision: Decision, links: list[LinkSpec], acting_user: User) -> list[DecisionMetricLink]:
    """Set the metrics a decision aims to move: the given links replace the decision's earlier ones.

    The body's secretary may do this when recording the decision and later, also after the minutes
    lock (Decision.can_be_corrected_by): the links annotate the decision, they do not change what was
    decided. Every row is validated by DecisionMetricLink.clean() before anything is written; a
    refusal names the row (“Row 2: …”) and writes nothing. Audited, with the secretary as the actor.
    """
    _require(decision.can_be_corrected_by(acting_user))
    rows, seen, errors = [], set(), []
    for number, spec in enumerate(links, start=1):
        row = DecisionMetricLink(decision=decision, metric=spec.metric, area=spec.area, direction=spec.direction,
                                 target_value=spec.target_value, target_date=spec.target_date,
                                 created_by=_person(acting_user))
        key = (spec.metric.pk, spec.area.pk)
        try:
            row.full_clean(exclude=["decision", "created_by"], validate_unique=False, validate_constraints=False)
            if key in seen:
                raise ValidationError(_("%(metric)s in %(area)s is named twice.") % {
                    "metric": spec.metric.name, "area": spec.area.name})
        except ValidationError as error:
            errors += [_("Row %(row)d: %(problem)s") % {"row": number, "problem": message}
                       for message in error.messages]
        seen.add(key)
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(acting_user):
        # One secretary's save at a time per decision: the second sees the first one's rows.
        # visibility: a lock only; the caller's right was checked above
        list(Decision.objects.select_for_update().filter(pk=decision.pk).values_list("pk", flat=True))
        existing = {(link.metric_id, link.area_id): link for link in
                    DecisionMetricLink.objects.visible_to(acting_user).filter(decision=decision)}
        kept = []
        for row in rows:
            link = existing.pop((row.metric_id, row.area_id), None)
            if link is None:
                row.save()
                kept.append(row)
                continue
            changed = [f for f in ("direction", "target_value", "target_date") if getattr(link, f) != getattr(row, f)]
            for name in changed:
                setattr(link, name, getattr(row, name))
            if changed:
                link.save(update_fields=changed)
            kept.append(link)
        for link in existing.values():
            link.delete()
    return kept
