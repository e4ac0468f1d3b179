"""Pages of agreements and the employment promotion programme (cooperation app)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
