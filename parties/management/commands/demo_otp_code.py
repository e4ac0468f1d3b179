from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo person's device (development only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if settings.PRODUCTION:
            raise CommandError("Not available in production.")
        device = TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"{email} has no confirmed TOTP device.")
        self.stdout.write(f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}")
