"""Where we stand: the two authorities among all employment areas, for one metric and month.

Rank 1 is the best by the metric's good direction (lower unemployment ranks first); a metric with
no good direction is ranked from the lowest and not called better or worse. Ties share a rank
(1, 2, 2, 4). The national median and quartiles are over the employment areas that have a value
(Statistics Finland's or one computed from their municipalities, monitoring.derived). The peer
group of each authority is the one chosen for it in the peer-group page (`PeerGroup`, chosen by the
knowledge-management working group); else the codes in `settings.MONITORING_PEER_AREAS` (the initial
default an administrator may set); else the areas whose centre (responsible municipality) has the
population closest to the authority's centre (Statistics Finland's population per municipality,
monitoring/reference/vaesto_*.csv, loaded by migration 0012) — or, should the reference data lack the
centres' populations (a database where they were cleared or never loaded), the areas closest in
labour force in the same month, which the page says.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext as _

from parties.models import EmploymentAuthority

from .areas import AreaRegistry, home_region_areas
from .charts import PRINT_FONT, image_src
from .dataset import DataSet, component_names
from .models import Metric, PeerGroup, ReferenceArea

PEERS = 5  # areas in a default peer group, besides the authority's own


@dataclass
class Position:
    code: str
    name: str
    value: Decimal | None
    rank: int | None
    of: int
    better_than_median: bool | None  # None: no value, or the metric has no good direction
    shown: str = ""  # the value as Finns write it; "salattu" when suppressed, marked * when computed
    suppressed: bool = False
    derived_from: tuple[str, ...] = ()  # the municipalities a computed value was summed from

    @property
    def without_rank(self) -> str:
        """“Päijät-Hämeen työllisyysalue: salattu” — why an authority has no rank."""
        return f"{self.name}: {self.shown}"

    def headline(self, metric: Metric, median: Decimal | None) -> str:
        """“Lahti 38./45, median 9,1 %” as the report and the dashboard write it."""
        if self.rank is None:
            return _("%(area)s: no figure") % {"area": self.name}
        return _("%(area)s %(rank)d./%(of)d, median %(median)s") % {
            "area": self.name, "rank": self.rank, "of": self.of, "median": metric.format(median)}

    def verdict(self) -> str:
        if self.better_than_median is None:
            return ""
        return _("better than the median") if self.better_than_median else _("not better than the median")


@dataclass
class Standing:
    metric: Metric
    month: dt.date
    count: int
    median: Decimal | None
    lower_quartile: Decimal | None
    upper_quartile: Decimal | None
    authorities: list[Position] = field(default_factory=list)
    peers: list[Position] = field(default_factory=list)
    peer_basis: str = ""  # "chosen", "setting", "population", "labour-force" (see peer_basis_text)
    ranking: list[Position] = field(default_factory=list)  # every area, best first
    derived: list[dict] = field(default_factory=list)  # the computed rows shown: area and municipalities

    @property
    def derived_authorities(self) -> list[dict]:
        """The notes of the authorities' computed values (the report shows no peer rows)."""
        focus = {p.code for p in self.authorities}
        return [note for note in self.derived if note["code"] in focus]

    def headlines(self) -> list[str]:
        return [p.headline(self.metric, self.median) for p in self.authorities]

    @property
    def peer_basis_text(self) -> str:
        return peer_basis_text(self.peer_basis)

    @property
    def median_text(self) -> str:
        return self.metric.format(self.median)

    @property
    def quartiles_text(self) -> str:
        return f"{self.metric.format(self.lower_quartile)} – {self.metric.format(self.upper_quartile)}"

    @property
    def image(self) -> str:
        """The strip chart as an image for the PDF report."""
        return image_src(self.strip_chart(for_print=True))

    @property
    def alt(self) -> str:
        return _("%(metric)s %(month)s: every employment area as a grey dot on one axis, the national median "
                 "marked; %(headlines)s.") % {"metric": self.metric.name, "month": f"{self.month:%m/%Y}",
                                               "headlines": "; ".join(self.headlines())}

    def strip_chart(self, for_print: bool = False) -> str:
        """Every employment area as a dot on one axis, the authorities marked and named, the median
        and the quartiles as lines; the table beside it gives the same figures in words."""
        if not self.ranking:
            return ""
        width, height, left, right = 640, 120, 20, 20
        low = min(p.value for p in self.ranking)
        high = max(p.value for p in self.ranking)
        span = (high - low) or Decimal(1)

        def x(value: Decimal) -> float:
            return round(left + float((value - low) / span) * (width - left - right), 1)

        title = _("%(metric)s %(month)s: every employment area on one axis; the median and the quartiles as "
                  "lines; the authorities named") % {"metric": self.metric.name, "month": f"{self.month:%m/%Y}"}
        size = f' width="{width}" height="{height}" font-family="{PRINT_FONT}"' if for_print else ""
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
                 f'aria-label="{escape(title)}" class="standing-chart"{size}><title>{escape(title)}</title>',
                 f'<line x1="{left}" y1="60" x2="{width - right}" y2="60" stroke="#595959" stroke-width="1"/>']
        for value, dash in ((self.lower_quartile, "4 3"), (self.median, ""), (self.upper_quartile, "4 3")):
            if value is not None:
                parts.append(f'<line x1="{x(value)}" y1="40" x2="{x(value)}" y2="80" stroke="#1a1a1a" '
                             f'stroke-width="2"{f" stroke-dasharray={chr(34)}{dash}{chr(34)}" if dash else ""}/>')
        if self.median is not None:
            median = _("median %(value)s") % {"value": self.median_text}
            at = x(self.median)
            anchor = "start" if at < width / 4 else ("end" if at > width * 3 / 4 else "middle")
            parts.append(f'<text x="{at}" y="12" text-anchor="{anchor}" font-size="12" fill="#1a1a1a">'
                         f'{escape(median)}</text>')
        focus = {p.code for p in self.authorities}
        for p in self.ranking:
            if p.code not in focus:
                parts.append(f'<circle cx="{x(p.value)}" cy="60" r="4" fill="#767676"/>')
        for k, p in enumerate(a for a in self.authorities if a.value is not None):
            y = 28 if k % 2 == 0 else 102
            # A name near an end of the axis runs inwards, so it is never cut at the chart's edge.
            at = x(p.value)
            anchor = "start" if at < width / 3 else ("end" if at > width * 2 / 3 else "middle")
            parts.append(f'<rect x="{at - 6}" y="54" width="12" height="12" fill="#0b4f8a"/>'
                         f'<text x="{at}" y="{y}" text-anchor="{anchor}" font-size="13" fill="#1a1a1a">'
                         f'{escape(p.name)} {p.rank}./{p.of}</text>')
        parts.append("</svg>")
        return "".join(parts)


def authority_areas(registry: AreaRegistry, month: dt.date) -> list[str]:
    """The employment-area codes of the two authorities (Lahti alone is its own employment area); before
    the authorities are recorded (a database that has only been migrated), the home region's areas."""
    authorities = list(EmploymentAuthority.objects.select_related("party", "employment_area__responsible_municipality"))
    if not authorities:
        return [c for c in home_region_areas(month) if c in registry.by_code]
    codes = []
    for authority in authorities:
        if authority.party_id and authority.party.municipality_code:
            code = registry.employment_area_of(authority.party.statfin_code, month)
        elif authority.employment_area_id:
            code = f"TA{authority.employment_area.responsible_municipality.municipality_code}"
        else:
            code = None
        if code and code in registry.by_code:
            codes.append(code)
    return sorted(set(codes), key=lambda c: (c != "TA398", registry.name(c)))  # Lahti first


def _ranks(values: dict[str, Decimal], direction: str) -> dict[str, int]:
    """Competition ranking, best first."""
    descending = direction == Metric.Direction.HIGHER
    ordered = sorted(values.items(), key=lambda item: item[1], reverse=descending)
    ranks, previous, rank = {}, None, 0
    for position, (code, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[code] = rank
    return ranks


def _better(value: Decimal, median: Decimal, direction: str) -> bool | None:
    if direction == Metric.Direction.LOWER:
        return value < median
    if direction == Metric.Direction.HIGHER:
        return value > median
    return None


def where_we_stand(metric: Metric, month: dt.date, *, registry: AreaRegistry | None = None,
                   focus: list[str] | None = None, peers: list[str] | None = None) -> Standing:
    registry = registry or AreaRegistry()
    areas = [c for c in registry.codes_of_kind("area") if registry.municipalities_of(c, month)]
    sizes = Metric.objects.filter(code="labour-force").first()
    metrics = [metric] + ([sizes] if sizes and sizes.pk != metric.pk else [])
    data = DataSet(month=month, area_codes=areas, metrics=metrics, months=1, registry=registry)
    values = {c: v for c in areas if (v := data.number(metric, c, month)) is not None}
    ranked = _ranks(values, metric.good_direction)
    numbers = sorted(values.values())
    if len(numbers) >= 2:
        q1, median, q3 = (Decimal(q).quantize(Decimal("0.0001")) for q in
                          statistics.quantiles(numbers, n=4, method="inclusive"))
    else:
        q1 = median = q3 = numbers[0] if numbers else None

    def position(code: str) -> Position:
        value, cell = values.get(code), data.get(metric, code, month)
        better = _better(value, median, metric.good_direction) if value is not None and median is not None else None
        return Position(code, registry.name(code), value, ranked.get(code), len(values), better,
                        cell.marked_text(metric) if cell else "–", suppressed=bool(cell and cell.suppressed),
                        derived_from=cell.derived_from if cell else ())

    focus = focus if focus is not None else authority_areas(registry, month)
    basis = "chosen" if peers else ""
    if peers is None:
        peers, basis = chosen_peers(focus), "chosen"
    if not peers:
        peers, basis = list(getattr(settings, "MONITORING_PEER_AREAS", []) or []), "setting"
    if not peers:
        peers, basis = default_peers(focus, areas, lambda: {c: data.number(sizes, c, month) for c in areas}
                                     if sizes else {})
    ranking = sorted((position(c) for c in values), key=lambda p: (p.rank, p.name))
    shown_authorities = [position(c) for c in focus]
    shown_peers = sorted((position(c) for c in peers if c in registry.by_code),
                         key=lambda p: (p.rank is None, p.rank or 0))
    return Standing(metric=metric, month=month, count=len(values), median=median, lower_quartile=q1,
                    upper_quartile=q3, authorities=shown_authorities, peers=shown_peers, ranking=ranking,
                    peer_basis=basis if peers else "",
                    derived=[{"code": p.code, "area": p.name,
                              "municipalities": component_names(p.derived_from, registry)}
                             for p in shown_authorities + shown_peers if p.derived_from])


def chosen_peers(focus: list[str]) -> list[str]:
    """The peer areas chosen in the page for the authorities' areas (union, in name order)."""
    groups = PeerGroup.objects.filter(authority_area__code__in=focus).prefetch_related("areas")
    return sorted({a.code for g in groups for a in g.areas.all()})


def centre_populations(areas: list[str]) -> dict[str, int]:
    """area code → population of its responsible (centre) municipality, where the reference data has it."""
    responsible = dict(ReferenceArea.objects.filter(code__in=areas).values_list("code", "responsible_code"))
    population = dict(ReferenceArea.objects.filter(code__in=set(responsible.values()), population__isnull=False)
                      .values_list("code", "population"))
    return {a: population[r] for a, r in responsible.items() if r in population}


def default_peers(focus: list[str], areas: list[str], labour_force) -> tuple[list[str], str]:
    """For each authority, the PEERS areas whose centre's population is closest to its centre's; where
    the populations are missing, the areas closest in labour force (`labour_force()`: code → number)."""
    size, basis = centre_populations(areas), "population"
    if any(code not in size for code in focus) or len(size) < len(areas) // 2:
        size, basis = labour_force(), "labour-force"
    peers: list[str] = []
    for code in focus:
        if size.get(code) is None:
            continue
        closest = sorted((c for c in areas if c not in focus and size.get(c) is not None),
                         key=lambda c: abs(size[c] - size[code]))[:PEERS]
        peers.extend(c for c in closest if c not in peers)
    return peers, basis


def peer_basis_text(basis: str) -> str:
    return {
        "chosen": _("Peer group chosen by the knowledge-management working group"),
        "setting": _("Peer group set by the administrator"),
        "population": _("Peer group: areas whose centre municipality has a similar population"),
        "labour-force": _("Peer group: areas of a similar labour force (the reference data lacks the centre "
                          "municipalities' populations)"),
    }.get(basis, _("Peer group"))
