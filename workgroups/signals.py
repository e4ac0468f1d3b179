"""Keep the guardian object permissions in step with the membership register, however it is edited
(services, admin, API): a plain database write in the same transaction, so no on_commit is needed."""


def membership_changed(sender, instance, **kwargs):
    from .services import sync_body_permissions

    sync_body_permissions(body_id=instance.body_id)


# --- minutes sent for checking go back to draft on any change ------------------------------------
# However the change is made (pages, API, admin, shell), it passes a model's save or delete; these
# receivers return minutes waiting for approval to draft and void the approvals so far, with the
# reason (services.minutes_return_to_draft). Reasons are written in the portal's language.

MEETING_CONTENT_FIELDS = ("title", "starts_at", "ends_at", "location", "remote_link", "chair_id", "opened_at",
                          "closed_at")
WORKFLOW_ONLY_FIELDS = frozenset({"locked_at", "section_number", "status", "published_at"})


def _item_label(item) -> str:
    return item.section_label if item is not None else ""


def _meeting_and_reason(instance, deleted: bool):
    from django.utils.translation import gettext as _

    from . import models

    if isinstance(instance, models.Decision):
        item = instance.agenda_item
        return item.meeting_id, _("%(section)s: the decision was changed.") % {"section": _item_label(item)}
    if isinstance(instance, models.AgendaItem):
        message = _("%(section)s: the item was removed.") if deleted else _("%(section)s: the item was changed.")
        return instance.meeting_id, message % {"section": _item_label(instance)}
    if isinstance(instance, models.Attendance):
        return instance.meeting_id, _("The attendance was changed.")
    if isinstance(instance, models.Recusal):
        item = instance.agenda_item
        return item.meeting_id, _("%(section)s: the recusals were changed.") % {"section": _item_label(item)}
    if isinstance(instance, models.Attachment) and instance.agenda_item_id:
        item = instance.agenda_item
        return item.meeting_id, _("%(section)s: an attachment was changed.") % {"section": _item_label(item)}
    extra = getattr(instance, "minutes_meeting_and_reason", None)  # deliberation rows name their own
    if extra is not None:
        return extra(deleted)
    return None, ""


def minutes_changed(sender, instance, update_fields=None, **kwargs):
    from django.conf import settings
    from django.utils import translation

    from .services import minutes_return_to_draft

    if update_fields and set(update_fields) <= WORKFLOW_ONLY_FIELDS:
        return
    deleted = "created" not in kwargs
    with translation.override(settings.LANGUAGE_CODE):
        meeting_id, reason = _meeting_and_reason(instance, deleted)
    if meeting_id is not None:
        minutes_return_to_draft(meeting_id=meeting_id, reason=reason)


def meeting_changing(sender, instance, update_fields=None, **kwargs):
    """A meeting's own details (time, place, chair…) changed while its minutes wait for approval."""
    from django.conf import settings
    from django.utils import translation
    from django.utils.translation import gettext as _

    from .models import Meeting
    from .services import minutes_return_to_draft

    if instance.pk is None or instance.status != Meeting.Status.MINUTES_DRAFTED:
        return
    # visibility: write path — compares the stored row with the one being saved; nothing is shown
    stored = Meeting.objects.filter(pk=instance.pk).values(*MEETING_CONTENT_FIELDS).first()
    if stored is None or all(stored[f] == getattr(instance, f) for f in MEETING_CONTENT_FIELDS):
        return
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("The meeting's details were changed.")
    minutes_return_to_draft(meeting_id=instance.pk, reason=reason)
    instance.status = Meeting.Status.HELD
