"""Rebuild the stored search documents (cooperation.base.search) of every searchable row.

Run after bulk imports that bypass the models' save signals, after restoring a database, or
after installing Voikko on a machine that indexed without it.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from cooperation.base import finnish, search


class Command(BaseCommand):
    help = "Rebuild the search documents of every searchable row."

    def handle(self, *args, **options):
        if not finnish.voikko_available():
            self.stderr.write("Voikko is not installed: indexing exact word forms only (libvoikko1, voikko-fi).")

        def progress(model, count):
            self.stdout.write(f"{model._meta.label}: {count}")

        with transaction.atomic():
            total = search.rebuild(progress=progress)
        search.analyze()  # the planner's row counts of the rewritten table
        self.stdout.write(f"{total} search documents")
