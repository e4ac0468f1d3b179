"""The fault runs of bench/faults.py as slow tests: `make faults` (pytest -m faults), not `make test`.

Each runs the script for one fault in its own process: it starts its own PostgreSQL cluster,
redis-server and worker, so it needs no fixture and touches nothing the suite uses."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.faults


@pytest.mark.parametrize("fault", ["a", "b", "c", "d"])
def test_fault_run(fault):
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "faults.py"), fault], cwd=ROOT,
                         capture_output=True, text=True, timeout=900)
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1/1 fault runs passed" in run.stdout
