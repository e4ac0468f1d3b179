import datetime as dt

import pytest
from django.utils import timezone

from tests.worker import wait_for
from workgroups import services
from workgroups.models import ActionItem
from workgroups.tasks import send_action_item_reminders_task

pytestmark = pytest.mark.worker


def test_reminder_task_runs_in_a_real_worker_and_claims_each_reminder_once(celery_worker, world):
    w = world
    item = services.action_item_create(body=w.body, title="Muistutettava", owner=w.member1, acting_user=w.secretary,
                                       due_date=timezone.localdate() + dt.timedelta(days=7))
    send_action_item_reminders_task.delay()
    send_action_item_reminders_task.delay()  # a second beat run (or worker) must not send again
    wait_for(lambda: ActionItem.objects.filter(pk=item.pk, reminded_week_before__isnull=False).exists(),
             timeout=90, message="the worker to send the reminder:\n" + celery_worker.log())
    wait_for(lambda: celery_worker.log().count("succeeded") >= 2, timeout=90, message="both task runs")
    # The console e-mail backend writes each message to the worker's log: exactly one was sent.
    assert celery_worker.log().count("Subject:") == 1, celery_worker.log()
    assert "jasen1@test.example" in celery_worker.log()
