from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from monitoring.imports import ImportRefused
from monitoring.services import import_content


class Command(BaseCommand):
    help = ("Import monitoring values from a StatFin JSON-stat 2.0 file or the portal's CSV (the format is "
            "detected from the content). All or nothing; re-importing the same file changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .json (JSON-stat 2.0) or .csv file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            result = import_content(content=content, file_name=path.name, acting_user=None)
        except ImportRefused as refused:
            raise CommandError(f"{path.name} was refused; nothing was saved:\n  "
                               + "\n  ".join(refused.errors)) from None
        self.stdout.write(f"{path.name}: {result.format}, {len(result.cells)} values: {len(result.new)} new, "
                          f"{len(result.changed)} changed, {result.unchanged} unchanged.")
        for change in (result.new + result.changed)[:50]:
            cell = change.cell
            shown = "suppressed" if cell.suppressed else f"{cell.value.normalize():f}"
            self.stdout.write(f"  {change.kind:8} {cell.metric.code} {cell.area_code} {cell.month:%Y-%m}: {shown}")
        for jump in result.jumps[:50]:
            cell = jump.cell
            self.stdout.write(f"  check    {cell.metric.code} {cell.area_code} {cell.month:%Y-%m}: "
                              f"{jump.previous.normalize():f} → {cell.value.normalize():f} (more than usual)")
