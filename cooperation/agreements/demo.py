"""The two seed agreements (shared/seeds/000 and 003) as data, the programme of the letter of
intent, and a draft of the later cooperation agreement the letter of intent is superseded by.

Idempotent: rows are keyed by natural keys and updated in place. Texts are excerpts of the
Finnish originals; where a source leaves something open (no signing date, a blank signature line)
the record says so in its note instead of guessing. Called by `manage.py seed_demo` after parties.
"""

import datetime as dt

from django.db import transaction

from parties.models import EmploymentAuthority, Party
from parties.seed import TO_BE_COMPLETED, seed_parties
from workgroups.models import Body
from workgroups.seed import STEERING_GROUP, STEERING_TASKS

from .models import (
    Agreement,
    AgreementParty,
    Attachment,
    AuthorityContext,
    CooperationArea,
    Indicator,
    Measure,
    Objective,
    Programme,
    ProgrammeVersion,
    Section,
    Signature,
)

R = AgreementParty.Role

LOI_TITLE = "Aiesopimus työvoimaviranomaisten välisestä yhteistyöstä"
PILOT_TITLE = (
    "Yhteistyösopimus Hämeen ELY-keskuksen, Hämeen TE-toimiston, KEHA-keskuksen, Lahden kaupungin, "
    "Orimattilan kaupungin, Asikkalan kunnan, Hollolan kunnan ja Kärkölän kunnan välillä työllisyyden "
    "edistämisen kuntakokeilusta"
)
FOLLOW_UP_TITLE = "Yhteistyösopimus Lahden kaupungin ja Päijät-Hämeen työllisyysalueen työvoimaviranomaisten välillä"

LOI_PARTIES = [
    ("Asikkalan kunta", R.PARTY), ("Hartolan kunta", R.PARTY), ("Heinolan kaupunki", R.PARTY),
    ("Hollolan kunta", R.RESPONSIBLE_MUNICIPALITY), ("Iitin kunta", R.PARTY), ("Kärkölän kunta", R.PARTY),
    ("Orimattilan kaupunki", R.PARTY), ("Padasjoen kunta", R.PARTY), ("Sysmän kunta", R.PARTY),
    ("Lahden kaupunki", R.PARTY),
]

LOI_SECTIONS = [
    ("1", "Aiesopimuksen tausta ja osapuolet",
     "Sopimuksen osapuolia ovat Asikkalan kunta, Hartolan kunta, Heinolan kaupunki, Hollolan kunta, Iitin kunta, "
     "Kärkölän kunta, Orimattilan kaupunki, Padasjoen kunta ja Sysmän kunta sekä Lahden kaupunki, jäljempänä kukin "
     "erikseen ”Osapuoli” tai yhdessä ”Osapuolet”.\n\n"
     "Työvoimapalvelujen järjestämistä vastuu on 1.1.2025 alkaen työvoimapalvelujen järjestämisestä annetun lain "
     "(383/2023 ”järjestämislaki”) 12 §:n mukaan kunnalla tai työllisyysalueella. […]\n\n"
     "Asikkalan kunnan, Hartolan kunnan, Heinolan kaupungin, Hollolan kunnan, Iitin kunnan, Kärkölan kunnan, "
     "Orimattilan kaupungin, Padasjoen kunnan ja Sysmän kunnan tarkoituksena on perustaa yhteinen työllisyysalue "
     "ja yhteinen toimielin vastuukuntamalliin (51–52 §) perustuen. Työvoimapalveluiden järjestämisestä vastaavana "
     "yhteisenä toimielimenä ja työllisyysalueen työvoimaviranomaisena toimisi työllisyysalueen lautakunta "
     "Hollolan kunnassa. Lahden kaupungin tarkoituksena on toimia itsenäisenä työvoimaviranomaisena […].\n\n"
     "Järjestämislain 9 § edellyttää, että työvoimaviranomaiset tekevät keskenään yhteistyötä julkisten "
     "työvoimapalvelujen toimeenpanossa, suunnittelussa ja kehittämisessä."),
    ("2", "Aiesopimuksen tarkoitus",
     "Aiesopimuksen tarkoitus on kuvata niitä periaatteita ja lähtökohtia, joiden pohjalta Osapuolet sitoutuvat "
     "valmistelemaan alueelle muodostuvien kahden tai useamman työvoimaviranomaisen välistä yhteistyötä "
     "työllisyyspalveluissa […].\n\n"
     "I. Työvoimaviranomaiset tekevät julkisten työvoimapalvelujen toimeenpanossa, suunnittelussa ja "
     "kehittämisessä yhteistyötä keskenään. […]\n"
     "II. Työvoimaviranomaisten välinen yhteistyö tukee myös […] hyvinvointialueiden, Kansaneläkelaitoksen ja "
     "muiden viranomaisten, koulutuksen järjestäjien, työelämän järjestöjen ja muiden sidosryhmien kanssa tehtävää "
     "yhteistyötä.\n"
     "III. Työvoimaviranomaisten välistä yhteistyötä toteutetaan huomioiden yhteistoiminnassa mukana olevien "
     "kuntien toiminta, väestörakenne, asiakkaiden palvelun tarve sekä muut palvelujen antamista koskevat "
     "olosuhteet.\n"
     "IV. Yhteistyössä huomioidaan työvoimapalveluiden järjestämistä koskevassa laissa (380/2023) määritetyt "
     "tavoitteet […].\n"
     "V. Yhteistyön tavoitteena on edistää työllisyydenhoidon vaikuttavuutta Päijät-Hämeessä. "
     "Työvoimaviranomaiset tähtäävät tehokkaaseen, taloudelliseen, tasapuoliseen ja avoimeen yhteistyöhön."),
    ("3", "Tavoitteet työvoimaviranomaisten väliselle yhteistyölle",
     "I. Työvoimaviranomaisten kesken laaditaan yhteinen työllisyyden edistämisohjelma. […] "
     "Työllisyyden edistämisohjelma tähtää seuraavien tavoitteiden edistämiseen ylialueellisesti: "
     "työtä hakevien työllistymismahdollisuuksien parantaminen, maakunnan työvoimaviranomaisten toiminnan "
     "kehittäminen, osaavan työvoiman saatavuus, osaajien maahanmuuton edistäminen, valtion ja "
     "työvoimaviranomaisten välisen yhteistyön toteuttaminen, työvoimapalvelujen tiedonhallinnan ja "
     "digitalisaation kehittäminen, uuden yritystoiminnan syntyminen ja yritysten toimintaedellytyksien "
     "kehittäminen sekä muiden työllisyyden edistämiseksi tarpeellisten tavoitteiden edistäminen.\n\n"
     "II. Työllisyyden edistämisohjelman yhteyteen perustetaan aluksi Osapuolten ja sittemmin erikseen nimetyksi "
     "työvoimaviranomaisten edustajista koostuva ohjausryhmä sekä työntekijöistä koostuvat tarvittavat "
     "valmistelutyöryhmät.\n\n"
     "III. […] Yhteistyössä tarkastellaan työvoimapalveluiden vaikuttavuutta, kehittämisen ja yhteistyön "
     "tarpeita […].\n\n"
     "IV. […] yhteistyötä toteutetaan tarkoituksenmukaisilta osin vähintään seuraavissa kokonaisuuksissa: "
     "Hankinnat (esim. dynaaminen toimittajarekisteri tulosperusteisille työllisyyspalveluille); Yritys- ja "
     "työnantajapalvelut (yhden luukun periaate); Kotoutumispalvelut; Monialainen yhteistyö; Osaamisen "
     "varmistaminen (esim. EURES-neuvonta tai muutosturva); Viestintä (yhteinen viestintäsuunnitelma).\n\n"
     "V. Työvoimaviranomaisten yhteistä työllisyyden edistämisohjelmaa päivitetään tarpeen mukaan. […]\n\n"
     "VI. […] Erityisen tiivistä yhteistyötä pyritään toteuttamaan paikallisten järjestöjen, työnantajien, "
     "palveluntuottajien, oppilaitosten ja muiden yhteisöjen kanssa."),
    ("5", "Aiesopimuksen muuttaminen",
     "Tätä sopimusta voidaan muuttaa Osapuolten yhteisellä päätöksellä. Tämän sopimuksen osapuoliksi voidaan "
     "hyväksyä uusia Osapuolia vastaavilla ehdoilla, mikäli työvoimapalveluita koskevassa lainsäädännössä "
     "tapahtuu merkittäviä muutoksia tai osapuolet yhdessä päättävät kutsua uusia osapuolia osaksi sopimusta."),
    ("6", "Aiesopimuksen voimassaoloaika",
     "Tämä Aiesopimus sitoo Osapuolia yhteistyön valmistelun ajan, kunnes varsinaiset työllisyysalueet on "
     "perustettu ja Päijät-Hämeen alueella on järjestämislain mukaisesti kaksi tai useampi työllisyysalue. "
     "Tämän jälkeen työllisyysalueet vahvistavat tämän aiesopimuksen tavoitteisiin perustuvan varsinaisen "
     "yhteistyösopimuksen."),
    ("7", "Sopimuksen allekirjoitukset",
     "Asikkalan kunta, Lahden kaupunki, Hartolan kunta, Heinolan kaupunki, Hollolan kunta, Iitin kunta, "
     "Kärkölän kunta, Orimattilan kaupunki, Padasjoen kunta, Sysmän kunta."),
]

PILOT_PARTIES = [
    ("Lahden kaupunki", R.ADMINISTRATIVE_RESPONSIBLE, "Lahti"),
    ("Orimattilan kaupunki", R.PARTY, "Orimattila"),
    ("Asikkalan kunta", R.PARTY, "Asikkala"),
    ("Hollolan kunta", R.PARTY, "Hollola"),
    ("Kärkölän kunta", R.PARTY, "Kärkölä"),
    ("Hämeen TE-toimisto", R.PARTY, "TE-toimisto"),
    ("Hämeen ELY-keskus", R.PARTY, "ELY-keskus"),
    ("KEHA-keskus", R.PARTY, "KEHA-keskus"),
]

PILOT_SECTIONS = [
    ("1", "Sopijapuolet",
     "1 Lahden kaupunki (”Lahti”), Y-tunnus 0149669-3, PL 202 (Harjukatu 31) 15101 Lahti\n"
     "2 Orimattilan kaupunki (”Orimattila”), Y-tunnus 0129920-0, PL 46 (Erkontie 9) 16301 Orimattila\n"
     "3 Asikkalan kunta (”Asikkala”), Y-tunnus 0145208-4, PL 6 (Rusthollintie 2) 17201 Vääksy\n"
     "4 Hollolan kunta (”Hollola”), Y-tunnus 0146248-5, PL 66 (Virastotie 3) 15871 Hollola\n"
     "5 Kärkölän kunta (”Kärkölä”), Y-tunnus 0148268-9, Virkatie 1, 16600 Järvelä\n"
     "6 Hämeen työ- ja elinkeinotoimisto (”TE-toimisto”), Y-tunnus 2296962-1\n"
     "7 Hämeen elinkeino-, liikenne- ja ympäristökeskus (”ELY-keskus”), Y-tunnus 2296962-1\n"
     "8 Elinkeino-, liikenne- ja ympäristökeskusten sekä työ- ja elinkeinotoimistojen kehittämis- ja "
     "hallintokeskus (KEHA-keskus), Y-tunnus 2296962-1\n\n"
     "Sopijapuolet kaikki yhdessä jäljempänä ”Osapuolet” ja jokainen erikseen ”Osapuoli”."),
    ("2", "Sopimuksen tarkoitus ja määritelmät", ""),
    ("2.1", "Sopimuksen tarkoitus ja tausta",
     "Tällä sopimuksella sovitaan Lahden kaupungin, Hollolan kunnan, Asikkalan kunnan, Kärkölän kunnan ja "
     "Orimattilan kaupungin, Hämeen TE-toimiston, Hämeen ELY-keskuksen ja KEHA-keskuksen välisestä yhteistyöstä, "
     "joka liittyy työllisyyden edistämisen kuntakokeilusta annetun lain (HE87/2020) (jäljempänä Kokeilulaki) "
     "toimeenpanoon ja tavoitteiden toteuttamiseen. Kokeilulaki tulee voimaan 1.3.2021 ja on voimassa laissa "
     "määritellyn ajan. […]\n\n"
     "Osapuolet sitoutuvat myötävaikuttamaan osaltaan tämän yhteistyösopimuksen tavoitteiden toteuttamiseen ja "
     "toimimaan tasavertaiseen kumppanuuteen perustuvassa yhteistyössä."),
    ("2.2", "Määritelmät",
     "”Kokeilualue” Tarkoitetaan Lahden seudun (Lahden, Asikkalan, Hollolan, Orimattilan ja Kärkölän) "
     "työllisyyden edistämisen kuntakokeilua Hämeen työ- ja elinkeinotoimiston alueella. […]\n"
     "”Hallinnollinen vastuukunta/vastuukunnat” Tarkoitetaan Lahden kaupunkia, joka tämän sopimuksen kohdassa "
     "3.4. esitellyllä tavalla toimivat edustaen myös muita kokeilualueen kuntia."),
    ("3", "Yhteistyön toteuttaminen",
     "Kokeilualueen kunnat vastaavat Kokeilulain nojalla TE-toimiston asemesta eräistä julkisesta työvoima- ja "
     "yrityspalvelusta annetussa laissa tarkoitetuista palveluista ja kotoutumisen edistämisestä annetun lain "
     "mukaisista palveluista kokeilulaissa tarkoitetulle kohderyhmälle. […]"),
    ("3.1", "Yhteistyön taustasäännökset",
     "Kokeilualueen kuntien, TE-toimiston ja ELY-keskuksen yhteistyö perustuu keskeisesti kokeilulain 22 §:n "
     "säännökseen työ- ja elinkeinotoimiston ja kokeilualueen yhteistyövelvoitteesta. […]"),
    ("3.2", "Kokeilualueen yhteistyövelvoitteen toteuttaminen ja yhteistyöelin",
     "Työllisyyden edistämisen kuntakokeilulain 22 §:n mukaisena yhteistyöelimenä toimii Hämeenlinnan seudun "
     "kuntakokeilun ja Lahden seudun kuntakokeilun yhteinen seurantaryhmä. Seurantaryhmän toimikausi on "
     "14.9.2020 – 30.6.2023. […] Seurantaryhmän nimeämispäätös liitteenä 1."),
    ("3.3", "Yhteistyön organisointi",
     "Seurantaryhmän tukena toimivat seuraavat työryhmät: Viestintäryhmä, Henkilöstöedustajien ryhmä, "
     "Yritysyhteistyöryhmä, Tiedolla johtamisen ryhmä, Hankintaryhmä ja Monialaisen palvelun ryhmä. Ryhmät "
     "raportoivat seurantaryhmälle ja tekevät tarpeellisiksi näkemiään ehdotuksia toiminnan kehittämiseksi. […] "
     "Yhteistyösopimus lisätään myöhemmin tausta-aineistoksi tämän sopimuksen liitteeksi (Liite 4)."),
    ("3.4", "Kokeilualueen kuntien keskinäinen yhteistyö",
     "Lahden kaupunki johtaa, hallinnoi ja koordinoi kokeilun kokonaistoteutusta kokeilualueella. Lahden "
     "kaupunki toimii kokeilualueen kuntien yhteystahona TE-hallinnon ja ministeriöiden suuntaan sekä huolehtii "
     "tiedonkulusta muille kunnille. […] Kuntien yhteistyösopimus liite 2."),
    ("3.5", "Kokeilualueen kunnan järjestämisvastuu ja työllisyysmäärärahan ja työttömyysetuusmäärärahan käyttö",
     "Valtioneuvosto päättää vuosittain […] määrärahan (työllisyysmääräraha) ja työttömyysetuusmäärärahan "
     "jakamisesta ELY-keskuksille. […]"),
    ("3.5.1", "Säädöstaustaa", "Kokeilulain 7 §:n 1 momentissa, 7a §:ssä, 7b §:ssä ja 10 § 1 momentissa "
     "säädetään kokeilualueen kunnan järjestämisvelvollisuudesta ja muista tehtävistä. […]"),
    ("3.5.2", "Julkisessa työvoima- ja yrityspalvelulaissa tarkoitetut palveluhankinnat",
     "Hankkiessaan valtion varoilla rahoitettavia palveluita TE-hallinnon hankintayksikkö (Hämeen ELY-keskus) "
     "[…]. Hankintayksikkö huolehtii oikea-aikaisesta reklamoinnista palveluntuottajalle saatuaan häiriöistä "
     "tiedon kokeilualueelta / kokeilualueen kunnalta […]."),
    ("3.5.3", "Työllisyysmäärärahan käyttö muuhun kuin palveluhankintoihin sekä työttömyysetuusmäärärahan käyttö",
     "[…] ELY-keskus varaa työllisyysmäärärahasta kokeilualueen kunnille niiden asiakasmäärän suhteellista "
     "osuutta vastaavan suuruisen kiintiön […] (mom. 32.30.51)."),
    ("3.5.4", "KEHA-keskuksen vastuut",
     "Työllisyysmäärärahan ja työttömyysetuusmäärärahan käyttöön liittyvät maksatustehtävät hoitaa "
     "valtakunnallisesti KEHA-keskus. […]"),
    ("3.6", "TE-toimistosta kokeilulain 20 §:n perusteella siirtyvä henkilöstö",
     "Hämeen TE-toimisto tulee siirtämään yhteensä 50,6 henkilötyövuotta vastaavan määrän virkamiehiään "
     "kokeilun tehtäviin […]. Henkilötyövuosista 44,3 htv on siirtyvää perusresurssia ja 6,4 htv "
     "koronatilanteeseen liittyvää lisäresurssia. Kyseessä määräaikainen resurssi, joka poistuu tässä muodossa "
     "31.12.2021. Siirrettävä henkilötyövuosimäärä jakautuu: Lahden kaupunki 41,2; Hollolan kunta 4; Kärkölän "
     "kunta 1,1; Orimattilan kaupunki 3,1; Asikkalan kunta 1,2 henkilötyövuotta. […]"),
    ("3.7", "Toimitila- ja kalusteasiat kuntakokeilussa",
     "KEHA-keskus vastaa kokeilualueen kuntien työnjohdon alaisuudessa työskentelevän TE-toimiston henkilöstön "
     "toimitilakustannuksista niiltä osin, kun […] henkilöstö jää työskentelemään työ- ja elinkeinotoimiston "
     "toimitiloihin. […]"),
    ("3.8", "Laitteet, tietojärjestelmät ja työvälineet",
     "Kokeilualueen kunnilla on velvollisuus käyttää kokeilulaissa tarkoitetuissa valtiolta siirtyneissä "
     "tehtävissä TE-hallinnon asiakastietojärjestelmiä. […]"),
    ("3.9", "Seuranta",
     "Seurantaryhmä seuraa tehtävien hoidon kehittymistä alueella muun muassa asiakkaiden, käytettyjen "
     "resurssien ja vaikuttavuuden näkökulmasta. Kokeilun edistymistä seurataan säännöllisten kuukausiraporttien "
     "avulla. […] Seurantamittareita voivat olla: 1) Työttömien työnhakijoiden osuus työvoimasta kunnittain % […] "
     "20) Kohderyhmän hyvinvoinnin tai työmarkkinavalmiuksien kehitys kokeilun aikana."),
    ("3.10", "Viestintä",
     "Sopimuksen osapuolet sitoutuvat edistämään avointa, tasapuolista ja oikea-aikaista viestintää "
     "työllisyyden edistämisen kuntakokeilun aikana. […]"),
    ("3.11", "Tulkkauskulut",
     "Kokeilualueen kunnan hankkima, kokeilulain mukaisten tehtävien hoitamiseen liittyvä asiointitulkkaus "
     "maksetaan kokonaisuudessaan KEHA-keskuksen toimesta TE-toimistojen yhteisestä budjetista. […]"),
    ("3.12", "Osapuolten vastuut Kokeilun kustannuksista",
     "Kokeiluun ei ole osoitettu valtiolle / TE-hallinnolle erillisiä määrärahoja toimintamenoihin. Muilta osin "
     "Kokeilun kustannuksista on sovittu tässä sopimuksessa."),
    ("3.13", "Kokeilun toteutusaika", "01.03.2021 – 30.6.2023"),
    ("4", "Sopimuskokonaisuus", ""),
    ("4.1", "Kuntien lakisääteistä yhteistyötä koskevat kuntalain 8 luvussa tarkoitetut sopimukset",
     "Tässä sopimuksessa viitataan em. sopimuksiin."),
    ("4.2", "TE-hallinnon ja kokeilualueen kuntien yhteistyön organisointi",
     "Tähän yhteistyösopimukseen voi liittyä erillisiä alasopimuksia, joiden sisältö ja suhde tähän sopimukseen "
     "kuvataan tässä."),
    ("5", "Sopimuksen muuttaminen",
     "Tämä sopimuksen lähtökohtana on hallituksen esitys työllisyyden edistämisen kuntakokeiluista (HE 87/2020 vp) "
     "ja hallituksen esitys […] (HE 114/2020). […]\n\n"
     "Sopimusta voidaan muissa tapauksissa muuttaa osapuolten yhteisestä tahdosta. Sopimusmuutokset on tehtävä "
     "kirjallisesti."),
    ("6", "Sopimuksen voimassaolo ja lakkaaminen", ""),
    ("6.1", "Sopimuksen allekirjoittaminen ja voimassaolo sekä osapuolten irtisanomisoikeus",
     "Tämä yhteistyösopimus on määräaikainen kokeilulakiin perustuen ja tulee voimaan, kun se on allekirjoitettu.\n\n"
     "Tämä yhteistyösopimus on voimassa 30.6.2023 saakka tai myöhempään ajankohtaan kunnes tämän sopimuksen "
     "mukaiset velvollisuudet on puolin ja toisin täytetty.\n\n"
     "Mikäli sopimuksen soveltamisen toimintaympäristö muuttuu olennaisesti sopimuksen voimassaoloaikana, "
     "sitoutuvat osapuolet neuvottelemaan sopimuksen muuttamisesta."),
    ("7", "Sopimuksen ja sen oikeuksien ja velvoitteiden siirtäminen",
     "Osapuolilla ei ole oikeutta siirtää tätä sopimusta kolmannelle, ellei pakottavan lainsäädännön muutoksista "
     "muuta johdu."),
    ("8", "Erimielisyyksien ratkaiseminen",
     "Tästä Sopimuksesta ja/tai sen nojalla tehdyistä sopimuksista aiheutuvat mahdolliset erimielisyydet "
     "pyritään ratkaisemaan ensisijaisesti osapuolten keskinäisillä neuvotteluilla. Ellei erimielisyyksiä pystytä "
     "sopimaan osapuolten välisin neuvotteluin kolmen (3) kuukauden kuluessa siitä, kun osapuoli on esittänyt "
     "kirjallisen neuvottelukutsun toiselle osapuolelle, ratkaistaan erimielisyys hallintoriita-asiana "
     "Hämeenlinnan hallinto-oikeudessa.\n\n"
     "Sopimuksen kohdassa 9 nimetyt liitteet muodostavat olennaisen osan tästä sopimuksesta.\n\n"
     "Tätä sopimusta on tehty kahdeksan (8) samasanaista kappaletta, yksi (1) kaikille osapuolille."),
    ("9", "Liitteet",
     "Liite 1 Seurantaryhmän nimeämispäätös\nLiite 2 Kuntien yhteistyösopimus\n"
     "Liite 3 Kokeilussa työskentelevien TE-toimiston virkamiesten palvelussuhteessa noudatettavat menettelytavat\n"
     "Liite 4 Yhteistyösopimus Päijät-Hämeen hyvinvointiyhtymän kanssa (tulee myöhemmin)"),
]

PILOT_ATTACHMENTS = [
    (1, "Seurantaryhmän nimeämispäätös", ""),
    (2, "Kuntien yhteistyösopimus", ""),
    (3, "Kokeilussa työskentelevien TE-toimiston virkamiesten palvelussuhteessa noudatettavat menettelytavat", ""),
    (4, "Yhteistyösopimus Päijät-Hämeen hyvinvointiyhtymän kanssa", "Tulee myöhemmin (sopimuksen kohta 3.3)."),
]

# The TE administration approved electronically (the end of the pilot agreement).
PILOT_STATE_SIGNATURES = {
    "Hämeen TE-toimisto": ("Eija Mannisenmäki", "johtaja"),
    "Hämeen ELY-keskus": ("Vesa Jouppila", "johtaja"),
    "KEHA-keskus": ("Mikko Salmenoja", "johtaja"),
}
STATE_NOTE = ("Hyväksytty sähköisesti TE-hallinnon puolelta; esittelijänä hallintojohtaja Juha Tuukkanen "
              "(KEHA-keskus). Hyväksymistä koskevat merkinnät asiakirjan lopussa.")
MUNICIPAL_NOTE = ("Lähdetekstin allekirjoitusrivi ”______ssa ______kuun ____ päivänä 2021” on täyttämättä: "
                  "allekirjoittaja ja päiväys eivät ole tiedossa.")
LOI_SIGNATURE_NOTE = "Allekirjoitussivulla on osapuolen nimi; allekirjoittajaa ja päiväystä ei ole lähdetekstissä."

OBJECTIVES = [
    "Työtä hakevien työllistymismahdollisuuksien parantaminen",
    "Maakunnan työvoimaviranomaisten toiminnan kehittäminen",
    "Osaavan työvoiman saatavuus",
    "Osaajien maahanmuuton edistäminen",
    "Valtion ja työvoimaviranomaisten välisen yhteistyön toteuttaminen",
    "Työvoimapalvelujen tiedonhallinnan ja digitalisaation kehittäminen",
    "Uuden yritystoiminnan syntyminen ja yritysten toimintaedellytyksien kehittäminen",
    "Muiden työllisyyden edistämiseksi tarpeellisten tavoitteiden edistäminen",
]

# code, name, description (letter of intent 3 IV), responsible working group (demo naming)
AREAS = [
    ("procurement", "Hankinnat",
     "Hankintojen suunnittelussa tehdään tiivistä yhteistyötä ja tarkoituksenmukaisilta osin toteutetaan yhteisiä "
     "hankintoja, esim. dynaaminen toimittajarekisteri tulosperusteisille työllisyyspalveluille.", "Hankintaryhmä"),
    ("employer-services", "Yritys- ja työnantajapalvelut",
     "Tavoitteena on, että työnantajia palvellaan yhden luukun periaatteen mukaisesti.", "Yritysyhteistyöryhmä"),
    ("integration", "Kotoutumispalvelut", "Työvoimaviranomaiset pyrkivät yhteistyöhön asiakkaiden tarpeisiin "
     "vastaten.", "Kotoutumispalvelujen valmistelutyöryhmä"),
    ("multi-sector", "Monialainen yhteistyö",
     "Yhteistyö hyvinvointialueiden kanssa monialaisten palvelujen maakunnallisen tason kehittämistyössä.",
     "Monialaisen palvelun ryhmä"),
    ("competence", "Osaamisen varmistaminen",
     "Riittävän osaamisen varmistaminen erityistä osaamista vaativissa tehtävissä, kuten EURES-neuvonta tai "
     "muutosturva.", "Osaamisen valmistelutyöryhmä"),
    ("communication", "Viestintä",
     "Mahdollisimman laaja yhteistyö viestinnässä; tavoitteena yhteinen viestintäsuunnitelma.", "Viestintäryhmä"),
]

# title, objective number, area code, status (demo measures drawn from the letter of intent 3 IV)
MEASURES = [
    ("Yhteinen dynaaminen toimittajarekisteri tulosperusteisille työllisyyspalveluille", 1, "procurement",
     Measure.Status.IN_PROGRESS),
    ("Työnantajien yhden luukun palvelumalli", 7, "employer-services", Measure.Status.PLANNED),
    ("Kotoutumispalvelujen yhteistyömalli", 4, "integration", Measure.Status.PLANNED),
    ("Monialaisten palvelujen kehittäminen hyvinvointialueen kanssa", 5, "multi-sector", Measure.Status.PLANNED),
    ("EURES-neuvonnan ja muutosturvan osaamisen varmistaminen", 3, "competence", Measure.Status.PLANNED),
    ("Yhteinen viestintäsuunnitelma", 2, "communication", Measure.Status.DONE),
]

# objective number, name, metric code, unit (metric codes of the pilot agreement 3.9 / DESIGN 3)
INDICATORS = [
    (1, "Työttömien työnhakijoiden osuus työvoimasta", "TYOTOSUUS", "%"),
    (1, "Alle 25-vuotiaat työttömät työnhakijat", "TYOTTOMAT25", "hlöä"),
    (4, "Ulkomaalaiset työttömät työnhakijat", "TYOTTOMATULK", "hlöä"),
]


EMPLOYMENT_COMMITTEE = "Päijät-Hämeen työllisyyslautakunta"
LAHTI_BODY = f"Lahden kaupungin työllisyysasioista vastaava toimielin ({TO_BE_COMPLETED.lower()}: nimi)"


def seed_municipal_bodies(parties: dict[str, Party]) -> dict[str, Body]:
    """The two employment authorities' own bodies, with what the sources give; the rest marked."""
    committee, _ = Body.objects.update_or_create(
        name_fi=EMPLOYMENT_COMMITTEE,
        defaults={
            "kind": Body.Kind.MUNICIPAL_JOINT_BODY, "short_name": "Työllisyyslautakunta",
            "host": parties["Hollolan kunta"], "publish_minutes": True, "member_count": 13,
            "personal_deputies": True,
            "legal_basis": "Kuntalaki 410/2015, 51–52 § (vastuukuntamalli); laki työvoimapalvelujen "
                           "järjestämisestä 380/2023",
            "mandate": "Työllisyysalueen yhteinen toimielin ja työvoimaviranomainen: järjestää julkiset "
                       "työvoimapalvelut Asikkalan, Hartolan, Heinolan, Hollolan, Iitin, Kärkölän, Orimattilan, "
                       "Padasjoen ja Sysmän alueella.",
            "source_note": "Aiesopimus, luku 1 (shared/seeds/000): yhteinen toimielin vastuukuntamallilla, "
                           "lautakunta Hollolan kunnassa. DESIGN.md 3: henkilökohtaiset varajäsenet. Issue #14: "
                           f"13 jäsentä, toimikausi ensimmäisestä nimeämisestä. {TO_BE_COMPLETED}: nimeämispäätös "
                           "(Hollolan kunnan toimielin, §, päivä), toimikauden alku, jäsenet ja varajäsenet.",
        },
    )
    committee.full_clean()
    lahti, _ = Body.objects.update_or_create(
        name_fi=LAHTI_BODY,
        defaults={
            "kind": Body.Kind.CITY_BODY, "host": parties["Lahden kaupunki"], "publish_minutes": True,
            "legal_basis": "Laki työvoimapalvelujen järjestämisestä 380/2023",
            "mandate": "Lahden kaupungin toimielin, joka vastaa Lahden työvoimaviranomaisen tehtävistä.",
            "source_note": "Aiesopimus, luku 1 (shared/seeds/000): Lahti toimii itsenäisenä työvoimaviranomaisena. "
                           f"{TO_BE_COMPLETED}: toimielimen nimi, jäsenmäärä, toimikausi ja jäsenet.",
        },
    )
    lahti.full_clean()
    return {"committee": committee, "lahti": lahti}


# feature, monitoring metric code (for Lahti: StatFin area KU398) — DESIGN.md 3 metric codes of table 12r5.
# The employment area of nine municipalities has no single area code in monitoring: its figures
# are entered by hand; no figure is in the sources, so they are marked to be completed.
CONTEXT_METRICS = [
    ("foreign_language", "TYOTTOMATULK", "hlöä"),
    ("long_term_unemployed", "", ""),
    ("young", "TYOTTOMAT25", "hlöä"),
    ("students", "", ""),
]


def seed_authority_contexts(version: ProgrammeVersion) -> None:
    """Letter of intent 3 I and III: the authorities' features the programme is read against."""
    for authority in EmploymentAuthority.objects.select_related("party"):
        for feature, code, unit in CONTEXT_METRICS:
            metric = code if authority.party_id else ""
            AuthorityContext.objects.update_or_create(
                version=version, authority=authority, feature=feature,
                defaults={"metric_code": metric, "unit": unit,
                          "source": "" if metric else f"{TO_BE_COMPLETED} (aiesopimus 3 I ja III)"},
            )


def follow_up_sections() -> list[tuple[str, str, str]]:
    """The draft cooperation agreement's sections, carried over from the letter of intent 2–3 and 5."""
    objectives = "\n".join(f"- {text.lower() if i else text}" for i, text in enumerate(OBJECTIVES))
    areas = "\n".join(f"- {name}. {description}" for _code, name, description, _group in AREAS)
    groups = "\n".join(f"- {group} ({name.lower()})" for _code, name, _description, group in AREAS)
    tasks = "\n".join(f"- {task}" for task in STEERING_TASKS)
    return [
        ("1", "Sopijapuolet", "Lahden kaupunki (itsenäinen työvoimaviranomainen) ja Päijät-Hämeen työllisyysalue "
                              "(Asikkala, Hartola, Heinola, Hollola, Iitti, Kärkölä, Orimattila, Padasjoki ja Sysmä; "
                              "vastuukunta Hollolan kunta, työvoimaviranomaisena työllisyysalueen lautakunta)."),
        ("2", "Sopimuksen tarkoitus ja tavoitteet",
         "Työvoimaviranomaiset tekevät julkisten työvoimapalvelujen toimeenpanossa, suunnittelussa ja "
         "kehittämisessä yhteistyötä keskenään (järjestämislaki 380/2023, 9 §). Yhteinen työllisyyden "
         "edistämisohjelma tähtää ylialueellisesti seuraaviin tavoitteisiin (aiesopimus 3 I):\n" + objectives),
        ("3", "Ohjausryhmä ja valmistelutyöryhmät",
         f"Yhteistyötä ohjaa {STEERING_GROUP.lower()}, joka koostuu työvoimaviranomaisten edustajista "
         "(aiesopimus 3 II). Ohjausryhmä\n" + tasks + "\n\nOhjausryhmän tukena toimivat työntekijöistä "
         "koostuvat valmistelutyöryhmät, ohjelmaluonnoksen mukaan:\n" + groups
         + f"\n\n{TO_BE_COMPLETED}: työryhmien nimet ja kokoonpano."),
        ("4", "Yhteistyön kokonaisuudet", "Yhteistyötä toteutetaan tarkoituksenmukaisilta osin vähintään "
                                          "seuraavissa kokonaisuuksissa (aiesopimus 3 IV):\n" + areas),
        ("5", "Palvelujen tuottaminen osapuolille",
         "Yhteistyön lisäksi työvoimaviranomaiset voivat tuottaa palveluja osapuolena oleville kunnille tai "
         "työvoimaviranomaisille. Palveluiden tuottamisesta sovitaan tapauskohtaisesti erikseen palvelusopimuksin "
         "(aiesopimus 3, viimeinen kappale)."),
        ("6", "Sopimuksen muuttaminen ja uudet osapuolet",
         "Sopimusta voidaan muuttaa osapuolten yhteisellä päätöksellä. Sopimuksen osapuoliksi voidaan hyväksyä "
         "uusia osapuolia vastaavilla ehdoilla (aiesopimus 5)."),
        ("7", "Sopimuksen hyväksyminen ja voimaantulo",
         "Kunkin osapuolen toimivaltainen toimielin hyväksyy sopimuksen ennen allekirjoituksia. Sopimus tulee "
         f"voimaan, kun osapuolet ovat allekirjoittaneet sen. {TO_BE_COMPLETED}: voimassaoloaika."),
    ]


def _agreement(title_fi: str, **fields) -> Agreement:
    agreement, _ = Agreement.objects.update_or_create(title_fi=title_fi, defaults=fields)
    agreement.full_clean()
    return agreement


def _parties(agreement: Agreement, rows, parties: dict[str, Party]) -> None:
    for order, row in enumerate(rows, start=1):
        name, role = row[0], row[1]
        designation = row[2] if len(row) > 2 else ""
        AgreementParty.objects.update_or_create(
            agreement=agreement, party=parties[name],
            defaults={"role": role, "order": order, "designation": designation},
        )


def _sections(agreement: Agreement, rows) -> None:
    for order, (number, heading, text) in enumerate(rows, start=1):
        Section.objects.update_or_create(
            agreement=agreement, number=number, defaults={"heading_fi": heading, "text_fi": text, "order": order}
        )


def _signature(agreement: Agreement, party: Party, **fields) -> None:
    Signature.objects.update_or_create(agreement=agreement, party=party, accession=None, defaults=fields)


@transaction.atomic
def seed(stdout=None) -> dict[str, Agreement]:
    parties = seed_parties()
    seed_municipal_bodies(parties)

    follow_up = _agreement(
        FOLLOW_UP_TITLE, kind=Agreement.Kind.COOPERATION, short_name="Yhteistyösopimus 2025",
        title_sv="Samarbetsavtal mellan Lahtis stads och Päijänne-Tavastlands sysselsättningsområdes "
                 "arbetskraftsmyndigheter",
        legal_basis="Laki työvoimapalvelujen järjestämisestä 380/2023, 9 §",
        purpose="Aiesopimuksen 6 luvussa tarkoitettu varsinainen yhteistyösopimus, joka vahvistaa aiesopimuksen "
                "tavoitteisiin perustuvan yhteistyön.",
        approval_required=True,
        source_note="Luonnos; sopimusta ei ole vielä tehty. Aiesopimuksen 6 luvun mukaan työllisyysalueet "
                    "vahvistavat tämän sopimuksen. Tavoitteet, ohjausryhmä, työryhmät ja yhteistyön kokonaisuudet "
                    f"on siirretty aiesopimuksen luvuista 2–3. {TO_BE_COMPLETED}: voimaantulo, kustannusten jako, "
                    "valmistelutyöryhmien nimet ja kokoonpano.",
    )
    _parties(follow_up, [("Lahden kaupunki", R.PARTY, "Lahti"),
                         ("Hollolan kunta", R.RESPONSIBLE_MUNICIPALITY, "Työllisyysalue")], parties)
    _sections(follow_up, follow_up_sections())
    loi = _agreement(
        LOI_TITLE, kind=Agreement.Kind.LETTER_OF_INTENT, short_name="Aiesopimus 2024",
        title_sv="Avsiktsförklaring om samarbete mellan arbetskraftsmyndigheterna",
        legal_basis="Laki työvoimapalvelujen järjestämisestä 380/2023 (järjestämislaki), 9 § ja 12 §\n"
                    "Kuntalaki 410/2015, 8 luku (51–52 §)",
        purpose="Aiesopimus Asikkalan kunnan, Hartolan kunnan, Heinolan kaupungin, Hollolan kunnan, Iitin kunnan, "
                "Kärkölän kunnan, Orimattilan kaupungin, Padasjoen kunnan ja Sysmän kunnan muodostaman "
                "työllisyysalueen ja Lahden kaupungin välisestä yhteistyöstä.",
        end_condition_fi="Sitoo Osapuolia yhteistyön valmistelun ajan, kunnes varsinaiset työllisyysalueet on "
                         "perustettu ja Päijät-Hämeen alueella on järjestämislain mukaisesti kaksi tai useampi "
                         "työllisyysalue.",
        end_condition_sv="Binder parterna under beredningen av samarbetet tills sysselsättningsområdena har "
                         "inrättats.",
        end_condition_met_on=dt.date(2025, 1, 1),
        superseded_by=follow_up,
        source_note="Lähde: shared/seeds/000. Päiväystä ja allekirjoittajia ei ole lähdetekstissä. Luku 4 puuttuu "
                    "lähteestä (numerointi 3 → 5). Järjestämislain numero on 1 luvussa 383/2023 ja 2 luvun IV "
                    "kohdassa 380/2023; oikea on 380/2023. Päättymisehto täyttyi, kun työllisyysalueet aloittivat "
                    "1.1.2025.",
    )
    _parties(loi, LOI_PARTIES, parties)
    _sections(loi, LOI_SECTIONS)
    for name, _role in LOI_PARTIES:
        _signature(loi, parties[name], note=LOI_SIGNATURE_NOTE)

    pilot = _agreement(
        PILOT_TITLE, kind=Agreement.Kind.COOPERATION, short_name="Kuntakokeilun yhteistyösopimus",
        title_sv="Samarbetsavtal om kommunförsöket för främjande av sysselsättningen",
        legal_basis="Laki työllisyyden edistämisen kuntakokeilusta (HE 87/2020 vp, HE 114/2020), 22 §\n"
                    "Laki julkisesta työvoima- ja yrityspalvelusta 916/2012\n"
                    "Laki kotoutumisen edistämisestä 1386/2010\nTyöttömyysturvalaki 1290/2002\n"
                    "Kuntalaki 410/2015, 8 luku",
        purpose="Yhteistyö, joka liittyy työllisyyden edistämisen kuntakokeilusta annetun lain toimeenpanoon ja "
                "tavoitteiden toteuttamiseen Lahden seudun kokeilualueella.",
        # In force on signature (6.1); the signing dates are blank in the source, so no start
        # date is recorded. 1.3.2021 is when the pilot act took effect, not the agreement.
        valid_from=None, valid_until=dt.date(2023, 6, 30),
        end_condition_fi="Tai myöhempään ajankohtaan, kunnes tämän sopimuksen mukaiset velvollisuudet on puolin ja "
                         "toisin täytetty (kohta 6.1).",
        dispute_negotiation_months=3,
        dispute_forum="Hämeenlinnan hallinto-oikeus (hallintoriita-asia)",
        copies_note="Kahdeksan (8) samasanaista kappaletta, yksi (1) kaikille osapuolille.",
        source_note="Lähde: shared/seeds/003. Henkilöstösiirto (kohta 3.6): 50,6 htv yhteensä, mutta 44,3 + 6,4 = "
                    "50,7 htv – lähde on ristiriitainen. Kuntien allekirjoitusrivit ovat lähteessä täyttämättä. "
                    "Sopimus tuli voimaan, kun se oli allekirjoitettu (kohta 6.1); allekirjoituspäivä ei ole tiedossa "
                    "(täydennettävä). Kokeilulaki tuli voimaan 1.3.2021 (kohta 2.1).",
    )
    _parties(pilot, PILOT_PARTIES, parties)
    _sections(pilot, PILOT_SECTIONS)
    for name, _role, _designation in PILOT_PARTIES:
        if name in PILOT_STATE_SIGNATURES:
            signatory, title = PILOT_STATE_SIGNATURES[name]
            _signature(pilot, parties[name], signatory=signatory, signatory_title=title,
                       method="hyväksytty sähköisesti", note=STATE_NOTE)
        else:
            _signature(pilot, parties[name], note=MUNICIPAL_NOTE)
    for number, title, note in PILOT_ATTACHMENTS:
        Attachment.objects.update_or_create(agreement=pilot, number=number, defaults={"title_fi": title, "note": note})

    programme, _ = Programme.objects.update_or_create(
        title_fi="Päijät-Hämeen työvoimaviranomaisten yhteinen työllisyyden edistämisohjelma",
        defaults={"title_sv": "Arbetskraftsmyndigheternas gemensamma program för främjande av sysselsättningen i "
                              "Päijänne-Tavastland", "agreement": loi},
    )
    version, _ = ProgrammeVersion.objects.update_or_create(
        programme=programme, version="1.0",
        defaults={"status": ProgrammeVersion.Status.DRAFT,
                  "summary": "Tavoitteet ja yhteistyön kokonaisuudet aiesopimuksen luvun 3 mukaan (kohdat I ja IV). "
                             "Toimenpiteet ja vastuuryhmät ovat demoaineistoa."},
    )
    objectives = {}
    for number, title in enumerate(OBJECTIVES, start=1):
        objectives[number], _ = Objective.objects.update_or_create(
            version=version, number=number, defaults={"title_fi": title}
        )
    areas = {}
    for order, (code, name, description, group) in enumerate(AREAS, start=1):
        areas[code], _ = CooperationArea.objects.update_or_create(
            version=version, code=code,
            defaults={"name_fi": name, "description_fi": description, "responsible_group": group, "order": order},
        )
    for title, objective, area, status in MEASURES:
        Measure.objects.update_or_create(
            version=version, title=title,
            defaults={"objective": objectives[objective], "area": areas[area], "status": status,
                      "owner_text": areas[area].responsible_group},
        )
    seed_authority_contexts(version)
    for objective, name, code, unit in INDICATORS:
        Indicator.objects.update_or_create(
            objective=objectives[objective], metric_code=code, defaults={"name_fi": name, "unit": unit}
        )
    if stdout is not None:
        stdout.write(f"Agreements: {Agreement.objects.count()}, programme objectives: {len(objectives)}.")
    return {"letter_of_intent": loi, "pilot": pilot, "follow_up": follow_up}
