from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app may have a demo.py with seed(stdout); they run in this order (dependencies first).
DEMO_MODULES = ["parties.demo", "cooperation.demo", "workgroups.demo", "procurement.demo", "monitoring.demo"]


class Command(BaseCommand):
    help = "Create or update the demo data (idempotent): parties, demo people for every role, and each app's data."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo creates known passwords and is refused when PORTAL_ENV=production.")
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
