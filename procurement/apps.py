from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

_MEMBER = {
    "procurement.view_procurementneed", "procurement.add_procurementneed", "procurement.change_procurementneed",
    "procurement.view_disruptionreport", "procurement.add_disruptionreport", "procurement.change_disruptionreport",
    "procurement.view_jointprocurement", "procurement.view_coordinationproposal", "procurement.view_appropriation",
    "procurement.view_quotaentry", "procurement.view_transferplan", "procurement.view_stafftransfer",
}

_ALL_MODELS = (
    "procurementneed", "coordinationproposal", "supplier", "jointprocurement", "costshare", "procurementstage",
    "procurementcontract", "dpscategory", "dpsadmission", "paymentmilestone", "disruptionreport", "appropriation",
    "quotasplit", "quota", "quotaentry", "transferplan", "transferallocation", "stafftransfer",
)


def _perms(models, actions=("view", "add", "change", "delete")) -> set[str]:
    return {f"procurement.{action}_{model}" for model in models for action in actions}


# Groups that are not portal-wide roles: the procurement working group (also acting as the
# procurement unit that forwards complaints) and HR officers. Membership is granted by an admin.
GROUP_PERMISSIONS = {
    "procurement_group": {
        "procurement.coordinate_procurement",
        *_perms(("procurementneed", "coordinationproposal", "supplier", "jointprocurement", "costshare",
                 "procurementstage", "procurementcontract", "dpscategory", "dpsadmission", "paymentmilestone",
                 "disruptionreport"), ("view", "add", "change")),
    },
    "hr_officer": {
        "procurement.view_transferee_names",
        *_perms(("transferplan", "transferallocation", "stafftransfer"), ("view", "add", "change")),
    },
}


def sync_groups(**_kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    for name, dotted in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        codenames = [d.split(".", 1)[1] for d in dotted]
        group.permissions.set(Permission.objects.filter(content_type__app_label="procurement",
                                                        codename__in=codenames))


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Procurement, quotas and staff transfers")
    default_auto_field = "django.db.models.BigAutoField"
    # The groups' names for people (parties.roles.role_label): never "hr_officer" on a page.
    group_labels: dict = {
        "procurement_group": _("Procurement working group"),
        "hr_officer": _("HR officer"),
    }
    role_permissions: dict = {
        "portal_admin": _perms(_ALL_MODELS) | {"procurement.coordinate_procurement"},
        "steering_member": set(_MEMBER),
        "secretary": {p for p in _MEMBER if ".view_" in p},
        "workgroup_member": set(_MEMBER),
        "official": _MEMBER | {"procurement.add_quotaentry", "procurement.change_quotaentry"},
    }

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.urls import reverse

        from cooperation.base import dashboard, navigation, search
        from cooperation.base.navigation import NavItem

        from . import models, panels

        post_migrate.connect(sync_groups, sender=self, dispatch_uid="procurement.sync_groups")
        navigation.register(NavItem(_("Procurement"), "procurement:index", order=40,
                                    visible=lambda user: models.is_member(user) or models.is_coordinator(user)))
        dashboard.register(panels.procurement_panel, cacheable=True)
        for model in (models.ProcurementNeed, models.CoordinationProposal, models.Supplier, models.JointProcurement,
                      models.CostShare, models.ProcurementStage, models.ProcurementContract, models.DPSCategory,
                      models.DPSAdmission, models.PaymentMilestone, models.DisruptionReport, models.Appropriation,
                      models.QuotaSplit, models.Quota, models.QuotaEntry, models.TransferPlan,
                      models.TransferAllocation):
            auditlog.register(model)
        # The official's name is personal data: the audit trail keeps that a name changed, not the names.
        auditlog.register(models.StaffTransfer, mask_fields=["official_name"])
        # Searchable (cooperation.base.search): the procurement's title, description and identifiers.
        search.register(
            models.JointProcurement,
            lambda p: (p.title, "\n".join(x for x in (p.description, p.cpv_code, p.hilma_notice_number) if x)),
            label=_("Joint procurements"), url=lambda p: reverse("procurement:detail", args=[p.pk]))
