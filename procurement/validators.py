"""CPV codes and the procurement thresholds shown next to an estimated value.

CPV (Common Procurement Vocabulary, Commission Regulation (EC) No 213/2008): eight digits, a
hyphen and a check digit, e.g. 79600000-0. The first two digits are the division. The check
digit is published with each code; most codes satisfy a weighted sum with weights 3, 7, 1
repeating (mod 10), but published codes exist that do not (e.g. division 51, 51000000-9), so the
check digit is not recomputed here: we validate the format and the division and never "fix" a
code. Compare the code against the published vocabulary when in doubt.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CPV_RE = re.compile(r"^(\d{2})(\d{6})-(\d)$")

# The 45 divisions of CPV 2008 (Regulation 213/2008, annex I).
CPV_DIVISIONS = frozenset([
    "03", "09", "14", "15", "16", "18", "19", "22", "24", "30", "31", "32", "33", "34", "35", "37", "38", "39",
    "41", "42", "43", "44", "45", "48", "50", "51", "55", "60", "63", "64", "65", "66", "70", "71", "72", "73",
    "75", "76", "77", "79", "80", "85", "90", "92", "98",
])


def validate_cpv_code(value: str) -> None:
    match = CPV_RE.match(value or "")
    if not match:
        raise ValidationError(
            _("A CPV code is eight digits, a hyphen and a check digit, e.g. 79600000-0."), code="cpv_format"
        )
    if match.group(1) not in CPV_DIVISIONS:
        raise ValidationError(
            _("%(division)s is not a CPV division: check the code %(value)s against the vocabulary."),
            code="cpv_division", params={"division": match.group(1), "value": value},
        )


# --- Thresholds -------------------------------------------------------------------------------
# National thresholds: hankintalaki 1397/2016, 25 § (in force 2024–2026; VAT excluded).
# EU thresholds for sub-central contracting authorities (municipalities), set every two years by a
# Commission delegated regulation: 2024–2025 (Reg. (EU) 2023/2495) supplies/services 221 000 €,
# works 5 538 000 €; 2026–2027 supplies/services 216 000 €, works 5 404 000 € (Reg. (EU) 2025/2152).
# Social and other specific services (Directive 2014/24/EU art. 4(d)) 750 000 € in both periods.
# THESE CHANGE: update the table when the Commission publishes new values and cite the source.
class ContractType:
    GOODS = "goods"
    SERVICES = "services"
    WORKS = "works"
    SOCIAL_HEALTH = "social_health"      # hankintalaki liite E 1–4: social and health services
    OTHER_SPECIFIC = "other_specific"    # liite E 5–15: other specific services (e.g. employment services)
    CONCESSION = "concession"

    CHOICES = [
        (GOODS, _("Goods")),
        (SERVICES, _("Services")),
        (WORKS, _("Construction works")),
        (SOCIAL_HEALTH, _("Social and health services (annex E 1–4)")),
        (OTHER_SPECIFIC, _("Other specific services (annex E 5–15)")),
        (CONCESSION, _("Service or works concession")),
    ]


NATIONAL_THRESHOLDS = {
    ContractType.GOODS: Decimal("60000"),
    ContractType.SERVICES: Decimal("60000"),
    ContractType.WORKS: Decimal("150000"),
    ContractType.SOCIAL_HEALTH: Decimal("400000"),
    ContractType.OTHER_SPECIFIC: Decimal("300000"),
    ContractType.CONCESSION: Decimal("500000"),
}

# year range → type → EU threshold for sub-central authorities.
EU_THRESHOLDS = {
    (2024, 2025): {
        ContractType.GOODS: Decimal("221000"), ContractType.SERVICES: Decimal("221000"),
        ContractType.WORKS: Decimal("5538000"), ContractType.SOCIAL_HEALTH: Decimal("750000"),
        ContractType.OTHER_SPECIFIC: Decimal("750000"), ContractType.CONCESSION: Decimal("5538000"),
    },
    (2026, 2027): {
        ContractType.GOODS: Decimal("216000"), ContractType.SERVICES: Decimal("216000"),
        ContractType.WORKS: Decimal("5404000"), ContractType.SOCIAL_HEALTH: Decimal("750000"),
        ContractType.OTHER_SPECIFIC: Decimal("750000"), ContractType.CONCESSION: Decimal("5404000"),
    },
}


def eu_threshold(contract_type: str, year: int) -> Decimal | None:
    for (first, last), table in EU_THRESHOLDS.items():
        if first <= year <= last:
            return table.get(contract_type)
    return None


def threshold_summary(contract_type: str, value: Decimal | None, year: int) -> dict:
    """What the estimated value means: below national, national, or EU procedure."""
    national = NATIONAL_THRESHOLDS.get(contract_type)
    eu = eu_threshold(contract_type, year)
    if value is None or national is None:
        level = "unknown"
    elif eu is not None and value >= eu:
        level = "eu"
    elif value >= national:
        level = "national"
    else:
        level = "below"
    labels = {
        "eu": _("At or above the EU threshold: an EU procedure and a notice in Hilma and TED."),
        "national": _("At or above the national threshold: a national procedure and a Hilma notice."),
        "below": _("Below the national threshold: the municipality's own procurement rules apply."),
        "unknown": _("Give an estimated value to see the applicable threshold."),
    }
    return {"national": national, "eu": eu, "level": level, "label": labels[level]}
