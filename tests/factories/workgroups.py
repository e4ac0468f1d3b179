import datetime as dt

import factory
from django.utils import timezone

from workgroups.models import ActionItem, AgendaItem, Body, Matter, Meeting, Membership, Term

from .parties import PartyFactory, UserFactory


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    kind = Body.Kind.STEERING_GROUP
    name_fi = factory.Sequence(lambda n: f"Ohjausryhmä {n}")
    name_sv = factory.Sequence(lambda n: f"Styrgrupp {n}")
    short_name = factory.Sequence(lambda n: f"Ryhmä{n}")
    mandate = "Sovittaa yhteen työllisyyden edistämisen kokonaisuutta."


class WorkingGroupFactory(BodyFactory):
    kind = Body.Kind.WORKING_GROUP
    name_fi = factory.Sequence(lambda n: f"Työryhmä {n}")
    parent = factory.SubFactory(BodyFactory)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    body = factory.SubFactory(BodyFactory)
    start = dt.date(2025, 1, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER
    voting = True
    party = factory.SubFactory(PartyFactory)
    start = dt.date(2025, 1, 1)


class MatterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Matter

    register_number = factory.Sequence(lambda n: f"TEST/{n}/2026")
    title = factory.Sequence(lambda n: f"Asia {n}")
    body = factory.SubFactory(BodyFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.LazyFunction(lambda: timezone.make_aware(dt.datetime(2026, 3, 10, 13, 0)))
    location = "Lahden kaupungintalo"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Asiakohta {n}")
    proposal_text = "Hyväksytään."


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Toimenpide {n}")
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
