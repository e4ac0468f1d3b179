"""Open Contracting Data Standard (OCDS 1.1) release of a joint procurement.

Parties are identified by their business ID in the FI-PRO scheme (the Finnish Patent and
Registration Office, org-id.guide). The DPS is flagged with the `techniques` extension field
`hasDynamicPurchasingSystem`; outcome-based payment points are contract milestones of type
"payment". Validated in tests against the official release schema vendored beside this file.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

from django.utils import timezone

SCHEMA_PATH = Path(__file__).with_name("release-schema.json")

TENDER_STATUS = {"need": "planning", "planning": "planning", "notice": "active", "tenders": "active",
                 "award": "complete", "contract": "complete", "monitoring": "complete", "ended": "complete"}
TAGS = {"need": ["planning"], "planning": ["planning"], "notice": ["tender"], "tenders": ["tender"],
        "award": ["tender", "award"], "contract": ["tender", "award", "contract"],
        "monitoring": ["tender", "award", "contract", "implementation"],
        "ended": ["tender", "award", "contract", "implementation"]}
MAIN_CATEGORY = {"goods": "goods", "works": "works", "concession": "services"}


@cache
def release_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _money(amount) -> dict | None:
    return None if amount is None else {"amount": float(amount), "currency": "EUR"}


def _date(day: dt.date | None) -> str | None:
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")


class _Parties:
    """Builds the parties array; one entry per organisation, roles merged, ids unique."""

    def __init__(self):
        self.entries: dict[str, dict] = {}
        self.keys: dict[tuple[str, int], str] = {}

    def add(self, kind: str, obj, name: str, business_id: str, roles: list[str], address: dict | None = None) -> dict:
        key = (kind, obj.pk)
        if key not in self.keys:
            ident = f"FI-PRO-{business_id}" if business_id else f"{kind}-{obj.pk}"
            if ident in self.entries:  # e.g. the three state units share one legal entity's ID
                ident = f"{ident}-{kind}-{obj.pk}"
            entry = {"id": ident, "name": name, "roles": []}
            if business_id:
                entry["identifier"] = {"scheme": "FI-PRO", "id": business_id, "legalName": name}
            if address:
                entry["address"] = address
            self.entries[ident] = entry
            self.keys[key] = ident
        entry = self.entries[self.keys[key]]
        entry["roles"] += [r for r in roles if r not in entry["roles"]]
        return {"id": entry["id"], "name": entry["name"]}


def _address(party) -> dict | None:
    parts = {"streetAddress": party.street_address, "locality": party.post_office,
             "postalCode": party.postal_code}
    parts = {k: v for k, v in parts.items() if v}
    return {**parts, "countryName": "Suomi"} if parts else None


def _milestones(procurement) -> list[dict]:
    return [{
        "id": f"milestone-{m.pk}", "title": m.title, "type": "payment", "description": m.description or m.title,
        "status": "scheduled", "value": _money(m.amount),
    } for m in procurement.milestones.all()]


def _contract_item(contract, award_id: str, milestones: list[dict], today: dt.date) -> dict:
    item = {"id": f"contract-{contract.pk}", "awardID": award_id, "title": contract.title,
            "description": contract.terms or contract.title,
            "status": "terminated" if contract.ends_on < today else "active",
            "period": {"startDate": _date(contract.starts_on), "endDate": _date(contract.ends_on)},
            "milestones": milestones}
    if contract.signed_on:
        item["dateSigned"] = _date(contract.signed_on)
    if contract.value is not None:
        item["value"] = _money(contract.value)
    return item


def _awards_and_contracts(procurement, parties: _Parties, today: dt.date) -> tuple[list[dict], list[dict]]:
    milestones = _milestones(procurement)
    awards, contracts = [], []
    for contract in procurement.contracts.all():
        supplier = contract.supplier
        supplier_ref = parties.add("supplier", supplier, supplier.name, supplier.business_id,
                                   ["supplier", "tenderer"])
        award_id = f"award-{contract.pk}"
        award = {"id": award_id, "status": "active", "suppliers": [supplier_ref],
                 "date": _date(contract.signed_on or contract.starts_on)}
        if contract.value is not None:
            award["value"] = _money(contract.value)
        awards.append(award)
        contracts.append(_contract_item(contract, award_id, milestones, today))
    return awards, contracts


def _add_dps_suppliers(procurement, parties: _Parties) -> None:
    """DPS admissions: every admitted supplier is a party with the supplier role."""
    for category in procurement.dps_categories.all():
        for admission in category.admissions.all():
            parties.add("supplier", admission.supplier, admission.supplier.name, admission.supplier.business_id,
                        ["supplier"])


def _tender(procurement, stage_key: str, buyer_ref: dict) -> dict:
    tender = {
        "id": f"{procurement.ocid}-tender",
        "title": procurement.title,
        "description": procurement.description or procurement.title,
        "status": TENDER_STATUS[stage_key],
        "procuringEntity": buyer_ref,
        "items": [{"id": "1", "description": procurement.title,
                   "classification": {"scheme": "CPV", "id": procurement.cpv_code}}],
        "procurementMethod": procurement.OCDS_METHOD[procurement.procedure],
        "procurementMethodDetails": procurement.get_procedure_display(),
        "mainProcurementCategory": MAIN_CATEGORY.get(procurement.contract_type, "services"),
        "techniques": {"hasDynamicPurchasingSystem": procurement.is_dps,
                       "hasFrameworkAgreement": procurement.procedure == "framework"},
    }
    if procurement.estimated_value is not None:
        tender["value"] = _money(procurement.estimated_value)
    if procurement.hilma_notice_number:
        tender["documents"] = [{"id": f"hilma-{procurement.hilma_notice_number}", "documentType": "tenderNotice",
                                "title": f"Hilma {procurement.hilma_notice_number}"}]
    return tender


def release_for(procurement, *, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    stage = procurement.current_stage()
    stage_key = stage.stage if stage else "need"
    parties = _Parties()
    lead = procurement.lead_party
    buyer_ref = parties.add("party", lead, lead.name_fi, lead.business_id, ["buyer", "procuringEntity"],
                            _address(lead))
    for share in procurement.cost_shares.all():
        parties.add("party", share.party, share.party.name_fi, share.party.business_id, ["buyer"],
                    _address(share.party))
    awards, contracts = _awards_and_contracts(procurement, parties, now.date())
    _add_dps_suppliers(procurement, parties)
    tender = _tender(procurement, stage_key, buyer_ref)
    release = {
        "ocid": procurement.ocid,
        "id": f"{procurement.ocid}-{now:%Y%m%dT%H%M%S}",
        "date": now.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "tag": TAGS[stage_key],
        "initiationType": "tender",
        "language": "fi",
        "parties": list(parties.entries.values()),
        "buyer": buyer_ref,
        "tender": tender,
    }
    if awards:
        release["awards"] = awards
        release["contracts"] = contracts
    return release
