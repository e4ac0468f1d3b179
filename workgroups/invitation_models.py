"""The record of a meeting invitation's sending (kokouskutsu): who sent it, when, to whom, and who was
not reached for want of an e-mail address. Imported by workgroups.models so Django finds the models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InvitationDispatch(models.Model):
    """One confirmed sending of a meeting's invitation; the worker delivers it (workgroups.tasks)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Sending failed")

    meeting = models.ForeignKey("workgroups.Meeting", on_delete=models.CASCADE, related_name="invitation_dispatches",
                                verbose_name=_("meeting"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                verbose_name=_("sent by"))
    confirmed_at = models.DateTimeField(_("confirmed"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    finished_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("invitation sending")
        verbose_name_plural = _("invitation sendings")
        ordering = ["-confirmed_at"]

    def __str__(self) -> str:
        return f"{self.meeting} {timezone.localtime(self.confirmed_at):%-d.%-m.%Y %H.%M}"


class InvitationRecipient(models.Model):
    """A member or deputy the invitation was addressed to; no e-mail = not reached."""

    dispatch = models.ForeignKey(InvitationDispatch, on_delete=models.CASCADE, related_name="recipients",
                                 verbose_name=_("invitation sending"))
    membership = models.ForeignKey("workgroups.Membership", on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("membership"))
    name = models.CharField(_("name"), max_length=200)
    role_label = models.CharField(_("role"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=10)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation recipient")
        verbose_name_plural = _("invitation recipients")
        ordering = ["dispatch", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def reached(self) -> bool:
        return bool(self.email)
