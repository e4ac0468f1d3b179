from celery import shared_task


# The name predates the agreements package; kept so queued messages and beat entries still match.
@shared_task(name="cooperation.tasks.send_agreement_reminders_task")
def send_agreement_reminders_task() -> int:
    """Daily: remind the parties' contacts before agreements end and dispute deadlines pass."""
    from .services import send_due_reminders

    return send_due_reminders()
