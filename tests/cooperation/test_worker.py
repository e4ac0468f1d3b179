import pytest

from cooperation.base.models import WorkerHeartbeat
from cooperation.base.tasks import heartbeat_task
from tests.worker import wait_for

pytestmark = pytest.mark.worker


def test_a_real_worker_process_runs_a_task_from_the_broker(celery_worker):
    heartbeat_task.delay(note="from the test")
    beat = wait_for(lambda: WorkerHeartbeat.objects.filter(note="from the test").first(), timeout=90,
                    message="the worker to write its heartbeat:\n" + celery_worker.log())
    assert beat.hostname
    assert celery_worker.process.poll() is None
