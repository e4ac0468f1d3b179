"""Service agreements between the parties under a main agreement (letter of intent 3, last
paragraph), and the context per employment authority on the programme page (letter 3 I, III)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cooperation.agreements import demo, services
from cooperation.agreements.models import AuthorityContext, ServiceAgreement
from cooperation.base import indicator_values
from cooperation.base.indicator_values import LatestValue
from parties.models import Party
from parties.seed import TO_BE_COMPLETED
from tests.factories.cooperation import AgreementFactory, AgreementPartyFactory
from tests.factories.parties import PartyFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _main(parties):
    agreement = AgreementFactory()
    for order, party in enumerate(parties):
        AgreementPartyFactory(agreement=agreement, party=party, order=order)
    return agreement


def test_service_agreement_register(db, admin_user, client_for, outsider):
    lahti, area, other = PartyFactory(kind=Party.Kind.CITY), PartyFactory(), PartyFactory()
    main = _main([lahti, area])
    row = services.record_service_agreement(
        main_agreement=main, acting_user=admin_user, producer=lahti, buyer=area, service="EURES-neuvonta",
        price_basis=ServiceAgreement.PriceBasis.UNIT_PRICE, price_note="85 € / tunti",
        valid_from=dt.date(2026, 1, 1), valid_until=dt.date(2026, 12, 31))
    assert row.is_in_force_on(dt.date(2026, 6, 1)) and not row.is_in_force_on(dt.date(2027, 1, 1))
    with pytest.raises(ValidationError) as refused:
        services.record_service_agreement(
            main_agreement=main, acting_user=admin_user, producer=lahti, buyer=other, service="X",
            price_basis=ServiceAgreement.PriceBasis.COST_SHARE, valid_from=dt.date(2026, 1, 1))
    assert refused.value.message_dict["buyer"] == ["Only a party of the main agreement can be named."]
    assert "procurement_id" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.record_service_agreement(
            main_agreement=main, acting_user=admin_user, producer=lahti, buyer=lahti, service="X",
            price_basis=ServiceAgreement.PriceBasis.FREE, valid_from=dt.date(2026, 1, 1))
    assert "two different parties" in refused.value.message_dict["buyer"][0]
    with pytest.raises(PermissionDenied):
        services.record_service_agreement(
            main_agreement=main, acting_user=outsider, producer=lahti, buyer=area, service="X",
            price_basis=ServiceAgreement.PriceBasis.FREE, valid_from=dt.date(2026, 1, 1))
    # Through the page, linked to a joint procurement by its number and label.
    client = client_for(admin_user)
    response = client.post(f"/agreements/{main.pk}/service-agreements/new/", {
        "service": "Tulosperusteiset palvelut", "producer": area.pk, "buyer": lahti.pk, "price_basis": "cost_share",
        "valid_from": "2026-02-01", "procurement_id": "7", "procurement_label": "DPS tulosperusteiset palvelut"})
    assert response.status_code == 302
    page = client.get(f"/agreements/{main.pk}/").content.decode()
    assert "EURES-neuvonta" in page and "/procurement/7/" in page and "DPS tulosperusteiset palvelut" in page
    assert ServiceAgreement.objects.filter(main_agreement=main).count() == 2


def test_ended_party_cannot_be_named_in_a_new_service_agreement(db, admin_user):
    ended = PartyFactory(valid_until=dt.date(2025, 12, 31))
    live = PartyFactory()
    main = _main([ended, live])
    with pytest.raises(ValidationError) as refused:
        services.record_service_agreement(
            main_agreement=main, acting_user=admin_user, producer=ended, buyer=live, service="X",
            price_basis=ServiceAgreement.PriceBasis.FREE, valid_from=dt.date(2026, 1, 1))
    assert "ended on 31.12.2025" in refused.value.message_dict["producer"][0]


@pytest.fixture
def provider():
    def latest(codes, area_code):
        if area_code == "KU398" and "TYOTTOMATULK" in codes:
            return {"TYOTTOMATULK": LatestValue("TYOTTOMATULK", "KU398", "2026-09", Decimal("2150"), "hlöä")}
        return {}
    indicator_values.register(latest)
    yield latest
    indicator_values._providers.remove(latest)


def test_programme_page_shows_each_authoritys_features(db, provider, client_for, outsider, admin_user):
    demo.seed()
    contexts = AuthorityContext.objects.all()
    assert contexts.count() == 8  # two authorities × four features
    area_context = contexts.get(authority__employment_area__isnull=False, feature="students")
    assert area_context.metric_code == "" and TO_BE_COMPLETED in area_context.source  # no figure invented
    # A figure entered by hand needs its source.
    area_context.value, area_context.source = Decimal("120"), ""
    with pytest.raises(ValidationError):
        area_context.full_clean()
    # Entered through the page by an editor of the programme, with its source.
    client_for(admin_user).post(f"/programme/contexts/{area_context.pk}/edit/", {
        "value": "120", "unit": "hlöä", "as_of": "12/2025", "source": "Työllisyysalueen järjestämissuunnitelma 2026"})
    area_context.refresh_from_db()
    assert area_context.value == Decimal("120")
    with translation.override("fi"):
        page = client_for(outsider).get("/programme/").content.decode()
    assert "Vieraskieliset" in page and "Opiskelijat" in page
    assert "2026-09" in page and "TYOTTOMATULK" in page  # from monitoring (Lahti, KU398)
    assert "Työllisyysalueen järjestämissuunnitelma 2026" in page
    assert "täydennettävä" in page
