"""Open Contracting Data Standard (OCDS 1.1) publication of a joint procurement.

Parties are identified by their business ID in the FI-PRO scheme (the Finnish Patent and
Registration Office, org-id.guide). The DPS is flagged with the techniques extension's
`hasDynamicPurchasingSystem` (declared in the packages' `extensions`); outcome-based payment points
are contract milestones of type "payment" (the amount is in the description: a milestone has no
value in the core schema). `publish` stores a new release only when the data changed, so release
ids and dates are stable; `release_package` and `record_package` wrap them as the standard says.
Validated in tests against the official schemas vendored in schema/ (see schema/README.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

SCHEMA_DIR = Path(__file__).with_name("schema")
OCDS_VERSION = "1.1"
CORE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/"
# Extensions whose fields the releases use beyond the core (tender.techniques).
EXTENSIONS = {
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/master/extension.json":
        "techniques-extension-release-schema.json",
}

TENDER_STATUS = {"need": "planning", "planning": "planning", "notice": "active", "tenders": "active",
                 "award": "complete", "contract": "complete", "monitoring": "complete", "ended": "complete"}
TAGS = {"need": ["planning"], "planning": ["planning"], "notice": ["tender"], "tenders": ["tender"],
        "award": ["tender", "award"], "contract": ["tender", "award", "contract"],
        "monitoring": ["tender", "award", "contract", "implementation"],
        "ended": ["tender", "award", "contract", "implementation"]}
MAIN_CATEGORY = {"goods": "goods", "works": "works", "concession": "services"}


def _load(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def _merge_patch(target: dict, patch: dict) -> dict:
    """RFC 7386 JSON Merge Patch: how OCDS applies an extension's schema to the core."""
    result = dict(target)
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merge_patch(result[key], value)
        else:
            result[key] = value
    return result


@cache
def release_schema() -> dict:
    """The official 1.1.5 release schema with the declared extensions applied."""
    schema = _load("release-schema.json")
    for extension_schema in EXTENSIONS.values():
        schema = _merge_patch(schema, _load(extension_schema))
    return schema


@cache
def package_schema(kind: str) -> dict:
    """The official release-package or record-package schema ("release" / "record")."""
    return _load(f"{kind}-package-schema.json")


def _money(amount) -> dict | None:
    return None if amount is None else {"amount": float(amount), "currency": "EUR"}


def _euros(amount) -> str:
    """1 500,00 € as Finns write it (a no-break space groups the thousands)."""
    return f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",") + "\u00a0€"


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
    # The portal's documents are Finnish (release language "fi"), so is the amount's wording.
    return [{
        "id": f"milestone-{m.pk}", "title": m.title, "type": "payment", "status": "scheduled",
        "description": " ".join(filter(None, [m.description, f"Maksu {_euros(m.amount)} asiakasta kohden."])),
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


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def release_content(procurement, *, today: dt.date | None = None) -> dict:
    """The procurement as an OCDS release, without the release's id and date (see publish)."""
    today = today or timezone.localdate()
    stage = procurement.current_stage()
    stage_key = stage.stage if stage else "need"
    parties = _Parties()
    lead = procurement.lead_party
    buyer_ref = parties.add("party", lead, lead.name_fi, lead.business_id, ["buyer", "procuringEntity"],
                            _address(lead))
    for share in procurement.cost_shares.all():
        parties.add("party", share.party, share.party.name_fi, share.party.business_id, ["buyer"],
                    _address(share.party))
    awards, contracts = _awards_and_contracts(procurement, parties, today)
    _add_dps_suppliers(procurement, parties)
    tender = _tender(procurement, stage_key, buyer_ref)
    release = {
        "ocid": procurement.ocid,
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


def _digest(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def publish(procurement, *, now: dt.datetime | None = None) -> list[dict]:
    """The procurement's releases, oldest first; a new one is stored only when the data changed.

    The release id is the ocid, the release's number and the start of its content hash; its date
    is when that content was first published. The procurement row is locked while comparing, so
    two simultaneous readers do not both store the same new release.
    """
    from procurement.models import JointProcurement, OcdsRelease

    content = release_content(procurement)
    digest = _digest(content)
    with transaction.atomic():
        # visibility: a lock on the row the caller was already allowed to read, nothing is returned
        JointProcurement.objects.select_for_update().filter(pk=procurement.pk).exists()
        stored = list(OcdsRelease.objects.filter(procurement=procurement).order_by("sequence"))
        if not stored or stored[-1].digest != digest:
            sequence = stored[-1].sequence + 1 if stored else 1
            data = {"ocid": content["ocid"], "id": f"{content['ocid']}-{sequence:03d}-{digest[:12]}",
                    "date": _timestamp(now or timezone.now()), **content}
            stored.append(OcdsRelease.objects.create(procurement=procurement, sequence=sequence, digest=digest,
                                                     published_at=now or timezone.now(), data=data))
    return [release.data for release in stored]


def release_for(procurement, *, now: dt.datetime | None = None) -> dict:
    """The procurement's current release (published now if its data changed)."""
    return publish(procurement, now=now)[-1]


def _package_meta(uri: str, releases: list[dict]) -> dict:
    # "If this package is generated on demand, publishedDate should reflect the date of the last
    # change to the underlying contents": the newest release's date, so the package is stable too.
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": list(EXTENSIONS),
        "publisher": dict(settings.OCDS_PUBLISHER),
        "publishedDate": max(r["date"] for r in releases),
    }


def release_package(procurements, *, uri: str) -> dict:
    """A release package with the current release of each procurement (at least one)."""
    releases = [release_for(p) for p in procurements]
    return {**_package_meta(uri, releases), "releases": releases}


def compiled_release(releases: list[dict]) -> dict:
    """The current state: each release is a full snapshot, so the newest one with the "compiled" tag."""
    newest = releases[-1]
    return {**newest, "id": f"{newest['ocid']}-compiled-{newest['id'].rsplit('-', 1)[-1]}", "tag": ["compiled"]}


def record_package(procurement, *, uri: str, release_uri: str) -> dict:
    """A record package: the procurement's record with every release (embedded) and the compiled one."""
    releases = publish(procurement)
    record = {"ocid": procurement.ocid, "releases": releases, "compiledRelease": compiled_release(releases)}
    return {**_package_meta(uri, releases), "packages": [release_uri], "records": [record]}
