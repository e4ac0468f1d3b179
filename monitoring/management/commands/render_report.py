from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from monitoring.imports import parse_month
from monitoring.services import render_report, report_request
from parties.models import EmploymentAuthority


class Command(BaseCommand):
    help = ("Request the monthly report (queued for the worker). --sync renders it in this process and prints the "
            "PDF's path. --scope is 'steering' (default) or an employment authority's id or Finnish name.")

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--scope", default="steering")
        parser.add_argument("--language", default="fi", choices=["fi", "sv", "en"])
        parser.add_argument("--sync", action="store_true", help="render now, in this process")

    def handle(self, *args, **options):
        month = parse_month(options["month"])
        if month is None:
            raise CommandError(f"Impossible month {options['month']!r}; give YYYY-MM, e.g. 2025-10.")
        scope = options["scope"]
        authority = None
        if scope != "steering":
            lookup = {"pk": int(scope)} if scope.isdigit() else {"name_fi__iexact": scope}
            authority = EmploymentAuthority.objects.filter(**lookup).first()
            if authority is None:
                names = ", ".join(f"{a.pk}: {a.name_fi}" for a in EmploymentAuthority.objects.all())
                raise CommandError(f"Unknown scope {scope!r}. Use 'steering' or one of: {names}")
        try:
            report = report_request(month=month, authority=authority, language=options["language"],
                                    enqueue=not options["sync"])
        except ValidationError as error:  # the model's rules, by field (e.g. a month in the future)
            raise CommandError("; ".join(f"{field}: {' '.join(messages)}"
                                         for field, messages in error.message_dict.items())) from None
        if options["sync"]:
            outcome = render_report(report.pk)
            report.refresh_from_db()
            if outcome != "ready":
                raise CommandError(f"Rendering failed: {report.error}")
            self.stdout.write(report.file.path)
        else:
            self.stdout.write(f"Report {report.pk} ({month:%Y-%m}, version {report.version}) is queued.")
