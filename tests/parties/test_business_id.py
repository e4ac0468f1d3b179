import pytest
from django.core.exceptions import ValidationError

from parties.forms import PartyForm
from parties.models import Party
from parties.validators import business_id_check_digit, validate_business_id

SEED_IDS = ["0149669-3", "0129920-0", "0145208-4", "0146248-5", "0148268-9", "2296962-1"]


@pytest.mark.parametrize("value", SEED_IDS)
def test_every_business_id_in_the_seed_documents_passes(value):
    validate_business_id(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [("0737546-1", "business_id_check_digit"), ("0149669-4", "business_id_check_digit"),
     ("149669-3", "business_id_format"), ("0149669 3", "business_id_format"), ("", "business_id_format"),
     ("01496693", "business_id_format")],
)
def test_invalid_business_ids_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_business_id(value)
    assert exc.value.code == code


def test_remainder_one_is_never_a_valid_id():
    # 0000001: weights give 2 → remainder 2 → 9; find a prefix whose remainder is 1 and check all digits fail.
    prefix = next(f"{n:07d}" for n in range(1, 10_000) if business_id_check_digit(f"{n:07d}") is None)
    for digit in range(10):
        with pytest.raises(ValidationError):
            validate_business_id(f"{prefix}-{digit}")


def test_form_refuses_a_wrong_check_digit_and_names_the_field(db):
    form = PartyForm(data={"kind": "municipality", "name_fi": "Testikunta", "business_id": "0737546-1"})
    assert not form.is_valid()
    assert "business_id" in form.errors
    assert "0737546-1" in form.errors["business_id"][0]
    assert not Party.objects.filter(name_fi="Testikunta").exists()


def test_business_id_is_not_unique_because_state_units_share_one(db):
    for name in ("A", "B", "C"):
        party = Party(kind=Party.Kind.STATE_AGENCY, name_fi=name, business_id="2296962-1")
        party.full_clean()
        party.save()
    assert Party.objects.filter(business_id="2296962-1").count() == 3


def test_admin_refuses_an_invalid_business_id(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post("/admin/parties/party/add/", {
        "kind": "municipality", "name_fi": "Virhekunta", "business_id": "0737546-1",
        "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0",
        "successions_out-TOTAL_FORMS": "0", "successions_out-INITIAL_FORMS": "0",
        "names-TOTAL_FORMS": "0", "names-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "0737546-1" in response.content.decode()
    assert not Party.objects.filter(name_fi="Virhekunta").exists()


def test_municipality_code_only_for_municipalities(db):
    party = Party(kind=Party.Kind.STATE_AGENCY, name_fi="Virasto", municipality_code="398")
    with pytest.raises(ValidationError) as exc:
        party.full_clean()
    assert "municipality_code" in exc.value.message_dict
