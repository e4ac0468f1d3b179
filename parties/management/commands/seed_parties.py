from django.core.management.base import BaseCommand

from parties.seed import seed_parties


class Command(BaseCommand):
    help = "Load the parties of the two seed agreements, the employment area and the authorities (idempotent)."

    def handle(self, *args, **options):
        parties = seed_parties()
        self.stdout.write(self.style.SUCCESS(f"{len(parties)} parties in place."))
