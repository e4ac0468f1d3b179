"""An agreement's life before signatures: a draft circulated to the parties for comments (per
section, per party, seen by all parties), then each party's competent body approves it (a decision
reference: body, §, date, link to the published minutes), then signatures, then in force.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cooperation.base.visibility import VisibilityQuerySet, VisibilityRuleMixin, protected
from parties.models import Party

from .agreements import Agreement, Section, _party_may_act


class SectionCommentQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> SectionCommentQuerySet:
        """The parties' comments on a draft: seen by every party of the agreement (and administrators),
        by the agreement's rule for its non-public parts."""
        # visibility: the agreement's own rule for its parts seen only by the parties
        return self.filter(section__agreement__in=Agreement.objects.non_public_parts_visible_to(user))


@protected
class SectionComment(VisibilityRuleMixin, models.Model):
    """A party's comment on one section of a circulated draft."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments",
                                verbose_name=_("section"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    text = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("author"))
    created = models.DateTimeField(_("given at"), auto_now_add=True)

    objects = SectionCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment on a section")
        verbose_name_plural = _("comments on sections")
        ordering = ["section", "created"]

    def __str__(self) -> str:
        return f"{self.party} / {self.section.number}"

    def get_additional_data(self) -> dict:
        return {"agreement": self.section.agreement_id}

    def clean(self) -> None:
        if not self.text.strip():
            raise ValidationError({"text": _("Write the comment.")})


class Approval(models.Model):
    """A party's competent body approved the agreement: the decision reference shown to every party."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="approvals",
                                  verbose_name=_("agreement"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    body = models.CharField(_("competent body"), max_length=200,
                            help_text=_("The party's own body, e.g. “Hollolan kunnanvaltuusto”."))
    section = models.CharField(_("section (§)"), max_length=50, help_text=_("e.g. “§ 45”."))
    decided_on = models.DateField(_("decided on"))
    minutes_url = models.URLField(_("link to the published minutes"), blank=True,
                                  help_text=_("The page of the municipality's published minutes."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["agreement", "decided_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["agreement", "party"], name="approval_once_per_party")]

    def __str__(self) -> str:
        return f"{self.party}: {self.reference}"

    def get_additional_data(self) -> dict:
        return {"agreement": self.agreement_id}

    @property
    def reference(self) -> str:
        return f"{self.body} {self.decided_on:%-d.%-m.%Y} {self.section}"

    def clean(self) -> None:
        errors = {}
        if not self.body.strip():
            errors["body"] = _("Name the party's body that approved the agreement.")
        if self.section and "§" not in self.section:
            errors["section"] = _("Write the section with the § sign, e.g. “§ 45”.")
        if self.agreement_id and self.party_id and not self.agreement.memberships.filter(party=self.party).exists():
            errors["party"] = _("This organisation is not a party of the agreement.")
        if errors:
            raise ValidationError(errors)
        if self._state.adding and self.party_id:
            _party_may_act(self.party, self.decided_on, "party")
