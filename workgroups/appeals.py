"""Appeal instructions (muutoksenhakuohjeet) for decisions: the routes of kuntalaki 410/2015 §§ 134–136
and hallintovalitus under a named law, with the standard texts in Finnish and Swedish (and English for
the English interface), time limits and the authority. The minutes PDF ends with these sheets
(`instruction_sheets`); bodies that only prepare (working groups) default to no appeal.

The texts are legal wording, kept here by language rather than as gettext messages, so a translator
cannot change one without the other: a Finnish minutes document always carries the Finnish wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

RECTIFICATION_DAYS = 14  # kuntalaki 134 §
APPEAL_DAYS = 30  # kuntalaki 135 §, hallintolainkäyttö (808/2019)
NOTIFICATION_DAYS = 7  # kuntalaki 140 § 3 mom.: a member of the municipality is deemed notified

DEFAULT_COURT = {"fi": "Hämeenlinnan hallinto-oikeus", "sv": "Tavastehus förvaltningsdomstol",
                 "en": "Hämeenlinna Administrative Court"}


class AppealRoute(models.TextChoices):
    RECTIFICATION = "rectification", _("Request for rectification (Local Government Act 134 §)")
    MUNICIPAL_APPEAL = "municipal_appeal", _("Municipal appeal (Local Government Act 135 §)")
    ADMINISTRATIVE_APPEAL = "administrative_appeal", _("Administrative appeal (under the law named)")
    NO_APPEAL = "no_appeal", _("No appeal: preparation or enforcement (Local Government Act 136 §)")


HEADINGS = {
    AppealRoute.RECTIFICATION: {"fi": "OIKAISUVAATIMUSOHJE", "sv": "ANVISNING OM RÄTTELSEYRKANDE",
                                "en": "INSTRUCTIONS FOR REQUESTING RECTIFICATION"},
    AppealRoute.MUNICIPAL_APPEAL: {"fi": "VALITUSOSOITUS (kunnallisvalitus)", "sv": "BESVÄRSANVISNING (kommunalbesvär)",
                                   "en": "APPEAL INSTRUCTIONS (municipal appeal)"},
    AppealRoute.ADMINISTRATIVE_APPEAL: {"fi": "VALITUSOSOITUS (hallintovalitus)",
                                        "sv": "BESVÄRSANVISNING (förvaltningsbesvär)",
                                        "en": "APPEAL INSTRUCTIONS (administrative appeal)"},
    AppealRoute.NO_APPEAL: {"fi": "MUUTOKSENHAKUKIELTO", "sv": "FÖRBUD MOT ÄNDRINGSSÖKANDE",
                            "en": "NO APPEAL"},
}

TEXTS = {
    AppealRoute.RECTIFICATION: {
        "fi": (
            "Tähän päätökseen tyytymätön voi tehdä kirjallisen oikaisuvaatimuksen. Päätökseen ei saa hakea "
            "muutosta valittamalla tuomioistuimeen (kuntalaki 134 §).\n"
            "Oikaisuvaatimusoikeus: oikaisuvaatimuksen saa tehdä se, johon päätös on kohdistettu tai jonka "
            "oikeuteen, velvollisuuteen tai etuun päätös välittömästi vaikuttaa (asianosainen), sekä kunnan jäsen.\n"
            "Oikaisuvaatimusaika: oikaisuvaatimus on tehtävä {days} päivän kuluessa päätöksen tiedoksisaannista. "
            "Kunnan jäsenen katsotaan saaneen päätöksestä tiedon {notified} päivän kuluttua siitä, kun pöytäkirja "
            "on asetettu nähtäväksi yleiseen tietoverkkoon (kuntalaki 140 § 3 mom.). Asianosaisen katsotaan "
            "saaneen päätöksestä tiedon, jollei muuta näytetä, seitsemän päivän kuluttua kirjeen lähettämisestä.\n"
            "Oikaisuvaatimusviranomainen: {authority}.\n"
            "Oikaisuvaatimuksessa on ilmoitettava päätös, johon oikaisua vaaditaan, miten päätöstä halutaan "
            "oikaistavaksi ja millä perusteella, sekä tekijän nimi, kotikunta ja yhteystiedot."),
        "sv": (
            "Den som är missnöjd med detta beslut får framställa ett skriftligt rättelseyrkande. Ändring i beslutet "
            "får inte sökas genom besvär hos domstol (kommunallagen 134 §).\n"
            "Rätt att framställa rättelseyrkande har den som beslutet avser eller vars rätt, skyldighet eller fördel "
            "direkt påverkas av beslutet (part) samt kommunmedlemmar.\n"
            "Rättelseyrkandet ska framställas inom {days} dagar från delfåendet av beslutet. En kommunmedlem anses "
            "ha fått del av beslutet {notified} dagar efter att protokollet har lagts fram i det allmänna datanätet "
            "(kommunallagen 140 § 3 mom.). En part anses, om inte något annat visas, ha fått del av beslutet sju "
            "dagar efter att brevet sändes.\n"
            "Myndighet som behandlar rättelseyrkandet: {authority}.\n"
            "Av rättelseyrkandet ska framgå det beslut som avses, hur beslutet ska rättas och på vilka grunder, "
            "samt framställarens namn, hemkommun och kontaktuppgifter."),
        "en": (
            "Anyone dissatisfied with this decision may submit a written request for rectification. The decision "
            "may not be appealed to a court directly (Local Government Act 134 §).\n"
            "A request may be made by a party to the decision and by any member of the municipality.\n"
            "Time limit: {days} days from notification of the decision. A member of the municipality is deemed to "
            "have been notified {notified} days after the minutes were made available on the public network "
            "(Local Government Act 140 § 3). A party is deemed notified seven days after a letter was sent.\n"
            "Authority: {authority}.\n"
            "The request must state the decision, how it should be rectified and on what grounds, and the "
            "requester's name, municipality of residence and contact details."),
    },
    AppealRoute.MUNICIPAL_APPEAL: {
        "fi": (
            "Tähän päätökseen tyytymätön voi hakea siihen muutosta kunnallisvalituksella (kuntalaki 135 §). "
            "Valituksen saa tehdä sillä perusteella, että päätös on syntynyt virheellisessä järjestyksessä, "
            "päätöksen tehnyt viranomainen on ylittänyt toimivaltansa tai päätös on muuten lainvastainen.\n"
            "Valitusoikeus on asianosaisella ja kunnan jäsenellä.\n"
            "Valitusaika on {days} päivää päätöksen tiedoksisaannista. Kunnan jäsenen katsotaan saaneen "
            "päätöksestä tiedon {notified} päivän kuluttua siitä, kun pöytäkirja on asetettu nähtäväksi yleiseen "
            "tietoverkkoon (kuntalaki 140 § 3 mom.).\n"
            "Valitusviranomainen: {authority}."),
        "sv": (
            "Den som är missnöjd med detta beslut får söka ändring i det genom kommunalbesvär (kommunallagen 135 §). "
            "Besvär får anföras på den grunden att beslutet har tillkommit i felaktig ordning, att den myndighet som "
            "fattat beslutet har överskridit sina befogenheter eller att beslutet annars strider mot lag.\n"
            "Besvärsrätt har parter och kommunmedlemmar.\n"
            "Besvärstiden är {days} dagar från delfåendet av beslutet. En kommunmedlem anses ha fått del av beslutet "
            "{notified} dagar efter att protokollet har lagts fram i det allmänna datanätet (kommunallagen 140 § "
            "3 mom.).\n"
            "Besvärsmyndighet: {authority}."),
        "en": (
            "This decision may be appealed by a municipal appeal (Local Government Act 135 §) on the grounds that "
            "it was made in the wrong order, exceeds the authority's powers or is otherwise unlawful.\n"
            "Parties and members of the municipality may appeal.\n"
            "Time limit: {days} days from notification. A member of the municipality is deemed notified {notified} "
            "days after the minutes were made available on the public network (Local Government Act 140 § 3).\n"
            "Appeal authority: {authority}."),
    },
    AppealRoute.ADMINISTRATIVE_APPEAL: {
        "fi": (
            "Tähän päätökseen haetaan muutosta hallintovalituksella. Muutoksenhausta säädetään laissa {law} ja "
            "laissa oikeudenkäynnistä hallintoasioissa (808/2019).\n"
            "Valitusoikeus on sillä, johon päätös on kohdistettu tai jonka oikeuteen, velvollisuuteen tai etuun "
            "päätös välittömästi vaikuttaa.\n"
            "Valitusaika on {days} päivää päätöksen tiedoksisaannista.\n"
            "Valitusviranomainen: {authority}."),
        "sv": (
            "Ändring i detta beslut söks genom förvaltningsbesvär. Om ändringssökandet föreskrivs i {law} och i "
            "lagen om rättegång i förvaltningsärenden (808/2019).\n"
            "Besvärsrätt har den som beslutet avser eller vars rätt, skyldighet eller fördel direkt påverkas av "
            "beslutet.\n"
            "Besvärstiden är {days} dagar från delfåendet av beslutet.\n"
            "Besvärsmyndighet: {authority}."),
        "en": (
            "This decision may be appealed by an administrative appeal, as provided in {law} and in the "
            "Administrative Judicial Procedure Act (808/2019).\n"
            "Those whom the decision concerns or whose rights, obligations or interests it directly affects may "
            "appeal.\n"
            "Time limit: {days} days from notification.\n"
            "Appeal authority: {authority}."),
    },
    AppealRoute.NO_APPEAL: {
        "fi": ("Näihin päätöksiin ei saa hakea muutosta oikaisuvaatimuksella eikä valituksella, koska päätös "
               "koskee vain asian valmistelua tai täytäntöönpanoa (kuntalaki 136 §)."),
        "sv": ("Ändring i dessa beslut får inte sökas genom rättelseyrkande eller besvär, eftersom beslutet endast "
               "gäller beredning eller verkställighet (kommunallagen 136 §)."),
        "en": ("These decisions cannot be challenged by a request for rectification or an appeal, as they only "
               "concern preparation or enforcement (Local Government Act 136 §)."),
    },
}

DAYS = {AppealRoute.RECTIFICATION: RECTIFICATION_DAYS, AppealRoute.MUNICIPAL_APPEAL: APPEAL_DAYS,
        AppealRoute.ADMINISTRATIVE_APPEAL: APPEAL_DAYS, AppealRoute.NO_APPEAL: 0}


def default_route(body) -> str:
    """Working groups only prepare matters for the body they report to: no appeal (kuntalaki 136 §)."""
    # Body.Kind.WORKING_GROUP, by value: the models import this module, not the other way round.
    return AppealRoute.NO_APPEAL if body.kind == "working_group" else AppealRoute.RECTIFICATION


def _language() -> str:
    language = (get_language() or "fi")[:2]
    return language if language in ("fi", "sv", "en") else "fi"


def authority_for(route: str, body, given: str = "") -> str:
    if given:
        return given
    if route == AppealRoute.RECTIFICATION:
        return body.name
    return DEFAULT_COURT[_language()]


@dataclass
class Sheet:
    route: str
    heading: str
    sections: list[str]
    text: str


def instruction_sheets(decisions) -> list[Sheet]:
    """One sheet per appeal route (and law/authority) used in the minutes, in the usual order:
    no appeal first, then rectification, then the appeals; each lists its § numbers."""
    language = _language()
    order = [AppealRoute.NO_APPEAL, AppealRoute.RECTIFICATION, AppealRoute.MUNICIPAL_APPEAL,
             AppealRoute.ADMINISTRATIVE_APPEAL]
    groups: dict[tuple, list] = {}
    for d in decisions:
        route = d.appeal_route or default_route(d.body)
        key = (order.index(route), route, d.appeal_law, authority_for(route, d.body, d.appeal_authority))
        groups.setdefault(key, []).append(d)
    sheets = []
    for (_index, route, law, authority), members in sorted(groups.items(), key=lambda kv: kv[0]):
        text = TEXTS[route][language].format(days=DAYS[route], notified=NOTIFICATION_DAYS, authority=authority,
                                             law=law or "–")
        sheets.append(Sheet(route=route, heading=HEADINGS[route][language],
                            sections=[f"§ {d.section_number}" for d in sorted(members, key=lambda d: d.section_number)],
                            text=text))
    return sheets
