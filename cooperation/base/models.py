"""Bookkeeping of the shared base: the worker heartbeat and the data version."""

from django.contrib.postgres.search import SearchVectorField
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


class SearchDocument(models.Model):
    """The stored search document of one searchable row (cooperation.base.search).

    Built when the row is written (signals) or by `manage.py rebuild_search_index`: the text that
    is searched and highlighted, and its terms (word forms, Voikko base forms and compound parts,
    cooperation.base.finnish). PostgreSQL matches `vector` through a GIN index (migration 0002);
    SQLite matches the space-separated `terms` (empty on PostgreSQL). Who may find the row is decided by the searched
    model's own `visible_to(user)`, joined in the same SQL, never by this table.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=8, default="fi")
    text = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    vector = SearchVectorField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Internal index, rebuilt from the rows it describes: no admin, no audit log.
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"],
                                               name="base_searchdocument_one_per_object")]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}"
