"""Checks of a staff transfer plan against itself and against the individual transfers.

Every mismatch is reported as a sentence; nothing is rounded away or corrected. The pilot
agreement's own figures (44.3 base + 6.4 temporary = 50.7, total given as 50.6) must show up here.
"""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from cooperation.base.numbers import format_person_years


def _n(value: Decimal) -> str:
    # 44.30 → "44,3", 4.00 → "4": as the source document writes them.
    return format_person_years(value)


def plan_mismatches(plan) -> list[str]:
    problems = []
    base_plus_temp = plan.base_person_years + plan.temporary_person_years
    if base_plus_temp != plan.total_person_years:
        problems.append(_(
            "Base %(base)s + temporary %(temp)s = %(sum)s person-years, but the plan's total is %(total)s."
        ) % {"base": _n(plan.base_person_years), "temp": _n(plan.temporary_person_years),
             "sum": _n(base_plus_temp), "total": _n(plan.total_person_years)})
    allocations = list(plan.allocations.select_related("municipality"))
    allocated = sum((a.person_years for a in allocations), Decimal("0"))
    if allocations and allocated != plan.total_person_years:
        problems.append(_(
            "The municipalities' allocations add up to %(sum)s person-years, but the plan's total is %(total)s."
        ) % {"sum": _n(allocated), "total": _n(plan.total_person_years)})

    # visibility: sums per municipality and resource only (no row, no name), shown with the plan to every member
    transfers = plan.transfers.all()
    if not transfers.exists():
        return problems
    by_municipality = dict(transfers.values_list("to_municipality").annotate(total=Sum("person_years")))
    for allocation in allocations:
        moved = by_municipality.pop(allocation.municipality_id, Decimal("0"))
        if moved != allocation.person_years:
            problems.append(_(
                "%(municipality)s: individual transfers add up to %(moved)s person-years, the plan gives %(planned)s."
            ) % {"municipality": allocation.municipality.name, "moved": _n(moved),
                 "planned": _n(allocation.person_years)})
    if by_municipality:
        from parties.models import Party

        for party in Party.objects.filter(pk__in=by_municipality):
            problems.append(_("%(municipality)s receives %(moved)s person-years but has no allocation in the plan.")
                            % {"municipality": party.name, "moved": _n(by_municipality[party.pk])})
    by_resource = dict(transfers.values_list("resource").annotate(total=Sum("person_years")))
    for resource, planned, label in (
        ("base", plan.base_person_years, _("base resource")),
        ("temporary", plan.temporary_person_years, _("temporary resource")),
    ):
        moved = by_resource.get(resource, Decimal("0"))
        if moved != planned:
            problems.append(_("Individual transfers give %(moved)s person-years of %(label)s, the plan %(planned)s.")
                            % {"moved": _n(moved), "label": label, "planned": _n(planned)})
    if plan.temporary_until:
        late = transfers.filter(resource="temporary", ends_on__gt=plan.temporary_until).count()
        if late:
            problems.append(_("%(count)d temporary transfers end after the temporary resource ends (%(day)s).")
                            % {"count": late, "day": plan.temporary_until.strftime("%d.%m.%Y")})
    return problems
