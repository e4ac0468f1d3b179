"""Writes of monitoring: imports, hand-entered figures, commentary and monthly report requests.

Report reliability (DESIGN.md §6): a request is a row first; the task only carries its id and
is sent after commit; a worker claims the row with an optimistic UPDATE … WHERE status='queued'
so a duplicate delivery never renders twice; the finished file is attached only by the claim
that rendered it; a periodic sweep re-sends rows stuck in queued (broker down when they were
made) or in rendering past a timeout (worker killed mid-render).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import time
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cooperation.base.audit import acting_as

from .imports import Catalogue, ImportRefused, Plan, parse, plan
from .models import Commentary, ImportBatch, Metric, Observation, ReportRequest, ReportSubscription, Target

logger = logging.getLogger(__name__)

# Rows in rendering longer than this are presumed orphaned by a dead worker (> the hard limit).
RENDER_STALE_SECONDS = int(os.environ.get("MONITORING_RENDER_STALE_SECONDS", "300"))
# Rows still queued after this were probably never delivered (broker down at request time).
QUEUED_STALE_SECONDS = int(os.environ.get("MONITORING_QUEUED_STALE_SECONDS", "120"))


class TransientRenderError(Exception):
    """A failure worth retrying (database or storage briefly unavailable)."""


# --- imports ----------------------------------------------------------------------------------

def import_preview(*, content: bytes, file_name: str, acting_user, allowed_areas=None) -> tuple[ImportBatch, Plan]:
    """Validate a file and keep it for confirmation; raises ImportRefused and then writes nothing."""
    fmt, cells = parse(content, Catalogue(allowed_areas))
    the_plan = plan(fmt, cells)
    batch = ImportBatch.objects.create(
        format=fmt, file_name=file_name[:255], content=content, sha256=hashlib.sha256(content).hexdigest(),
        created_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    return batch, the_plan


def batch_plan(batch: ImportBatch, *, allowed_areas=None) -> Plan:
    fmt, cells = parse(bytes(batch.content), Catalogue(allowed_areas))
    return plan(fmt, cells)


@transaction.atomic
def apply_plan(the_plan: Plan, *, batch: ImportBatch | None, acting_user) -> Plan:
    """Write a plan: all or nothing. Unchanged cells are not touched, so a re-import is a no-op.

    Corrections are saved one by one so django-auditlog keeps the old value in the history.
    """
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    if the_plan.new:
        Observation.objects.bulk_create([
            Observation(metric=c.cell.metric, area_code=c.cell.area_code, month=c.cell.month,
                        breakdown=c.cell.breakdown, value=c.cell.value, suppressed=c.cell.suppressed,
                        status=c.cell.status, source=c.cell.source, batch=batch, entered_by=user)
            for c in the_plan.new
        ])
    for change in the_plan.changed:
        obs, cell = change.old, change.cell
        obs.value, obs.suppressed, obs.status = cell.value, cell.suppressed, cell.status
        obs.source, obs.batch, obs.entered_by = cell.source or obs.source, batch, user
        obs.save()
    if batch is not None:
        batch.status = ImportBatch.Status.APPLIED
        batch.applied_at = timezone.now()
        batch.created_count, batch.updated_count = len(the_plan.new), len(the_plan.changed)
        batch.unchanged_count = the_plan.unchanged
        batch.save()
    return the_plan


def import_apply(*, batch: ImportBatch, acting_user, allowed_areas=None) -> Plan:
    """Apply a previewed batch; re-validated against the database as it is now."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportBatch.Status.PREVIEW:
            raise ImportRefused([_("This import has already been applied or discarded.")])
        return apply_plan(batch_plan(locked, allowed_areas=allowed_areas), batch=locked, acting_user=acting_user)


def import_content(*, content: bytes, file_name: str, acting_user, fmt_label: str = "",
                   allowed_areas=None) -> Plan:
    """Validate and apply in one go (command line and API). Nothing is written when nothing changes."""
    fmt, cells = parse(content, Catalogue(allowed_areas))
    the_plan = plan(fmt, cells)
    if not the_plan.has_changes:
        return the_plan
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            format=fmt_label or fmt, file_name=file_name[:255], content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            created_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        )
        return apply_plan(plan(fmt, cells), batch=batch, acting_user=acting_user)


@transaction.atomic
def observation_enter(*, metric: Metric, area_code: str, month: dt.date, value: Decimal | None,
                      suppressed: bool, acting_user, source: str = "") -> Observation:
    """A hand-entered figure (metrics without a national feed), validated by the form."""
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


@transaction.atomic
def commentary_save(*, month: dt.date, text: str, acting_user) -> Commentary:
    commentary, _created = Commentary.objects.update_or_create(
        month=month, defaults={"text": text, "written_by": acting_user})
    return commentary


# --- targets ----------------------------------------------------------------------------------

def target_save(*, target: Target, acting_user) -> Target:
    """Create or change a target; raises ValidationError (by field) and then writes nothing.

    The metric row is locked first so that the overlap check and the write happen as one step:
    two people saving overlapping targets for the same metric at once get one success and one
    clear refusal, never two rows in force together. The audit row names the acting person.
    """
    with transaction.atomic(), acting_as(acting_user):
        list(Metric.objects.select_for_update().filter(pk=target.metric_id).values_list("pk", flat=True))
        target.full_clean()
        target.save()
    return target


def target_delete(*, target: Target, acting_user) -> None:
    """Remove a target (a mistaken one; a target that stops applying is ended by its end date)."""
    with transaction.atomic(), acting_as(acting_user):
        target.delete()


# --- report requests ----------------------------------------------------------------------------

def _send_to_worker(report_id: int) -> None:
    """Publish the task; if the broker is down the row stays queued and the sweep sends it later."""
    from .tasks import render_report_task

    try:
        render_report_task.apply_async(args=[report_id], retry=True,
                                       retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5})
    except Exception:  # broker unreachable: the request is safe in the database
        logger.warning("monitoring: could not enqueue report %s now; the sweep will retry", report_id, exc_info=True)
        return
    ReportRequest.objects.filter(pk=report_id).update(enqueued_at=timezone.now())


def report_request(*, month: dt.date, authority=None, language: str = "fi", acting_user=None,
                   enqueue: bool = True) -> ReportRequest:
    """A new version of the month's report for the scope, queued for the worker after commit."""
    month = month.replace(day=1)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                latest = ReportRequest.objects.filter(month=month, authority=authority, language=language)
                version = (latest.aggregate(v=Max("version"))["v"] or 0) + 1
                report = ReportRequest.objects.create(
                    month=month, authority=authority, language=language, version=version,
                    requested_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
                )
                if enqueue:  # False: `render_report --sync` renders in its own process
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
    if ReportRequest.objects.filter(month=month, authority=None, language=settings.LANGUAGE_CODE).exists():
        return None
    return report_request(month=month, language=settings.LANGUAGE_CODE)


def _claim(report_id: int) -> str | None:
    token = uuid.uuid4().hex
    claimed = ReportRequest.objects.filter(pk=report_id, status=ReportRequest.Status.QUEUED).update(
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


def render_report(report_id: int) -> str:
    """Claim, render, store, finish. Returns what happened (for logs and tests).

    Called by the task and by `render_report --sync`. Safe to run twice for the same id.
    """
    token = _claim(report_id)
    if token is None:
        return "skipped"  # already rendering elsewhere, ready or failed: never a second version
    mine = ReportRequest.objects.filter(pk=report_id, claim_token=token, status=ReportRequest.Status.RENDERING)
    report = ReportRequest.objects.select_related("authority__party", "authority__employment_area").get(pk=report_id)
    from celery.exceptions import SoftTimeLimitExceeded
    from django.db import InterfaceError, OperationalError

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
        mine.update(status=ReportRequest.Status.FAILED, finished_at=timezone.now(),
                    error=_("Rendering took too long and was stopped."))
        return "failed"
    except Exception as exc:
        logger.exception("monitoring: report %s failed", report_id)
        mine.update(status=ReportRequest.Status.FAILED, finished_at=timezone.now(),
                    error=f"{exc.__class__.__name__}: {exc}"[:2000])
        return "failed"
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
    stale_render = now - dt.timedelta(seconds=RENDER_STALE_SECONDS)
    resend: list[int] = []
    for pk in ReportRequest.objects.filter(status=ReportRequest.Status.RENDERING,
                                           claimed_at__lt=stale_render).values_list("pk", flat=True):
        # Optimistic: only if it is still the same stuck claim.
        if ReportRequest.objects.filter(pk=pk, status=ReportRequest.Status.RENDERING,
                                        claimed_at__lt=stale_render).update(
                status=ReportRequest.Status.QUEUED, claim_token="", enqueued_at=None,
                error=_("The worker stopped during rendering; the report was queued again.")):
            resend.append(pk)
    stale_queue = now - dt.timedelta(seconds=QUEUED_STALE_SECONDS)
    resend += list(ReportRequest.objects.filter(status=ReportRequest.Status.QUEUED).filter(
        Q(enqueued_at__isnull=True, created_at__lt=stale_queue) | Q(enqueued_at__lt=stale_queue)
    ).exclude(pk__in=resend).values_list("pk", flat=True))
    for pk in resend:
        _send_to_worker(pk)
    return resend


def notify_subscribers(report_id: int) -> int:
    report = ReportRequest.objects.get(pk=report_id)
    path = reverse("monitoring:report-detail", args=[report.pk])
    sent = 0
    for sub in ReportSubscription.objects.select_related("user").filter(user__is_active=True):
        if not sub.user.has_perm("monitoring.view_reportrequest"):
            continue
        with translation.override(sub.user.language or settings.LANGUAGE_CODE):
            context = {"report": report, "url": f"{settings.PORTAL_BASE_URL}{path}", "user": sub.user}
            subject = _("Monthly report %(month)s is ready") % {"month": f"{report.month:%m/%Y}"}
            body = render_to_string("emails/monitoring/report_ready.txt", context)
        send_mail(subject, body, None, [sub.user.email], fail_silently=True)
        sent += 1
    return sent


def subscription_set(*, user, subscribed: bool) -> None:
    if subscribed:
        ReportSubscription.objects.get_or_create(user=user)
    else:
        ReportSubscription.objects.filter(user=user).delete()
