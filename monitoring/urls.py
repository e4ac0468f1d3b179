from django.urls import path

from . import decision_views, peer_views, target_views, views

app_name = "monitoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("metrics/<slug:code>/", views.metric_detail, name="metric"),
    path("import/", views.import_upload, name="import"),
    path("statfin/fetch/", views.statfin_fetch, name="statfin-fetch"),
    path("import/<int:pk>/", views.import_preview, name="import-preview"),
    path("enter/", views.observation_enter, name="enter"),
    path("commentary/<int:year>-<int:month>/", views.commentary_edit, name="commentary"),
    path("targets/", target_views.target_list, name="targets"),
    path("targets/new/", target_views.target_create, name="target-create"),
    path("targets/<int:pk>/edit/", target_views.target_edit, name="target-edit"),
    path("targets/<int:pk>/delete/", target_views.target_delete, name="target-delete"),
    path("peer-groups/", peer_views.peer_group_list, name="peer-groups"),
    path("peer-groups/<slug:code>/", peer_views.peer_group_edit, name="peer-group-edit"),
    path("decisions/<int:pk>/metrics/", decision_views.decision_metrics, name="decision-metrics"),
    path("reports/", views.report_list, name="reports"),
    path("reports/subscription/", views.subscription, name="subscription"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/status/", views.report_status, name="report-status"),
    path("reports/<int:pk>/download/", views.report_download, name="report-download"),
]
