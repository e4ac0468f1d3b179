import socket

from celery import shared_task
from celery.signals import worker_ready

from .models import WorkerHeartbeat


@shared_task
def heartbeat_task(note: str = "") -> int:
    """Write one heartbeat row; used by /healthz and by the worker test."""
    return WorkerHeartbeat.objects.create(hostname=socket.gethostname(), note=note[:200]).pk


@worker_ready.connect
def heartbeat_on_start(sender=None, **kwargs) -> None:
    """Beat's first interval only ends after a minute; say at once that a worker consumes."""
    heartbeat_task.delay(note="worker started")


@shared_task
def send_agreement_reminders_task() -> int:
    """Daily: remind the parties' contacts before agreements end and dispute deadlines pass."""
    from .agreement_services import send_due_reminders

    return send_due_reminders()
