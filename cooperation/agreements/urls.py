"""Pages of agreements and the employment promotion programme (cooperation app)."""

from django.urls import path

from . import drafting_views, views

app_name = "agreements"
urlpatterns = [
    path("agreements/", views.agreement_list, name="list"),
    path("agreements/new/", drafting_views.agreement_create, name="create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="detail"),
    path("agreements/<int:pk>/edit/", drafting_views.agreement_edit, name="edit"),
    path("agreements/<int:pk>/sections/new/", drafting_views.section_create, name="section-create"),
    path("agreements/<int:pk>/sections/<int:section_pk>/edit/", drafting_views.section_edit, name="section-edit"),
    path("agreements/<int:pk>/sections/<int:section_pk>/comment/", drafting_views.section_comment,
         name="section-comment"),
    path("agreements/<int:pk>/circulate/", drafting_views.circulate, name="circulate"),
    path("agreements/<int:pk>/approvals/new/", drafting_views.approval_create, name="approve"),
    path("agreements/<int:pk>/service-agreements/new/", drafting_views.service_agreement_create,
         name="service-agreement-create"),
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
    path("programme/contexts/<int:pk>/edit/", views.context_edit, name="context-edit"),
]
