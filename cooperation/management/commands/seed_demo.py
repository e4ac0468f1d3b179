from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import cooperation.agreements.demo
import monitoring.demo
import parties.demo
import procurement.demo
import workgroups.demo
from cooperation.base import search
from parties import roles

# Each app's demo.py has seed(stdout); they run in this order (dependencies first).
DEMO_MODULES = [parties.demo, cooperation.agreements.demo, workgroups.demo, procurement.demo, monitoring.demo]


class Command(BaseCommand):
    help = "Create or update the demo data (idempotent): parties, demo people for every role, and each app's data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=None, metavar="N",
            help="Also add a large data set like ten years of use (N=1: 50 bodies, 5 000 meetings, ~100 000 "
                 "decisions, 10 000 people, 360 000 observations; 0.01 for tests). Additive; for benchmarks.")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo creates known passwords and is refused when PORTAL_ENV=production.")
        scale = options.get("scale")
        if scale is not None and not 0 < scale <= 10:
            raise CommandError("--scale takes a number above 0 and at most 10, e.g. 1 or 0.01.")
        # The role groups as `migrate` leaves them (idempotent), so the demo people get their roles
        # even on a database whose role groups are missing.
        roles.sync_roles()
        for module in DEMO_MODULES:
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        # Demo modules may write in bulk, past the save signals that keep the search documents.
        with transaction.atomic():
            count = search.rebuild()
        self.stdout.write(f"Search documents: {count}.")
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        if scale is not None:
            from cooperation.management.scale_data import seed_scale

            seed_scale(scale, stdout=self.stdout)
            # The scale data is written with bulk inserts, past the save signals: index it in one pass.
            with transaction.atomic():
                count = search.rebuild()
            # seed_scale's ANALYZE ran before these documents existed.
            search.analyze()
            self.stdout.write(f"Search documents: {count}.")
            self.stdout.write(self.style.SUCCESS(f"Scale data (N={scale:g}) is in place."))
