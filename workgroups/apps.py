from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_ALL_MODELS = ("body", "bodytask", "term", "membership", "matter", "meeting", "agendaitem", "attachment",
               "attendance", "recusal", "decision", "decisioncorrection", "minutesapproval", "minuteschecklink",
               "minutesreturn", "proposal", "actionitem")


class WorkgroupsConfig(AppConfig):
    name = "workgroups"
    verbose_name = _("Steering group and working groups")
    default_auto_field = "django.db.models.BigAutoField"

    # Global permissions per role (docs/permissions.md, "Steering group and working groups"). A body's
    # secretaries and members get their rights per body as guardian object permissions, synced from
    # the membership register.
    role_permissions = {
        # Administrators manage bodies and memberships and read everything; they do not record
        # decisions unless they are also a body's secretary.
        "portal_admin": {
            *(f"workgroups.view_{m}" for m in _ALL_MODELS),
            *(f"workgroups.{a}_{m}" for a in ("add", "change", "delete")
              for m in ("body", "bodytask", "term", "membership")),
            "workgroups.change_decision", "workgroups.change_meeting",
            "workgroups.view_body_documents",
        },
    }

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, post_save, pre_save

        from cooperation.base import dashboard, navigation
        from cooperation.base.navigation import NavItem

        from . import models, panels, search, signals, worklist

        navigation.register(NavItem(_("Groups"), "workgroups:body-list", order=20))
        navigation.register(NavItem(_("Decisions"), "workgroups:decision-list", order=25))
        navigation.register(NavItem(_("Action items"), "workgroups:action-list", order=30))
        dashboard.register(panels.meetings_panel, cacheable=True)
        dashboard.register(panels.action_items_panel, cacheable=True)
        dashboard.register(worklist.waiting_for_you_panel, cacheable=True)  # "Odottaa sinua"
        for model in (models.Body, models.BodyTask, models.Term, models.Membership, models.Matter,
                      models.Meeting, models.AgendaItem, models.Attachment, models.Attendance,
                      models.Recusal, models.Decision, models.DecisionCorrection, models.MinutesApproval,
                      models.MinutesReturn, models.Proposal, models.ActionItem):
            auditlog.register(model)
        search.register()  # decisions, matters, agenda items, proposals, action items (cooperation.base.search)
        post_save.connect(signals.membership_changed, sender=models.Membership,
                          dispatch_uid="workgroups.membership_saved")
        post_delete.connect(signals.membership_changed, sender=models.Membership,
                            dispatch_uid="workgroups.membership_deleted")
        deliberation = (models.CounterProposal, models.Vote, models.VoteBallot, models.DissentingOpinion)
        auditlog.register(models.StandardAgendaItem)
        for model in deliberation:
            auditlog.register(model)
        for model in (models.Decision, models.AgendaItem, models.Attendance, models.Recusal, models.Attachment,
                      *deliberation):
            post_save.connect(signals.minutes_changed, sender=model,
                              dispatch_uid=f"workgroups.minutes_saved.{model.__name__}")
            post_delete.connect(signals.minutes_changed, sender=model,
                                dispatch_uid=f"workgroups.minutes_deleted.{model.__name__}")
        pre_save.connect(signals.meeting_changing, sender=models.Meeting, dispatch_uid="workgroups.meeting_changing")
