import shutil
from pathlib import Path

import pytest

from monitoring.catalogue import sync_metrics
from monitoring.models import ImportBatch, Observation

SAMPLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "samples"
if not SAMPLES.exists():
    SAMPLES = Path("/work/shared/samples")
JSONSTAT_SAMPLE = SAMPLES / "statfin_12r5_sample.json"
CSV_SAMPLE = SAMPLES / "metrics_long.csv"


@pytest.fixture(autouse=True)
def catalogue(db):
    """The metric catalogue, as the data migration leaves it (the test DB may have been flushed)."""
    sync_metrics()


@pytest.fixture
def areas(seeded_parties):
    """The parties registry that area codes (KU398, TA098 …) resolve against."""


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; Finnish is the default (its catalogue is tested by
    the Finnish PDF heading and the pages' own checks)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


def db_snapshot() -> tuple:
    """Everything an import may write, to assert that a refused import wrote nothing."""
    return (
        sorted(Observation.objects.values_list("metric_id", "area_code", "month", "breakdown", "value", "suppressed",
                                               "status", "source", "batch_id")),
        ImportBatch.objects.count(),
    )


@pytest.fixture
def demo_data(areas):
    from monitoring import demo

    demo.seed()
