"""Pages of agreements and the employment promotion programme (cooperation app)."""

from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("agreements/", views.agreement_list, name="list"),
    path("agreements/<int:pk>/", views.agreement_detail, name="detail"),
    path("agreements/<int:pk>/history/", views.agreement_history, name="history"),
    path("agreements/<int:pk>/pdf/", views.agreement_pdf, name="pdf"),
    path("agreements/<int:pk>/attachments/new/", views.attachment_create, name="attachment-create"),
    path("agreements/<int:pk>/attachments/<int:number>/", views.attachment_download, name="attachment"),
    path("agreements/<int:pk>/sign/", views.signature_create, name="sign"),
    path("agreements/<int:pk>/amend/", views.amendment_create, name="amend"),
    path("agreements/<int:pk>/accession/", views.accession_create, name="accession"),
    path("agreements/<int:pk>/withdrawal/", views.withdrawal_create, name="withdrawal"),
    path("agreements/<int:pk>/disputes/new/", views.dispute_create, name="dispute-create"),
    path("agreements/disputes/<int:pk>/close/", views.dispute_close, name="dispute-close"),
    path("programme/", views.programme_detail, name="programme"),
    path("programme/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("programme/measures/<int:pk>/edit/", views.measure_edit, name="measure-edit"),
]
