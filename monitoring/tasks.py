"""Thin Celery tasks: they take an id and call a service (see monitoring.services).

services sends the render task by its name (services.RENDER_TASK), so that it need not import
this module: the dependency runs one way only, tasks -> services.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
    name=services.RENDER_TASK,
    acks_late=True,
    reject_on_worker_lost=True,  # a killed worker's message goes back to the queue
    soft_time_limit=120,
    time_limit=150,
    autoretry_for=(services.TransientRenderError, OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def render_report_task(report_id: int) -> str:
    return services.render_report(report_id)


@shared_task
def sweep_stuck_reports_task() -> int:
    return len(services.sweep_stuck_reports())


@shared_task
def request_monthly_report_task() -> int | None:
    report = services.request_previous_month()
    return report.pk if report else None


@shared_task(name=services.STATFIN_TASK, acks_late=True, soft_time_limit=600, time_limit=660)
def statfin_fetch_task(fetch_id: int) -> str:
    return services.statfin_fetch_run(fetch_id)


@shared_task
def scheduled_statfin_fetch_task() -> list[int]:
    return [fetch.pk for fetch in services.statfin_fetch_scheduled()]
