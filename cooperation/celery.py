"""The Celery application. Tasks are discovered from each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation.settings")

app = Celery("cooperation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
