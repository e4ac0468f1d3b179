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


@shared_task(name="workgroups.tasks.send_invitation_task", bind=True, max_retries=4, acks_late=True)
def send_invitation_task(self, dispatch_id: int) -> int:
    """Deliver a confirmed invitation; SMTP or rendering trouble is retried 4 times (1, 2, 4, 8 minutes),
    then the sending is marked failed for the page. Recipients already reached are not sent again."""
    from .notifications import invitation_deliver, invitation_failed

    try:
        return invitation_deliver(dispatch_id=dispatch_id)
    except Exception as exc:  # SMTP, network, WeasyPrint: all worth a bounded retry
        if self.request.retries >= self.max_retries:
            invitation_failed(dispatch_id=dispatch_id, error=str(exc))
            raise
        raise self.retry(exc=exc, countdown=60 * 2 ** self.request.retries) from exc
