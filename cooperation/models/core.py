from django.db import models
from django.utils.translation import gettext_lazy as _

from ..publicity import Publicity, PublicityMixin, validate_secrecy_ground  # noqa: F401  (shared pieces)


class WorkerHeartbeat(models.Model):
    """Written by a Celery task; proves that a worker consumed from the broker."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    hostname = models.CharField(_("worker host"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-created"]
        get_latest_by = "created"

    def __str__(self) -> str:
        return f"{self.hostname} {self.created:%Y-%m-%d %H:%M:%S}"
