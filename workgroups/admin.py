from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from cooperation.base.visibility import VisibleInAdminMixin

from .models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    BodyTask,
    Decision,
    DecisionCorrection,
    Matter,
    Meeting,
    Membership,
    MinutesApproval,
    Proposal,
    Term,
)


class TaskInline(admin.TabularInline):
    model = BodyTask
    extra = 0


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(Body)
class BodyAdmin(GuardedModelAdmin):
    list_display = ["name_fi", "kind", "host", "parent", "publish_minutes", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name_fi", "name_sv", "short_name"]
    autocomplete_fields = ["host"]
    inlines = [TaskInline, TermInline]


@admin.register(Membership)
class MembershipAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "body", "role", "voting", "party", "start", "end"]
    list_filter = ["body", "role", "voting"]
    search_fields = ["person_name", "user__email", "user__last_name"]
    autocomplete_fields = ["user", "party"]
    raw_id_fields = ["deputy_for"]


@admin.register(Matter)
class MatterAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    list_display = ["register_number", "title", "body", "publicity"]
    search_fields = ["register_number", "title"]


class AgendaItemInline(VisibleInAdminMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "title", "publicity", "secrecy_ground"]
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "status", "locked_at", "published_at"]
    list_filter = ["status", "body"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]
    readonly_fields = ["locked_at", "published_at", "invitation_sent_at"]

    def get_readonly_fields(self, request, obj=None):
        # Once the minutes lock, the record of the meeting is read-only everywhere.
        if obj is not None and obj.is_locked:
            return [f.name for f in self.model._meta.fields] + ["minutes_checkers"]
        return super().get_readonly_fields(request, obj)

    def get_inlines(self, request, obj):
        return [] if obj is not None and obj.is_locked else self.inlines


class DecisionAdminForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["resolution", "text", "dissent"]

    def clean(self):
        data = super().clean()
        # visibility: re-reads the stored lock of the row being edited (the admin reached it through its rule)
        if self.instance.pk and Decision.objects.filter(pk=self.instance.pk, locked_at__isnull=False).exists():
            raise ValidationError(_("The minutes are locked: the decision can only be corrected with a reason."))
        return data


@admin.register(Decision)
class DecisionAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    """Decisions are recorded on the meeting page; here they can be read, and fixed before locking."""

    list_display = ["__str__", "resolution", "decided_at", "locked_at"]
    list_filter = ["body", "section_year", "resolution"]
    search_fields = ["text", "agenda_item__title"]
    readonly_fields = ["agenda_item", "body", "section_year", "section_number", "locked_at", "recorded_by",
                       "decided_at"]

    def has_add_permission(self, request):
        return False  # § numbers are taken only by services.decision_record

    def has_delete_permission(self, request, obj=None):
        return False  # a § once taken is never reused or removed

    def has_change_permission(self, request, obj=None):
        # Decisions are the body secretary's (Decision.can_be_edited_by); an administrator who is not
        # the secretary reads them here.
        if obj is not None and not obj.can_be_edited_by(request.user):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return [f.name for f in self.model._meta.fields]
        return super().get_readonly_fields(request, obj)

    form = DecisionAdminForm


@admin.register(DecisionCorrection)
class DecisionCorrectionAdmin(admin.ModelAdmin):
    list_display = ["decision", "field", "corrected_by", "corrected_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MinutesApproval)
class MinutesApprovalAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "role", "approved_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(Attendance)


@admin.register(Attachment)
class AttachmentAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    list_display = ["title", "agenda_item", "proposal", "publicity", "uploaded_at"]


@admin.register(Proposal)
class ProposalAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    list_display = ["title", "from_body", "to_body", "status", "submitted_at"]
    list_filter = ["status", "to_body"]


@admin.register(ActionItem)
class ActionItemAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    list_display = ["title", "body", "owner", "owner_body", "due_date", "status"]
    list_filter = ["status", "body"]
