"""Models of the cooperation core, one module per subject (agreements, programme …)."""

from .core import WorkerHeartbeat

__all__ = ["WorkerHeartbeat"]
