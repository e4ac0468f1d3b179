from django.urls import path

from . import public

app_name = "public"
urlpatterns = [
    path("", public.public_index, name="index"),
    path("minutes/<int:pk>/", public.public_minutes, name="minutes"),
    path("minutes/<int:pk>/minutes.pdf", public.public_minutes_pdf, name="minutes-pdf"),
]
