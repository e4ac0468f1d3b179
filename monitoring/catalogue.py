"""The 20 monitoring metrics of the pilot agreement 3.9, plus the supporting StatFin figures.

`sync_metrics()` is idempotent (keyed by code) and runs from a data migration, the demo seed
and the tests. Administrators may add further metrics in the admin; those are left alone.
StatFin content codes (TYOTOSUUS …) are `source_code`s: imports accept either code.
"""

from __future__ import annotations

# number, code, fi, sv, en, unit, decimals, direction, source kind, table, source code, breakdown, description
METRICS = [
    (1, "unemployment-rate", "Työttömien työnhakijoiden osuus työvoimasta",
     "Arbetslösa arbetssökandes andel av arbetskraften", "Unemployed job seekers, % of the labour force",
     "percent", 1, "lower", "statfin", "12r5", "TYOTOSUUS", "",
     "Työttömät työnhakijat laskentapäivänä suhteessa Tilastokeskuksen työssäkäyntitilaston työvoimaan, kunnittain."),
    (2, "foreign-unemployment-rate", "Ulkomaalaisten työttömien työnhakijoiden osuus ulkomaalaisesta työvoimasta",
     "Utländska arbetslösa arbetssökandes andel av den utländska arbetskraften",
     "Foreign unemployed job seekers, % of the foreign labour force",
     "percent", 1, "lower", "statfin", "12r5", "", "", "Osoittaja TYOTTOMATULK taulukosta 12r5."),
    (3, "youth-unemployment-rate",
     "Alle 25-vuotiaiden työttömien työnhakijoiden osuus alle 25-vuotiaasta työvoimasta",
     "Arbetslösa arbetssökande under 25 år, andel av arbetskraften under 25 år",
     "Unemployed job seekers under 25, % of the labour force under 25",
     "percent", 1, "lower", "statfin", "12r5", "", "", "Osoittaja TYOTTOMAT25 taulukosta 12r5."),
    (4, "searches-ended-in-work", "Työllistymiseen, yrittäjyyteen tai opiskeluun päättyneet työnhaut",
     "Arbetssökningar som avslutats med arbete, företagande eller studier",
     "Job searches ended in employment, entrepreneurship or studies",
     "count", 0, "higher", "keha_ura", "", "", "", ""),
    (5, "unemployment-spell-duration", "Jatkuvien työttömyysjaksojen keskimääräinen kesto",
     "Genomsnittlig längd på pågående arbetslöshetsperioder", "Average duration of continuing unemployment spells",
     "days", 0, "lower", "keha_ura", "", "", "", ""),
    (6, "extended-unemployment", "Laajennettu työttömyys kuukauden lopussa",
     "Utvidgad arbetslöshet i slutet av månaden", "Extended unemployment at the end of the month",
     "count", 0, "lower", "keha_ura", "", "", "", ""),
    (7, "structurally-unemployed", "Rakennetyöttömät kuukauden lopussa",
     "Strukturarbetslösa i slutet av månaden", "Structurally unemployed at the end of the month",
     "count", 0, "lower", "statfin", "12ub", "", "", ""),
    (8, "flow-over-3-months", "Työttömyyden virta yli 3 kk työttömyyteen",
     "Flöde till över 3 månaders arbetslöshet", "Flow into over 3-month unemployment",
     "percent", 1, "lower", "keha_ura", "", "", "service_line",
     "Suhteessa vastaavaa kuukautta aikaisemmin alkaneisiin työttömyyksiin, palvelulinjan mukaan."),
    (9, "flow-over-6-months", "Työttömyyden virta yli 6 kk työttömyyteen",
     "Flöde till över 6 månaders arbetslöshet", "Flow into over 6-month unemployment",
     "percent", 1, "lower", "keha_ura", "", "", "service_line",
     "Suhteessa vastaavaa kuukautta aikaisemmin alkaneisiin työttömyyksiin, palvelulinjan mukaan."),
    (10, "flow-over-12-months", "Työttömyyden virta yli 12 kk työttömyyteen",
     "Flöde till över 12 månaders arbetslöshet", "Flow into over 12-month unemployment",
     "percent", 1, "lower", "keha_ura", "", "", "service_line",
     "Suhteessa vastaavaa kuukautta aikaisemmin alkaneisiin työttömyyksiin, palvelulinjan mukaan."),
    (11, "activation-rate", "Työnhakijoiden aktivointiaste kuukauden lopussa",
     "Aktiveringsgrad för arbetssökande i slutet av månaden", "Activation rate of job seekers at the end of the month",
     "percent", 1, "higher", "statfin", "12u4", "", "", ""),
    (12, "activation-rate-long-term", "Pitkäaikaistyöttömien aktivointiaste kuukauden lopussa",
     "Aktiveringsgrad för långtidsarbetslösa i slutet av månaden",
     "Activation rate of the long-term unemployed at the end of the month",
     "percent", 1, "higher", "keha_ura", "", "", "", ""),
    (13, "started-in-services", "Työvoimapalveluissa aloittaneet työnhakijat kuukauden aikana",
     "Arbetssökande som börjat i arbetskraftsservice under månaden",
     "Job seekers who started in employment services during the month",
     "count", 0, "higher", "keha_ura", "", "", "", ""),
    (14, "job-offers", "Työtarjousten volyymi", "Volym av arbetserbjudanden", "Volume of job offers",
     "count", 0, "higher", "keha_ura", "", "", "", "Kohteena olleet asiakkaat ja työpaikat, vaikuttavuus."),
    (15, "presentations", "Esittelyjen volyymi", "Volym av presentationer", "Volume of candidate presentations",
     "count", 0, "higher", "keha_ura", "", "", "", "Kohteena olleet asiakkaat ja työpaikat, vaikuttavuus."),
    (16, "customers-per-expert", "Asiantuntijakohtainen asiakasmäärä", "Antal kunder per sakkunnig",
     "Customers per expert", "count", 0, "lower", "keha_ura", "", "", "", "TEM/URA-raportti; kuormittavuus."),
    (17, "up-to-date-plans", "Ajantasaisten suunnitelmien osuus", "Andel aktuella planer",
     "Up-to-date employment, integration and activation plans", "percent", 1, "higher", "keha_ura", "", "", "",
     "KEHA-keskus/URA-raportti; suunnitelmavelka erillisenä lukuna."),
    (18, "kela-benefit-payments", "Kelan työttömyysturvaetuuksien maksut",
     "FPA:s utbetalningar av arbetslöshetsförmåner",
     "Kela unemployment benefit payments", "euro", 0, "neutral", "kela", "", "", "", "Saajat erillisenä lukuna."),
    (19, "customer-satisfaction", "Kohderyhmän tyytyväisyys kunnasta saatuun palveluun",
     "Målgruppens nöjdhet med kommunens service", "Target group's satisfaction with the municipal service",
     "index", 1, "higher", "survey", "", "", "", "Asiakaskysely, asteikko 1–5; asiakasosallisuus."),
    (20, "labour-market-readiness", "Kohderyhmän hyvinvoinnin tai työmarkkinavalmiuksien kehitys",
     "Utvecklingen av målgruppens välbefinnande eller arbetsmarknadsberedskap",
     "Development of the target group's wellbeing or labour-market readiness",
     "index", 1, "higher", "survey", "", "", "", "Asiakaskysely, asteikko 1–5."),
    # Supporting figures (numerators and denominators that StatFin delivers with the metrics).
    (None, "unemployed-job-seekers", "Työttömät työnhakijat laskentapäivänä", "Arbetslösa arbetssökande",
     "Unemployed job seekers", "count", 0, "lower", "statfin", "12r5", "TYOTTOMATLOPUSSA", "", ""),
    (None, "labour-force", "Työvoima (työssäkäyntitilasto)", "Arbetskraft (sysselsättningsstatistik)",
     "Labour force (employment statistics)", "count", 0, "neutral", "statfin", "12r5", "TYOVOIMATK", "", ""),
    (None, "foreign-unemployed", "Ulkomaalaiset työttömät työnhakijat", "Utländska arbetslösa arbetssökande",
     "Foreign unemployed job seekers", "count", 0, "lower", "statfin", "12r5", "TYOTTOMATULK", "", ""),
    (None, "unemployed-under-25", "Alle 25-vuotiaat työttömät työnhakijat", "Arbetslösa arbetssökande under 25 år",
     "Unemployed job seekers under 25", "count", 0, "lower", "statfin", "12r5", "TYOTTOMAT25", "", ""),
    (None, "plan-backlog", "Suunnitelmavelka", "Planskuld", "Plan backlog", "count", 0, "lower", "keha_ura", "", "",
     "", "Asiakkaat, joiden suunnitelma ei ole ajan tasalla."),
    (None, "kela-benefit-recipients", "Kelan työttömyysturvaetuuksien saajat",
     "Mottagare av FPA:s arbetslöshetsförmåner",
     "Kela unemployment benefit recipients", "count", 0, "neutral", "kela", "", "", "", ""),
]

# How an employment area's, a region's or an authority's figure is computed from its municipalities
# (DESIGN.md 3: computed, not averaged). A rate is the sum of numerators over the sum of
# denominators; a count is a sum; anything else (averages, shares without a denominator in the
# catalogue, indices, per-expert loads) is not aggregable and is taken only from the source.
SUMMED = {"searches-ended-in-work", "extended-unemployment", "structurally-unemployed", "started-in-services",
          "job-offers", "presentations", "kela-benefit-payments", "unemployed-job-seekers", "labour-force",
          "foreign-unemployed", "unemployed-under-25", "plan-backlog", "kela-benefit-recipients"}
RATIOS = {"unemployment-rate": ("unemployed-job-seekers", "labour-force")}

# A change from the previous month beyond this is flagged in the import preview for confirmation:
# percentage points for percentages, per cent of the previous value for everything else.
JUMP_THRESHOLDS = {"percent": 3, "count": 30, "days": 30, "euro": 30, "index": 20}


def sync_aggregation(metric_model) -> None:
    """Set the aggregation rules (run after sync_metrics, once the fields exist)."""
    by_code = {m.code: m for m in metric_model.objects.all()}
    for code, metric in by_code.items():
        aggregation, numerator, denominator = "none", None, None
        if code in SUMMED:
            aggregation = "sum"
        elif code in RATIOS:
            aggregation = "ratio"
            numerator, denominator = (by_code[c] for c in RATIOS[code])
        threshold = JUMP_THRESHOLDS.get(metric.unit)
        if (metric.aggregation, metric.numerator_id, metric.denominator_id) != (
                aggregation, getattr(numerator, "pk", None), getattr(denominator, "pk", None)) \
                or metric.jump_threshold is None:
            metric.aggregation, metric.numerator, metric.denominator = aggregation, numerator, denominator
            if metric.jump_threshold is None:
                metric.jump_threshold = threshold
            metric.save()


SERVICE_LINES = {
    "1": "Työnvälityspalvelut",
    "2": "Osaamisen kehittämispalvelut",
    "3": "Tuetun työllistymisen palvelut",
}


def sync_metrics(metric_model=None) -> int:
    """Create or update the catalogue's metrics; returns how many rows were written."""
    if metric_model is None:
        from .models import Metric as metric_model
    written = 0
    for (number, code, fi, sv, en, unit, decimals, direction, kind, table, source_code, breakdown,
         description) in METRICS:
        values = {"number": number, "name_fi": fi, "name_sv": sv, "name_en": en, "unit": unit,
                  "decimals": decimals, "good_direction": direction, "source_kind": kind, "statfin_table": table,
                  "source_code": source_code, "breakdown": breakdown, "description": description}
        existing = metric_model.objects.filter(code=code).first()
        if existing is None:
            metric_model.objects.create(code=code, **values)
            written += 1
        elif any(getattr(existing, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(existing, k, v)
            existing.save()
            written += 1
    if any(f.name == "aggregation" for f in metric_model._meta.get_fields()):
        sync_aggregation(metric_model)
    if any(f.name == "key_figure_order" for f in metric_model._meta.get_fields()):
        seed_key_figures(metric_model)
    return written


# The knowledge-management group's first choice of the six key figures (dashboard, report summary),
# in order; afterwards the group keeps the choice in the admin (Metric.key_figure_order).
KEY_FIGURES = ["unemployment-rate", "youth-unemployment-rate", "foreign-unemployment-rate",
               "structurally-unemployed", "activation-rate", "searches-ended-in-work"]


def seed_key_figures(metric_model) -> None:
    """Sets the first choice only where no key figure has been chosen yet: a choice made in the
    admin is never overwritten."""
    if metric_model.objects.filter(key_figure_order__isnull=False).exists():
        return
    for order, code in enumerate(KEY_FIGURES, start=1):
        metric_model.objects.filter(code=code).update(key_figure_order=order)
