from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from cooperation.base.api_docs import PortalSchemaView, api_reference
from parties import account_views

from . import views
from .api import build_router

admin.site.site_header = "Päijät-Hämeen työllisyysyhteistyö"
admin.site.site_title = "Työllisyysportaali"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("account/otp/", account_views.otp_verify, name="otp-verify"),
    path("account/otp/setup/", account_views.otp_setup, name="otp-setup"),
    path("account/login/", account_views.LoginView.as_view(), name="login"),
    path("account/", include("django.contrib.auth.urls")),
    path("parties/", include("parties.urls")),
    path("", include("cooperation.agreements.urls")),
    path("groups/", include("workgroups.urls")),
    path("public/", include("workgroups.public_urls")),
    path("procurement/", include("procurement.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(build_router().urls)),
    path("api/schema/", PortalSchemaView.as_view(), name="api-schema"),
    path("api/docs/", api_reference, name="api-docs"),
]

handler403 = "cooperation.views.error_403"
handler404 = "cooperation.views.error_404"
handler500 = "cooperation.views.error_500"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
