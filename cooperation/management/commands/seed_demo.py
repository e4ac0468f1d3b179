from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import cooperation.agreements.demo
import monitoring.demo
import parties.demo
import procurement.demo
import workgroups.demo
from cooperation.base import search

# Each app's demo.py has seed(stdout); they run in this order (dependencies first).
DEMO_MODULES = [parties.demo, cooperation.agreements.demo, workgroups.demo, procurement.demo, monitoring.demo]


class Command(BaseCommand):
    help = "Create or update the demo data (idempotent): parties, demo people for every role, and each app's data."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo creates known passwords and is refused when PORTAL_ENV=production.")
        for module in DEMO_MODULES:
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        # Demo modules may write in bulk, past the save signals that keep the search documents.
        with transaction.atomic():
            count = search.rebuild()
        self.stdout.write(f"Search documents: {count}.")
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
