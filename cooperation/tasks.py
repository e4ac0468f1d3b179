import socket

from celery import shared_task

from .models import WorkerHeartbeat


@shared_task
def heartbeat_task(note: str = "") -> int:
    """Write one heartbeat row; used by /healthz and by the worker test."""
    return WorkerHeartbeat.objects.create(hostname=socket.gethostname(), note=note[:200]).pk


@shared_task
def send_agreement_reminders_task() -> int:
    """Daily: remind the parties' contacts before agreements end and dispute deadlines pass."""
    from .agreement_services import send_due_reminders

    return send_due_reminders()
