from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_AGREEMENT_MODELS = ("agreement", "agreementparty", "signature", "section", "attachment", "amendment",
                     "sectionchange", "accession", "withdrawal", "dispute", "sectioncomment", "approval",
                     "serviceagreement")
_PROGRAMME_MODELS = ("programme", "programmeversion", "objective", "cooperationarea", "measure", "indicator",
                     "authoritycontext")
_READ = {f"cooperation.view_{m}" for m in _AGREEMENT_MODELS + _PROGRAMME_MODELS}


class AgreementsConfig(AppConfig):
    """The cooperation domain: agreements and the employment promotion programme.

    The label stays "cooperation" (tables, migrations, permission codenames and object
    permissions were created under it before the package moved).
    """

    name = "cooperation.agreements"
    label = "cooperation"
    verbose_name = _("Cooperation")
    default_auto_field = "django.db.models.BigAutoField"

    # Agreements: administrators edit everything and see non-public attachments; the parties'
    # contact people edit their agreements by the object rule (Agreement.can_be_edited_by).
    role_permissions = {
        "portal_admin": {"cooperation.view_non_public_agreement_parts", "cooperation.view_remindersent",
                         *_READ,
                         *(f"cooperation.{action}_{m}" for action in ("add", "change", "delete")
                           for m in _AGREEMENT_MODELS + _PROGRAMME_MODELS)},
        "steering_member": set(_READ),
        "secretary": set(_READ),
        "workgroup_member": set(_READ),
        "official": set(_READ),
    }

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.urls import reverse

        from cooperation.base import dashboard, navigation, search
        from cooperation.base.navigation import NavItem

        from . import models as m
        from .panels import agreements_panel

        navigation.register(NavItem(_("Agreements"), "agreements:list", order=20))
        navigation.register(NavItem(_("Programme"), "agreements:programme", order=25))
        dashboard.register(agreements_panel, cacheable=True)
        for model in (m.Agreement, m.AgreementParty, m.Signature, m.Section, m.Attachment, m.Amendment,
                      m.SectionChange, m.Accession, m.Withdrawal, m.Dispute, m.Programme, m.ProgrammeVersion,
                      m.Objective, m.CooperationArea, m.Measure, m.Indicator, m.SectionComment, m.Approval,
                      m.ServiceAgreement, m.AuthorityContext):
            auditlog.register(model)
        # Searchable (cooperation.base.search): titles in both languages, the purpose and the basis.
        search.register(
            m.Agreement,
            lambda a: (_join(a.title_fi, a.title_sv), _join(a.purpose, a.legal_basis, a.end_condition_fi,
                                                             a.end_condition_sv)),
            label=_("Agreements"), url=lambda a: reverse("agreements:detail", args=[a.pk]))


def _join(*parts) -> str:
    return "\n".join(p for p in parts if p)
