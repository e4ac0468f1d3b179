from django.urls import path

from . import notification_views, views

app_name = "workgroups"
urlpatterns = [
    path("", views.body_list, name="body-list"),
    path("<int:pk>/", views.body_detail, name="body-detail"),
    path("<int:pk>/history/", views.body_history, name="body-history"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("<int:pk>/proposals/new/", views.proposal_create, name="proposal-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/items/new/", views.agenda_item_create, name="item-create"),
    path("meetings/<int:pk>/agenda/publish/", views.agenda_publish, name="agenda-publish"),
    path("meetings/<int:pk>/invite/", views.meeting_invite, name="meeting-invite"),
    path("meetings/<int:pk>/invitation/", notification_views.meeting_invitation, name="meeting-invitation"),
    path("meetings/<int:pk>/attendance/", views.attendance_edit, name="attendance"),
    path("meetings/<int:pk>/minutes/draft/", views.minutes_draft, name="minutes-draft"),
    path("meetings/<int:pk>/minutes/approve/", views.minutes_approve, name="minutes-approve"),
    path("meetings/<int:pk>/minutes/publish/", views.minutes_publish, name="minutes-publish"),
    path("check/<str:token>/", views.minutes_check_link, name="minutes-check-link"),
    path("meetings/<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda-pdf"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes-pdf"),
    path("items/<int:pk>/edit/", views.agenda_item_edit, name="item-edit"),
    path("items/<int:pk>/decision/", views.decision_edit, name="decision-edit"),
    path("items/<int:pk>/attachments/new/", views.attachment_create, name="attachment-create"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/<int:pk>/correct/", views.decision_correct, name="decision-correct"),
    path("decisions/<int:pk>/actions/new/", views.action_create, name="action-create"),
    path("matters/<int:pk>/", views.matter_detail, name="matter-detail"),
    path("search/", views.search, name="search"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("calendar/", views.calendar, name="calendar"),
    path("ical/<str:token>.ics", views.ical_feed, name="ical-user"),
    path("ical/<str:token>/body/<int:body_pk>.ics", views.ical_feed, name="ical-body"),
]
