from django.urls import path

from . import views

app_name = "parties"
urlpatterns = [
    path("", views.PartyListView.as_view(), name="list"),
    path("new/", views.PartyCreateView.as_view(), name="create"),
    path("<int:pk>/", views.PartyDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.PartyUpdateView.as_view(), name="edit"),
    path("employment-areas/", views.EmploymentAreaListView.as_view(), name="areas"),
]
