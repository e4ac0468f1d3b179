"""Create an expiring, scoped API token for a service account (a machine client of the API).

    manage.py create_service_token statistics-import@service.example --scope read \\
        --scope monitoring:write --days 90 --name "Tilastotuonti" [--role official]

The account is created as a service account if it does not exist (no password: it cannot log in
to the pages); a person's account is refused. The key is printed once; only its SHA-256 is stored.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from parties import roles
from parties.models import API_SCOPES, API_TOKEN_MAX_DAYS, ApiToken, User, api_token_digest


class Command(BaseCommand):
    help = "Create an expiring, scoped API token for a service account and print its key once."

    def add_arguments(self, parser):
        parser.add_argument("account", help="The service account's e-mail address (created if missing).")
        parser.add_argument("--scope", action="append", required=True, choices=API_SCOPES, dest="scopes",
                            help="read, or a write scope such as monitoring:write (repeat for several).")
        parser.add_argument("--days", type=int, default=90,
                            help=f"Days until the token expires (1–{API_TOKEN_MAX_DAYS}, default 90).")
        parser.add_argument("--name", default="", help="What uses the token.")
        parser.add_argument("--role", action="append", default=[], choices=roles.ALL_ROLES,
                            help="A role for a new service account (its rights come from the roles).")

    def handle(self, *args, account, scopes, days, name, role, **options):
        email = User.objects.normalize_email(account).strip().lower()
        if not 1 <= days <= API_TOKEN_MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {API_TOKEN_MAX_DAYS}.")
        user = User.objects.filter(email__iexact=email).first()
        if user is not None and not user.is_service_account:
            raise CommandError(f"{email} is a person's account: API tokens are for service accounts only. "
                               "People use the API from a browser session after two-factor verification.")
        key = secrets.token_urlsafe(32)
        with transaction.atomic():
            if user is None:
                user = User.objects.create_user(email, password=None, is_service_account=True)
                for name_of_role in role:
                    user.groups.add(Group.objects.get_or_create(name=name_of_role)[0])
            token = ApiToken(user=user, name=name or email, digest=api_token_digest(key), prefix=key[:8],
                             scopes=sorted(set(scopes)), expires_at=timezone.now() + dt.timedelta(days=days))
            try:
                token.full_clean()
            except ValidationError as error:
                raise CommandError("; ".join(m for ms in error.message_dict.values() for m in ms)) from None
            token.save()
        self.stdout.write(f"Token for {email} (scopes {', '.join(token.scopes)}; expires "
                          f"{timezone.localtime(token.expires_at):%d.%m.%Y %H:%M}):")
        self.stdout.write(key)
        self.stdout.write("Use it as: Authorization: Bearer <key>. It is shown only now.")
