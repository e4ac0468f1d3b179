"""Peer groups (issue 12): by default the areas whose centre municipality has a similar population
(Statistics Finland's figures of 31.12.2020, loaded by migration 0012), with the labour force as the
stated fallback where the reference data lacks them; chosen per authority in a page by the
knowledge-management working group, stored, audited, used by where we stand."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from monitoring.areas import AreaRegistry
from monitoring.models import Metric, PeerGroup, ReferenceArea
from monitoring.services import import_content, peer_group_save
from monitoring.standing import where_we_stand
from parties import roles
from tests.factories.statfin import national_12r5

MONTH = dt.date(2026, 10, 1)
pytestmark = pytest.mark.usefixtures("areas")


@pytest.fixture
def national():
    registry = AreaRegistry()
    import_content(content=national_12r5(registry, MONTH, months=1, area_codes=registry.codes_of_kind(
        "municipality")), file_name="12r5.json", acting_user=None)
    return registry


def test_on_a_migrated_database_the_default_is_by_the_centres_population_and_the_pages_say_so(
        national, client_for, official):
    """Known numbers (31.12.2020): Lahti 119 984 — Kuopio 120 210, Jyväskylä 143 420, Pori 83 684,
    Kouvola 81 187, Joensuu 76 935 (next: Lappeenranta 72 662). Hollola, Päijät-Häme's responsible
    municipality, 23 251 — Lounais-Pirkanmaa (Vammala) 24 052, Raahe 24 353, Meri-Lappi (Tornio) 21 467,
    Ylä-Savo (Iisalmi) 21 124, Varkaus 20 278 (next: Eteläinen Keski-Suomi (Jämsä) 19 887)."""
    rate = Metric.objects.get(code="unemployment-rate")
    lahti = where_we_stand(rate, MONTH, registry=national, focus=["TA398"])
    assert lahti.peer_basis == "population"
    assert sorted(p.code for p in lahti.peers) == ["TA167", "TA179", "TA286", "TA297", "TA609"]
    paijat_hame = where_we_stand(rate, MONTH, registry=national, focus=["TA098"])
    assert sorted(p.code for p in paijat_hame.peers) == ["TA140", "TA678", "TA790", "TA851", "TA915"]
    both = where_we_stand(rate, MONTH, registry=national)  # the two authorities' groups together
    assert {p.code for p in both.peers} == {p.code for p in lahti.peers + paijat_hame.peers}
    client = client_for(official)  # the pages are in Finnish
    page = client.get(f"/monitoring/metrics/unemployment-rate/?month={MONTH:%Y-%m}").content.decode()
    assert "Vertailuryhmä: alueet, joiden keskuskunnan väkiluku on samaa suuruusluokkaa" in page
    assert "Kuopion seudun työllisyysalue" in page and "Raahen työllisyysalue" in page
    listing = client.get("/monitoring/peer-groups/").content.decode()
    assert listing.count("Vertailuryhmä: alueet, joiden keskuskunnan väkiluku on samaa suuruusluokkaa") == 2
    assert "työvoima on samaa suuruusluokkaa (keskuskuntien" not in page + listing


def test_without_populations_the_default_is_by_labour_force_and_the_pages_say_so(national, client_for, official):
    ReferenceArea.objects.update(population=None)  # a database where they were cleared
    rate = Metric.objects.get(code="unemployment-rate")
    standing = where_we_stand(rate, MONTH, registry=national)
    assert standing.peer_basis == "labour-force" and standing.peers
    client = client_for(official)
    page = client.get(f"/monitoring/metrics/unemployment-rate/?month={MONTH:%Y-%m}").content.decode()
    assert "(keskuskuntien väkilukuja ei ole viitetiedoissa)" in page  # the page is in Finnish
    assert "(keskuskuntien väkilukuja ei ole viitetiedoissa)" in client.get("/monitoring/peer-groups/").content.decode()


def test_with_centre_populations_the_default_is_the_areas_whose_centre_is_of_a_similar_size(national):
    # Give every centre municipality a population: Lahti's peers are then the five nearest to it.
    areas = ReferenceArea.objects.filter(kind="area", valid_until__isnull=True)
    for n, area in enumerate(areas.order_by("code")):
        ReferenceArea.objects.filter(code=area.responsible_code).update(population=10_000 + 1_000 * n)
    ReferenceArea.objects.filter(code="KU398").update(population=120_000)
    near = ["TA091", "TA049", "TA092", "TA837", "TA853"]
    for population, code in zip((118_000, 121_000, 123_000, 125_000, 116_000), near, strict=True):
        responsible = ReferenceArea.objects.get(code=code).responsible_code
        ReferenceArea.objects.filter(code=responsible).update(population=population)
    rate = Metric.objects.get(code="unemployment-rate")
    standing = where_we_stand(rate, MONTH, registry=national, focus=["TA398"])
    assert standing.peer_basis == "population"
    assert sorted(p.code for p in standing.peers) == sorted(near)


def test_the_working_group_chooses_a_peer_group_in_the_page_and_it_is_used_and_audited(
        national, client_for, make_user):
    chooser = make_user(roles.WORKGROUP_MEMBER)
    client = client_for(chooser)
    assert client.get("/monitoring/peer-groups/").status_code == 200
    lahti = ReferenceArea.objects.get(code="TA398")
    chosen = list(ReferenceArea.objects.filter(code__in=["TA091", "TA837", "TA853"]))
    response = client.post("/monitoring/peer-groups/TA398/", {"areas": [a.pk for a in chosen]})
    assert response.status_code == 302
    group = PeerGroup.objects.get(authority_area=lahti)
    assert sorted(a.code for a in group.areas.all()) == ["TA091", "TA837", "TA853"]
    assert group.updated_by == chooser
    assert LogEntry.objects.get_for_object(group).filter(actor=chooser).exists()
    standing = where_we_stand(Metric.objects.get(code="unemployment-rate"), MONTH, registry=national,
                              focus=["TA398"])
    assert standing.peer_basis == "chosen" and {p.code for p in standing.peers} == {"TA091", "TA837", "TA853"}
    listing = client.get("/monitoring/peer-groups/").content.decode()
    assert "Helsingin työllisyysalue" in listing and "tietojohtamisen työryhmä on valinnut" in listing
    # Choosing none returns to the default.
    assert client.post("/monitoring/peer-groups/TA398/", {}).status_code == 302
    assert not PeerGroup.objects.filter(authority_area=lahti).exists()


def test_the_own_area_and_other_roles_are_refused_and_nothing_is_written(national, client_for, official, make_user):
    lahti = ReferenceArea.objects.get(code="TA398")
    assert client_for(official).get("/monitoring/peer-groups/").status_code == 200  # officials read
    assert client_for(official).post("/monitoring/peer-groups/TA398/", {"areas": [lahti.pk]}).status_code == 403
    chooser = make_user(roles.WORKGROUP_MEMBER)
    with pytest.raises(ValidationError, match=r"omaa aluetta|own area"):
        peer_group_save(authority_area=lahti, areas=[lahti], acting_user=chooser)
    too_many = list(ReferenceArea.objects.filter(kind="area").exclude(pk=lahti.pk)[:16])
    response = client_for(chooser).post("/monitoring/peer-groups/TA398/", {"areas": [a.pk for a in too_many]})
    assert response.status_code == 200 and "enintään 15" in response.content.decode()
    assert not PeerGroup.objects.exists()
    # A code that is no employment area in force has no peer group.
    assert client_for(chooser).get("/monitoring/peer-groups/KU398/").status_code == 404
    assert client_for(chooser).get("/monitoring/peer-groups/TA999/").status_code == 404


def test_the_setting_is_the_initial_default_until_a_group_is_chosen(national, settings, make_user):
    settings.MONITORING_PEER_AREAS = ["TA091", "TA092"]
    rate = Metric.objects.get(code="unemployment-rate")
    standing = where_we_stand(rate, MONTH, registry=national, focus=["TA398"])
    assert standing.peer_basis == "setting" and {p.code for p in standing.peers} == {"TA091", "TA092"}
    peer_group_save(authority_area=ReferenceArea.objects.get(code="TA398"),
                    areas=ReferenceArea.objects.filter(code="TA837"), acting_user=make_user(roles.WORKGROUP_MEMBER))
    standing = where_we_stand(rate, MONTH, registry=national, focus=["TA398"])
    assert standing.peer_basis == "chosen" and [p.code for p in standing.peers] == ["TA837"]
