"""The controlled list of secrecy grounds (julkisuuslaki 621/1999 25 §: a non-public marking cites its ground).

Each ground is stored by its Finnish citation without the closing full stop ("JulkL 24 § 1 mom. 25 k"),
the form the portal has always stored, so existing rows and API clients keep their values. It is shown
with the citation of the reader's language (Swedish: offentlighetslagen, "OffL 24 § 1 mom. 25 p.") and
its wording.

Wording: the titles are short descriptions of the points of JulkL 24 § 1 mom., not the statute's text.
Where the point's subject is not written out here it reads "the information referred to in point N",
so nothing is attributed to the law that it does not say; check against Finlex before relying on it.
The employment services' own customer data are secret under JulkL 24 § 1 mom. 25 k. (moved into the
publicity act by HE 87/2002), so no separate employment-services provision is listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SecrecyGround:
    code: str  # stored value: the Finnish citation without the closing full stop
    citation_fi: str
    citation_sv: str
    title_fi: str
    title_sv: str
    title_en: str

    def citation(self, language: str | None = None) -> str:
        return self.citation_sv if (language or get_language() or "fi").startswith("sv") else self.citation_fi

    def title(self, language: str | None = None) -> str:
        language = language or get_language() or "fi"
        if language.startswith("sv"):
            return self.title_sv
        return self.title_en if language.startswith("en") else self.title_fi


# JulkL 24 § 1 mom.: point → (Finnish, Swedish, English title); None = written generically (see above).
_JULKL_24_POINTS: dict[int, tuple[str, str, str] | None] = {
    1: ("Suomen suhteet toiseen valtioon tai kansainväliseen järjestöön",
        "Finlands förbindelser med andra stater eller internationella organisationer",
        "Finland's relations with other states or international organisations"),
    2: None,
    3: ("Rikosilmoitukset ja esitutkinta-aineisto", "Brottsanmälningar och förundersökningsmaterial",
        "Reports of offences and pre-trial investigation material"),
    4: None,
    5: None,
    6: None,
    7: ("Turvallisuusjärjestelyt", "Säkerhetsarrangemang",
        "Security arrangements"),
    8: ("Varautuminen poikkeusoloihin", "Beredskap för undantagsförhållanden",
        "Preparedness for emergency conditions"),
    9: None,
    10: ("Maanpuolustus", "Försvaret",
         "National defence"),
    11: None,
    12: None,
    13: None,
    14: ("Uhanalaisten lajien ja luontotyyppien suojelu", "Skydd av hotade arter och naturtyper",
         "Protection of endangered species and habitats"),
    15: ("Viranomaisen valvonta- ja tarkastustehtävät", "Myndighetens tillsyns- och inspektionsuppdrag",
         "The authority's supervision and inspection tasks"),
    16: None,
    17: ("Julkisyhteisön liikesalaisuus ja taloudellinen asema",
         "Ett offentligt samfunds affärshemlighet och ekonomiska ställning",
         "A public body's business secret and economic position"),
    18: None,
    19: ("Oikeudenkäynti, jossa viranomainen on osapuolena", "Rättegång där myndigheten är part",
         "Court proceedings to which the authority is a party"),
    20: ("Yksityinen liike- tai ammattisalaisuus", "Privat affärs- eller yrkeshemlighet",
         "A private business or professional secret"),
    21: ("Tutkimus-, kehittämis- ja suunnittelutoiminta", "Forsknings-, utvecklings- och planeringsverksamhet",
         "Research, development and planning"),
    22: None,
    23: ("Yksityishenkilön tulot, varallisuus ja taloudellinen asema",
         "En privatpersons inkomster, förmögenhet och ekonomiska ställning",
         "A private person's income, assets and economic position"),
    24: None,
    25: ("Sosiaalihuollon ja työvoimapalvelujen asiakkaat", "Klienter inom socialvården och arbetskraftsservicen",
         "Clients of social welfare and employment services"),
    26: ("Rangaistukset ja vapautensa menettäneet", "Straff och frihetsberövade",
         "Punishments and persons deprived of their liberty"),
    27: None,
    28: None,
    29: ("Kokeet ja soveltuvuustestit", "Prov och lämplighetstest",
         "Examinations and aptitude tests"),
    30: ("Oppilaat ja opiskelijat, oppilas- ja opiskelijahuolto", "Elever och studerande, elev- och studerandevård",
         "Pupils and students, pupil and student welfare"),
    31: None,
    32: ("Yksityiselämä ja henkilökohtaiset olot", "Privatliv och personliga förhållanden",
         "Private life and personal circumstances"),
}


def _julkl(point: int) -> SecrecyGround:
    titles = _JULKL_24_POINTS[point]
    if titles is None:
        titles = (f"JulkL 24 §:n 1 momentin {point} kohdassa tarkoitetut tiedot",
                  f"Uppgifter som avses i 24 § 1 mom. {point} punkten offentlighetslagen",
                  f"Information referred to in section 24(1)({point}) of the Act on the Openness of Government "
                  "Activities")
    return SecrecyGround(code=f"JulkL 24 § 1 mom. {point} k", citation_fi=f"JulkL 24 § 1 mom. {point} k.",
                         citation_sv=f"OffL 24 § 1 mom. {point} p.", title_fi=titles[0], title_sv=titles[1],
                         title_en=titles[2])


SECRECY_GROUNDS: tuple[SecrecyGround, ...] = (
    *(_julkl(point) for point in range(1, 33)),
    # Other acts' provisions used in employment-service matters.
    SecrecyGround(code="SosAsiakasL 812/2000 14 §", citation_fi="Laki sosiaalihuollon asiakkaan asemasta ja "
                  "oikeuksista 812/2000 14 §", citation_sv="Lagen om klientens ställning och rättigheter inom "
                  "socialvården 812/2000 14 §", title_fi="Sosiaalihuollon asiakasasiakirjojen salassapito",
                  title_sv="Sekretess för socialvårdens klienthandlingar",
                  title_en="Confidentiality of social welfare client documents"),
    SecrecyGround(code="KuntaL 410/2015 140 §", citation_fi="Kuntalaki 410/2015 140 §",
                  citation_sv="Kommunallagen 410/2015 140 §",
                  title_fi="Henkilötiedot, joita ei julkaista yleisessä tietoverkossa",
                  title_sv="Personuppgifter som inte publiceras i ett allmänt datanät",
                  title_en="Personal data not published on a public network"),
)

_BY_CODE = {ground.code: ground for ground in SECRECY_GROUNDS}


def normalise(value: str) -> str:
    """The stored code for a citation written by hand ("JulkL 24 § 1 mom. 25 k.", "julkl 24 §1 mom 25 kohta"),
    or the value unchanged when it names none of the listed grounds."""
    import re

    text = " ".join(value.split()).rstrip(".").strip()
    if text in _BY_CODE:
        return text
    match = re.fullmatch(r"(?:julkl|offl|julkisuuslaki)\s*24\s*§\s*:?n?\s*1\s*mom(?:entin|\.)?\s*(\d{1,2})\s*"
                         r"(?:k|kohta|kohdan|p|punkten)?", text, flags=re.IGNORECASE)
    if match and 1 <= int(match.group(1)) <= 32:
        return f"JulkL 24 § 1 mom. {int(match.group(1))} k"
    return value


def ground_for(value: str) -> SecrecyGround | None:
    return _BY_CODE.get(normalise(value)) if value else None


def choices() -> list[tuple[str, str]]:
    """(code, "citation – title") in the current language, for a select."""
    return [(g.code, f"{g.citation()} – {g.title()}") for g in SECRECY_GROUNDS]


def ground_label(value: str, *, with_title: bool = False) -> str:
    """A stored ground as a reader of the current language sees it: the citation ("JulkL 24 § 1 mom. 25 k." /
    "OffL 24 § 1 mom. 25 p."), with the title if asked. A value not on the list (free text kept from
    before the list) is shown as written."""
    ground = ground_for(value)
    if ground is None:
        return value
    return f"{ground.citation()} ({ground.title()})" if with_title else ground.citation()


def secret_marking(value: str) -> str:
    """ "Salassa pidettävä, JulkL 24 § 1 mom. 25 k." in the current language."""
    return _("Secret (Salassa pidettävä), %(ground)s") % {"ground": ground_label(value)}


def form_field(**kwargs):
    """A select of the listed grounds (with an empty choice), for the forms of every app."""
    from django import forms

    kwargs.setdefault("label", _("Secrecy ground"))
    kwargs.setdefault("required", False)
    kwargs.setdefault("help_text", _("Required when not public."))
    return forms.TypedChoiceField(choices=lambda: [("", "–"), *choices()], empty_value="", **kwargs)
