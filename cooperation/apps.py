from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_AGREEMENT_MODELS = ("agreement", "agreementparty", "signature", "section", "attachment", "amendment",
                     "sectionchange", "accession", "withdrawal", "dispute")
_PROGRAMME_MODELS = ("programme", "programmeversion", "objective", "cooperationarea", "measure", "indicator")
_READ = {f"cooperation.view_{m}" for m in _AGREEMENT_MODELS + _PROGRAMME_MODELS}


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation")
    default_auto_field = "django.db.models.BigAutoField"

    # Agreements: administrators edit everything and see non-public attachments; the parties'
    # contact people edit their agreements by the object rule (Agreement.can_be_edited_by).
    role_permissions = {
        "portal_admin": {"auditlog.view_logentry", "cooperation.view_workerheartbeat",
                         "cooperation.view_non_public_agreement_parts", "cooperation.view_remindersent",
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
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import dashboard, data_version, navigation, panels
        from . import models as m
        from .agreement_panels import agreements_panel
        from .navigation import NavItem

        # Every statement passes the data-version tracker (cooperation.data_version).
        connection_created.connect(data_version.install, dispatch_uid="cooperation.data_version")
        post_migrate.connect(data_version.bump_after_migrate, sender=self, dispatch_uid="cooperation.data_version")

        # Not cacheable: it shows the audit log and the heartbeat, which the data version ignores.
        dashboard.register(panels.administration_panel)

        navigation.register(NavItem(_("Agreements"), "agreements:list", order=20))
        navigation.register(NavItem(_("Programme"), "agreements:programme", order=25))
        dashboard.register(agreements_panel, cacheable=True)
        for model in (m.Agreement, m.AgreementParty, m.Signature, m.Section, m.Attachment, m.Amendment,
                      m.SectionChange, m.Accession, m.Withdrawal, m.Dispute, m.Programme, m.ProgrammeVersion,
                      m.Objective, m.CooperationArea, m.Measure, m.Indicator):
            auditlog.register(model)
