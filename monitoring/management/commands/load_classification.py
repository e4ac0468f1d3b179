from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from monitoring.classification import ClassificationError, load_file


class Command(BaseCommand):
    help = ("Load or reload an area classification: Statistics Finland's municipality–region key file "
            "(KUNTA;KUNTANIMIFI;…), the employment areas (TYOLLISYYSALUE;…) or the population per "
            "municipality (KUNTA;KUNTANIMIFI;VAKILUKU;VUOSI). All or nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a classification CSV (see monitoring/reference/README.md)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            result = load_file(path)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        except (ClassificationError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path.name} was refused; nothing was saved:\n  "
                               + str(exc).replace("\n", "\n  ")) from None
        self.stdout.write(f"{path.name}: {result}.")
