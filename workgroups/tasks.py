"""Thin Celery tasks: take an id (or nothing), call a service."""

from celery import shared_task


@shared_task(name="workgroups.tasks.send_action_item_reminders_task")
def send_action_item_reminders_task() -> int:
    from .services import action_item_send_reminders

    return action_item_send_reminders()


@shared_task(name="workgroups.tasks.sync_body_permissions_task")
def sync_body_permissions_task() -> int:
    from .services import sync_all_body_permissions

    return sync_all_body_permissions()


# Defined beside its service (workgroups/notifications.py queues it); imported here so the worker,
# which reads this module, knows it.
from .notifications import send_invitation_task  # noqa: E402,F401
