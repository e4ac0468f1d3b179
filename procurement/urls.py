from django.urls import path

from . import views

app_name = "procurement"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.procurement_detail, name="detail"),
    path("<int:pk>/cost-shares/", views.cost_shares, name="cost-shares"),
    path("<int:pk>/stages/", views.stage_add, name="stage-add"),
    path("<int:pk>/ocds.json", views.ocds_release, name="ocds"),
    path("<int:pk>/ocds-record.json", views.ocds_record, name="ocds-record"),
    path("needs/", views.need_list, name="needs"),
    path("needs/new/", views.need_form, name="need-create"),
    path("needs/<int:pk>/", views.need_detail, name="need-detail"),
    path("needs/<int:pk>/edit/", views.need_form, name="need-edit"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/new/", views.proposal_create, name="proposal-create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/send/", views.proposal_send, name="proposal-send"),
    path("proposals/<int:pk>/decision/", views.proposal_decision, name="proposal-decision"),
    path("disruptions/", views.disruption_list, name="disruptions"),
    path("disruptions/new/", views.disruption_create, name="disruption-create"),
    path("disruptions/<int:pk>/", views.disruption_detail, name="disruption-detail"),
    path("disruptions/<int:pk>/<slug:step>/", views.disruption_step, name="disruption-step"),
    path("quotas/", views.quota_list, name="quotas"),
    path("quotas/entries/new/", views.quota_entry_create, name="quota-entry-create"),
    path("quotas/splits/new/", views.quota_split_create, name="quota-split-create"),
    path("staff-transfers/", views.transfer_plan_list, name="transfer-plans"),
    path("staff-transfers/<int:pk>/", views.transfer_plan_detail, name="transfer-plan-detail"),
    path("staff-transfers/<int:pk>/transfers/new/", views.staff_transfer_create, name="staff-transfer-create"),
]
