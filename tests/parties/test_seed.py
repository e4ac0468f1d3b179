import datetime as dt

from django.core.management import call_command

from parties.models import EmploymentArea, EmploymentAuthority, Party, PartySuccession
from parties.seed import KEHA_NAME


def test_seed_loads_every_party_of_both_documents_with_their_facts(seeded_parties):
    lahti = Party.objects.get(name_fi="Lahden kaupunki")
    assert (lahti.business_id, lahti.municipality_code, lahti.postal_address, lahti.street_address,
            lahti.postal_code, lahti.post_office) == ("0149669-3", "398", "PL 202", "Harjukatu 31", "15101", "Lahti")
    assert lahti.statfin_code == "KU398"
    karkola = Party.objects.get(name_fi="Kärkölän kunta")
    assert (karkola.street_address, karkola.postal_code, karkola.post_office) == ("Virkatie 1", "16600", "Järvelä")
    codes = dict(Party.objects.exclude(municipality_code="").values_list("name_fi", "municipality_code"))
    assert codes == {
        "Asikkalan kunta": "016", "Hartolan kunta": "081", "Heinolan kaupunki": "111", "Hollolan kunta": "098",
        "Iitin kunta": "142", "Kärkölän kunta": "316", "Lahden kaupunki": "398", "Orimattilan kaupunki": "560",
        "Padasjoen kunta": "576", "Sysmän kunta": "781",
    }
    state = Party.objects.filter(business_id="2296962-1").values_list("name_fi", flat=True)
    assert set(state) == {"Hämeen TE-toimisto", "Hämeen ELY-keskus", KEHA_NAME}


def test_ely_centre_links_to_its_successor_instead_of_being_renamed(seeded_parties):
    ely = Party.objects.get(name_fi="Hämeen ELY-keskus")
    succession = PartySuccession.objects.get(predecessor=ely, successor__name_fi__contains="elinvoimakeskus")
    assert succession.successor.name_fi == "Kaakkois-Suomen elinvoimakeskus"
    assert succession.effective_date == dt.date(2026, 1, 1)
    assert ely.is_active_on(dt.date(2025, 6, 1)) and not ely.is_active_on(dt.date(2026, 1, 2))


def test_employment_area_and_authorities(seeded_parties):
    area = EmploymentArea.objects.get()
    assert area.responsible_municipality.name_fi == "Hollolan kunta"
    members = set(area.members_on(dt.date(2025, 6, 1)).values_list("municipality_code", flat=True))
    assert members == {"016", "081", "111", "098", "142", "316", "560", "576", "781"}
    assert area.members_on(dt.date(2024, 6, 1)).count() == 0
    assert EmploymentAuthority.objects.count() == 2
    lahti_authority = EmploymentAuthority.objects.get(party__municipality_code="398")
    assert list(lahti_authority.municipalities_on()) == [Party.objects.get(municipality_code="398")]


def test_seed_is_idempotent(seeded_parties):
    before = (Party.objects.count(), PartySuccession.objects.count(), EmploymentArea.objects.count())
    call_command("seed_parties", verbosity=0)
    call_command("seed_parties", verbosity=0)
    assert (Party.objects.count(), PartySuccession.objects.count(), EmploymentArea.objects.count()) == before
    assert before[0] == 15
