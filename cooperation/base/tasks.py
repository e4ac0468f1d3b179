import socket

from celery import shared_task
from celery.signals import worker_ready

from .models import WorkerHeartbeat


# The name predates the move to the shared base; kept so queued messages and beat entries still match.
@shared_task(name="cooperation.tasks.heartbeat_task")
def heartbeat_task(note: str = "") -> int:
    """Write one heartbeat row; used by /healthz and by the worker test."""
    return WorkerHeartbeat.objects.create(hostname=socket.gethostname(), note=note[:200]).pk


@worker_ready.connect
def heartbeat_on_start(sender=None, **kwargs) -> None:
    """Beat's first interval only ends after a minute; say at once that a worker consumes."""
    heartbeat_task.delay(note="worker started")
