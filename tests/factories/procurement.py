import datetime as dt
from decimal import Decimal

import factory

from procurement import models
from tests.factories.parties import PartyFactory, StateAgencyFactory, _valid_business_id


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProcurementNeed

    party = factory.SubFactory(PartyFactory)
    title = factory.Sequence(lambda n: f"Tarve {n}")
    service_type = "Työhönvalmennus"
    cpv_code = "79600000-0"
    target_groups = "Pitkäaikaistyöttömät"
    estimated_volume = "50 asiakasta"
    estimated_value = Decimal("100000")
    needed_from = dt.date(2026, 3, 1)
    justification = "Tarve on todettu."


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Supplier

    name = factory.Sequence(lambda n: f"Toimittaja {n} Oy")
    business_id = factory.Sequence(lambda n: _valid_business_id(n + 5000))


class ProcurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.JointProcurement

    title = factory.Sequence(lambda n: f"Yhteishankinta {n}")
    lead_party = factory.SubFactory(PartyFactory)
    cpv_code = "79600000-0"
    contract_type = "other_specific"
    estimated_value = Decimal("500000")
    procedure = models.JointProcurement.Procedure.DPS


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProcurementContract

    procurement = factory.SubFactory(ProcurementFactory)
    supplier = factory.SubFactory(SupplierFactory)
    title = factory.Sequence(lambda n: f"Sopimus {n}")
    starts_on = dt.date(2026, 1, 1)
    ends_on = dt.date(2027, 12, 31)


class DisruptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DisruptionReport

    contract = factory.SubFactory(ContractFactory)
    reporting_party = factory.SubFactory(PartyFactory)
    title = factory.Sequence(lambda n: f"Häiriö {n}")
    description = "Palvelu ei toteutunut."
    occurred_on = dt.date(2026, 5, 1)
    reported_on = dt.date(2026, 5, 2)


class AppropriationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Appropriation

    year = 2026
    item = models.Appropriation.Item.EMPLOYMENT
    amount = Decimal("1000000.00")


class TransferPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TransferPlan

    title = factory.Sequence(lambda n: f"Siirtosuunnitelma {n}")
    sending_party = factory.SubFactory(StateAgencyFactory)
    total_person_years = Decimal("3")
    base_person_years = Decimal("3")
    temporary_person_years = Decimal("0")


class StaffTransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StaffTransfer

    plan = factory.SubFactory(TransferPlanFactory)
    official_name = factory.Sequence(lambda n: f"Virkamies {n}")
    consent_date = dt.date(2021, 2, 1)
    from_office = "Lahden toimipiste"
    to_municipality = factory.SubFactory(PartyFactory)
    starts_on = dt.date(2021, 3, 1)
