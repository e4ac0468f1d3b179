import socket

from celery import shared_task

from .models import WorkerHeartbeat


@shared_task
def heartbeat_task(note: str = "") -> int:
    """Write one heartbeat row; used by /healthz and by the worker test."""
    return WorkerHeartbeat.objects.create(hostname=socket.gethostname(), note=note[:200]).pk
