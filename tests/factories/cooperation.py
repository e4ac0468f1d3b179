import datetime as dt

import factory
from django.utils import timezone

from cooperation.agreements.models import (
    Agreement,
    AgreementParty,
    Attachment,
    Dispute,
    Measure,
    Objective,
    Programme,
    ProgrammeVersion,
    Section,
    Signature,
)
from parties.models import ContactPerson

from .parties import PartyFactory


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    kind = Agreement.Kind.COOPERATION
    title_fi = factory.Sequence(lambda n: f"Yhteistyösopimus {n}")
    title_sv = factory.Sequence(lambda n: f"Samarbetsavtal {n}")
    valid_from = dt.date(2025, 1, 1)
    valid_until = dt.date(2027, 12, 31)
    dispute_negotiation_months = 3
    dispute_forum = "Hämeenlinnan hallinto-oikeus (hallintoriita-asia)"


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    party = factory.SubFactory(PartyFactory)
    order = factory.Sequence(int)


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    agreement = factory.SubFactory(AgreementFactory)
    party = factory.SubFactory(PartyFactory)
    signatory = factory.Faker("name", locale="fi_FI")
    signed_on = dt.date(2024, 12, 15)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    heading_fi = factory.Sequence(lambda n: f"Kohta {n}")
    text_fi = "Alkuperäinen teksti."
    order = factory.Sequence(int)


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_fi = factory.Sequence(lambda n: f"Liiteasiakirja {n}")


class DisputeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispute

    agreement = factory.SubFactory(AgreementFactory)
    subject = "Henkilöstökustannusten jako"
    invited_by = factory.SubFactory(PartyFactory)
    invited_party = factory.SubFactory(PartyFactory)
    invitation_date = factory.LazyFunction(timezone.localdate)


def signed_agreement(parties, *, contacts=(), **kwargs) -> Agreement:
    """An agreement every given party has signed (in force on its dates), with contact people."""
    agreement = AgreementFactory(**kwargs)
    for order, party in enumerate(parties):
        AgreementPartyFactory(agreement=agreement, party=party, order=order)
        SignatureFactory(agreement=agreement, party=party)
    for user in contacts:
        ContactPerson.objects.create(party=user.party, name=str(user), email=user.email, user=user)
    return agreement


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    title_fi = factory.Sequence(lambda n: f"Työllisyyden edistämisohjelma {n}")


class ProgrammeVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeVersion

    programme = factory.SubFactory(ProgrammeFactory)
    version = factory.Sequence(lambda n: f"1.{n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    version = factory.SubFactory(ProgrammeVersionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_fi = factory.Sequence(lambda n: f"Tavoite {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    version = factory.SubFactory(ProgrammeVersionFactory)
    title = factory.Sequence(lambda n: f"Toimenpide {n}")
