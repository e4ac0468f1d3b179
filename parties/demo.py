"""Demo people, one or more per role. Passwords are printed by seed_demo; never in production."""

import base64

from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles
from .models import Party, User
from .seed import seed_parties

DEMO_PASSWORD = "Demo-salasana-2026"  # noqa: S105  (demo data only; refused in production)
# A published demo secret so that a person trying the portal can produce codes (see README).
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"

# email, first, last, title, party, role(s)
DEMO_PEOPLE = [
    ("yllapitaja@paijat-hame.example", "Ylva", "Ylläpitäjä", "Pääkäyttäjä", "Lahden kaupunki", [roles.PORTAL_ADMIN]),
    ("sihteeri@hollola.example", "Sari", "Sihteeri", "Työllisyysasiantuntija", "Hollolan kunta", [roles.SECRETARY]),
    ("jasen@lahti.example", "Jussi", "Jäsen", "Työllisyysjohtaja", "Lahden kaupunki", [roles.STEERING_MEMBER]),
    ("jasen@hollola.example", "Hanna", "Hollola", "Työllisyysalueen johtaja", "Hollolan kunta",
     [roles.STEERING_MEMBER]),
    ("tyoryhma@orimattila.example", "Olli", "Orimattila", "Palveluesimies", "Orimattilan kaupunki",
     [roles.WORKGROUP_MEMBER]),
    ("virkailija@lahti.example", "Veera", "Virkailija", "Suunnittelija", "Lahden kaupunki", [roles.OFFICIAL]),
    ("virkailija@heinola.example", "Heikki", "Heinola", "Talouspäällikkö", "Heinolan kaupunki", [roles.OFFICIAL]),
]


def seed(stdout=None) -> list[tuple[str, str]]:
    seed_parties()
    created = []
    for email, first, last, title, party_name, role_names in DEMO_PEOPLE:
        user, _new = User.objects.update_or_create(
            email=email,
            defaults={"first_name": first, "last_name": last, "title": title,
                      "party": Party.objects.get(name_fi=party_name),
                      "is_staff": roles.PORTAL_ADMIN in role_names,
                      "is_superuser": roles.PORTAL_ADMIN in role_names},
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.set(Group.objects.filter(name__in=role_names))
        if set(role_names) & {roles.PORTAL_ADMIN, roles.SECRETARY}:
            TOTPDevice.objects.update_or_create(
                user=user, name="demo", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True}
            )
        created.append((email, ", ".join(roles.role_label(r) for r in role_names)))
    if stdout is not None:
        secret = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode()
        stdout.write(f"Demo people (password for all: {DEMO_PASSWORD}):")
        for email, label in created:
            stdout.write(f"  {email:38} {label}")
        stdout.write(f"Administrators and secretaries also need a TOTP code: secret {secret}, "
                     "or `manage.py demo_otp_code EMAIL`.")
    return created
