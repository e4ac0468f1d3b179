import factory
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from parties.models import ContactPerson, EmploymentArea, EmploymentAreaMembership, Party, User
from parties.validators import business_id_check_digit


def _valid_business_id(n: int) -> str:
    """The n-th valid business ID from 1000000 up (skipping numbers whose remainder is 1)."""
    base = 1_000_000 + n * 3
    while (check := business_id_check_digit(f"{base:07d}")) is None:
        base += 1
    return f"{base:07d}-{check}"


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    kind = Party.Kind.MUNICIPALITY
    name_fi = factory.Sequence(lambda n: f"Testikunta {n}")
    name_sv = factory.Sequence(lambda n: f"Testkommun {n}")
    business_id = factory.Sequence(_valid_business_id)
    municipality_code = factory.Sequence(lambda n: f"{900 + n % 100:03d}" if n < 100 else "")


class StateAgencyFactory(PartyFactory):
    kind = Party.Kind.STATE_AGENCY
    municipality_code = ""


class EmploymentAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmploymentArea

    name_fi = factory.Sequence(lambda n: f"Työllisyysalue {n}")
    responsible_municipality = factory.SubFactory(PartyFactory)


class EmploymentAreaMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmploymentAreaMembership

    area = factory.SubFactory(EmploymentAreaFactory)
    municipality = factory.SubFactory(PartyFactory)


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    party = factory.SubFactory(PartyFactory)
    name = factory.Faker("name", locale="fi_FI")
    email = factory.Sequence(lambda n: f"yhteys{n}@kunta.example")


TEST_PASSWORD = "Testi-salasana-123"


class UserFactory(factory.django.DjangoModelFactory):
    """A person; `roles=["secretary", …]` puts them in role groups (created on demand)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"henkilo{n}@portaali.example")
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    party = factory.SubFactory(PartyFactory)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            for role in extracted:
                self.groups.add(Group.objects.get_or_create(name=role)[0])
        self.save()
        self.__dict__.pop("roles", None)  # forget any cached role set

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """totp=True gives the person a confirmed authenticator device."""
        if extracted:
            TOTPDevice.objects.create(user=self, name="test", confirmed=True)
