from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_READ = {"monitoring.view_metric", "monitoring.view_observation", "monitoring.view_target",
         "monitoring.view_commentary", "monitoring.view_peergroup"}


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring and monthly reports")
    default_auto_field = "django.db.models.BigAutoField"
    # Global permissions per role; the table is in docs/permissions.md.
    # view_reportrequest is the download right: the steering group and the parties' officials.
    role_permissions: dict = {
        "portal_admin": _READ | {
            f"monitoring.{action}_{model}" for action in ("view", "add", "change", "delete")
            for model in ("metric", "observation", "target", "commentary", "reportrequest", "importbatch", "peergroup")
        },
        "steering_member": _READ | {"monitoring.view_reportrequest"},
        "secretary": _READ | {"monitoring.view_reportrequest"},
        "official": _READ | {"monitoring.view_reportrequest", "monitoring.add_reportrequest",
                             "monitoring.add_observation", "monitoring.change_observation",
                             "monitoring.add_importbatch", "monitoring.view_importbatch"},
        # The knowledge-management working group writes the monthly commentary and keeps the
        # national and programme targets that go into the report beside it.
        "workgroup_member": _READ | {"monitoring.add_commentary", "monitoring.change_commentary",
                                     "monitoring.add_target", "monitoring.change_target",
                                     "monitoring.delete_target",
                                     # and chooses each authority's peer group for "where we stand"
                                     "monitoring.add_peergroup", "monitoring.change_peergroup"},
    }

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cooperation.base import dashboard, decision_metrics, indicator_values, navigation
        from cooperation.base.navigation import NavItem

        from . import follow_up, models, panels, reports

        navigation.register(NavItem(_("Monitoring"), "monitoring:index", order=40,
                                    visible=lambda user: user.has_perm("monitoring.view_observation")))
        dashboard.register(panels.reports_panel, cacheable=True)
        dashboard.register(panels.standing_panel, cacheable=True)
        dashboard.register(panels.follow_up_panel, cacheable=True)
        dashboard.register(panels.key_figures_panel, cacheable=True)
        indicator_values.register(reports.latest_values_provider)
        decision_metrics.register(follow_up.linked_metrics_provider, edit_url=follow_up.edit_url)
        auditlog.register(models.Metric)
        auditlog.register(models.Observation, exclude_fields=["updated_at"])
        auditlog.register(models.Target)
        auditlog.register(models.PeerGroup, m2m_fields={"areas"}, exclude_fields=["updated_at"])
        auditlog.register(models.DecisionMetricLink, exclude_fields=["created_at"])
        auditlog.register(models.Commentary, exclude_fields=["updated_at"])
        auditlog.register(models.ReportRequest, include_fields=["status", "version", "checksum", "error"])
