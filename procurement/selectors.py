"""Read-only views of procurement data for other apps (monitoring's monthly report reads these).

Interface (stable): quota_usage(*, year), open_disruption_reports(*, readers) and
disruption_counts(). They return plain dicts and run a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from .models import ZERO, Appropriation, DisruptionReport, Quota, committed_and_spent


def usage_warning_level(appropriation: Appropriation, amount: Decimal, committed: Decimal) -> Decimal | None:
    """The highest warning level the committed share of the quota has reached, or None."""
    if amount <= 0:
        return max(appropriation.levels(), default=None) if committed > 0 else None
    percent = committed * 100 / amount
    reached = [level for level in appropriation.levels() if percent >= level]
    return max(reached) if reached else None


def _usage(appropriation: Appropriation, amount: Decimal, committed: Decimal) -> tuple[Decimal, Decimal | None]:
    percent = (committed * 100 / amount).quantize(Decimal("0.1")) if amount > 0 else Decimal("0.0")
    return percent, usage_warning_level(appropriation, amount, committed)


def quota_state(appropriation: Appropriation, party) -> dict:
    split = appropriation.current_split()
    quota = split.quotas.filter(party=party).first() if split else None
    amount = quota.amount if quota else ZERO
    totals = committed_and_spent([appropriation.pk]).get((appropriation.pk, party.pk), {})
    committed, spent = totals.get("commitment", ZERO), totals.get("spending", ZERO)
    percent, warning = _usage(appropriation, amount, committed)
    return {"amount": amount, "committed": committed, "spent": spent, "usage_percent": percent, "warning": warning}


def quota_rows(appropriations) -> list[dict]:
    """One row per quota of the current split of each appropriation (3 queries in all)."""
    appropriations = list(appropriations)
    ids = [a.pk for a in appropriations]
    by_id = {a.pk: a for a in appropriations}
    quotas = (Quota.objects.filter(split__appropriation_id__in=ids, split__superseded_at__isnull=True)
              .select_related("party", "split").order_by("split__appropriation__item", "-amount"))
    totals = committed_and_spent(ids)
    rows = []
    for quota in quotas:
        appropriation = by_id[quota.split.appropriation_id]
        bucket = totals.get((appropriation.pk, quota.party_id), {})
        committed, spent = bucket.get("commitment", ZERO), bucket.get("spending", ZERO)
        percent, warning = _usage(appropriation, quota.amount, committed)
        rows.append({
            "appropriation": appropriation.item, "appropriation_label": appropriation.get_item_display(),
            "appropriation_id": appropriation.pk, "year": appropriation.year, "version": quota.split.version,
            "authority": quota.party.name, "authority_id": quota.party_id, "customers": quota.customer_count,
            "amount": quota.amount, "committed": committed, "spent": spent, "usage_percent": percent,
            "warning": warning,
        })
    return rows


def quota_usage(*, year: int) -> list[dict]:
    """Per quota of the year's current splits: appropriation, authority, amount, committed, spent,
    usage_percent (committed / amount × 100, one decimal) and warning (the highest warning level
    reached, e.g. Decimal("80"), or None)."""
    keys = ("appropriation", "authority", "amount", "committed", "spent", "usage_percent", "warning")
    return [{k: row[k] for k in keys} for row in quota_rows(Appropriation.objects.filter(year=year))]


def open_disruption_reports(*, readers: Iterable) -> list[dict]:
    """Unresolved disruption reports that every one of `readers` may see (DisruptionQuerySet.visible_to:
    a party's members see their own party's), oldest first, with late = the supplier's answer is
    overdue or came late. Readers of several parties get none: see disruption_counts().
    """
    today = timezone.localdate()
    reports = (DisruptionReport.objects.open().visible_to_every(readers).select_related("contract__supplier")
               .order_by("reported_on", "pk"))
    return [{
        "title": r.title, "contract": r.contract.title, "supplier": r.contract.supplier.name,
        "reported_on": r.reported_on, "answer_due": r.answer_due, "late": r.is_late(today),
        "status": r.get_status_display(),
    } for r in reports]


def disruption_counts() -> dict:
    """How many disruption reports are unresolved and how many of those have a late answer: numbers
    only, no party, contract or text, so a report read by several parties can still say them."""
    today = timezone.localdate()
    # visibility: counts only; no row, title or party leaves here
    unresolved = DisruptionReport.objects.open()
    return {"open": unresolved.count(), "late": unresolved.late(today).count()}
