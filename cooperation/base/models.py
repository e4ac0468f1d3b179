"""Bookkeeping of the shared base: the worker heartbeat and the data version."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class DataVersion(models.Model):
    """One row: a token that changes after every committed write to the portal's data.

    Caches of derived pages (the dashboard's panels) put the token in their keys, so a write
    makes every older entry unreachable in every process at once. It lives in the database,
    not in the cache, because the default cache (LocMem) is per process. See
    cooperation.base.data_version for what counts as a write and when the token changes.
    """

    token = models.UUIDField()

    class Meta:
        # Internal bookkeeping, not a record anyone edits: no admin, no audit log.
        default_permissions = ()

    def __str__(self) -> str:
        return self.token.hex
