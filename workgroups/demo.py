"""Demo data: the seeded bodies, the demo people as members, one published meeting and one upcoming.

Idempotent: memberships are keyed by body + person, meetings are only created when the steering
group has none. Goes through the services, so the demo shows real § numbers, approvals and audit rows.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.utils import timezone

from parties import roles
from parties.demo import DEMO_PASSWORD
from parties.models import Party, User

from . import services
from .models import ActionItem, Body, Membership, Term
from .seed import STEERING_GROUP, STEERING_TERM_START, seed_bodies

TZ = ZoneInfo("Europe/Helsinki")
EXTRA_PEOPLE = [
    ("jasen@heinola.example", "Helmi", "Heinonen", "Elinvoimajohtaja", "Heinolan kaupunki", [roles.STEERING_MEMBER]),
]
WORKING_GROUP = "Hankintojen valmistelutyöryhmä"
# Decisions of an earlier meeting that aim to move monitoring metrics (monitoring.demo links them).
YOUTH_DECISION = "Nuorten työnhakijoiden tehostettu palvelumalli"
ACTIVATION_DECISION = "Pitkäaikaistyöttömien aktivoinnin yhteinen toimintamalli"


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _extra_people() -> None:
    for email, first, last, title, party_name, role_names in EXTRA_PEOPLE:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, "title": title,
                                   "party": Party.objects.get(name_fi=party_name)})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set(Group.objects.filter(name__in=role_names))


def _member(body, term, *, role, start, user=None, person_name="", party=None, voting=True, deputy_for=None):
    lookup = {"body": body, "user": user} if user else {"body": body, "person_name": person_name}
    membership, _new = Membership.objects.update_or_create(
        **lookup, defaults={"term": term, "role": role, "start": start, "voting": voting,
                            "party": party or (user.party if user else None), "deputy_for": deputy_for},
    )
    return membership


def seed(stdout=None) -> None:
    bodies = seed_bodies()
    _extra_people()
    steering = bodies[STEERING_GROUP]
    term = Term.objects.get(body=steering, start=STEERING_TERM_START)
    lahti, hollola = Party.objects.get(name_fi="Lahden kaupunki"), Party.objects.get(name_fi="Hollolan kunta")
    R = Membership.Role
    chair = _member(steering, term, role=R.CHAIR, start=STEERING_TERM_START, user=_user("jasen@lahti.example"))
    _member(steering, term, role=R.VICE_CHAIR, start=STEERING_TERM_START, user=_user("jasen@hollola.example"))
    heinola = _member(steering, term, role=R.MEMBER, start=STEERING_TERM_START, user=_user("jasen@heinola.example"))
    orimattila = _member(steering, term, role=R.MEMBER, start=STEERING_TERM_START,
                         person_name="Orimattilan kaupungin edustaja",
                         party=Party.objects.get(name_fi="Orimattilan kaupunki"))
    _member(steering, term, role=R.DEPUTY, start=STEERING_TERM_START, person_name="Orimattilan varajäsen",
            party=Party.objects.get(name_fi="Orimattilan kaupunki"), deputy_for=orimattila)
    _member(steering, term, role=R.SECRETARY, start=STEERING_TERM_START, user=_user("sihteeri@hollola.example"),
            voting=False)
    _member(steering, term, role=R.EXPERT, start=STEERING_TERM_START,
            person_name="Asiantuntija, Kaakkois-Suomen elinvoimakeskus", voting=False,
            party=Party.objects.get(name_fi="Kaakkois-Suomen elinvoimakeskus"))

    group, _new = Body.objects.update_or_create(
        name_fi=WORKING_GROUP, parent=steering,
        defaults={"name_sv": "Beredningsgruppen för upphandlingar", "kind": Body.Kind.WORKING_GROUP,
                  "mandate": "Valmistelee yhteishankinnat ja tekee hankintojen yhteensovittamisesitykset "
                             "ohjausryhmälle (aiesopimus 3 IV: hankinnat).", "active": True},
    )
    gterm, _new = Term.objects.get_or_create(body=group, start=STEERING_TERM_START)
    _member(group, gterm, role=R.CHAIR, start=STEERING_TERM_START, user=_user("tyoryhma@orimattila.example"))
    _member(group, gterm, role=R.SECRETARY, start=STEERING_TERM_START, user=_user("sihteeri@hollola.example"),
            voting=False)
    _member(group, gterm, role=R.MEMBER, start=STEERING_TERM_START, user=_user("virkailija@lahti.example"))

    if not steering.meetings.exists():
        _demo_meetings(steering, group, chair=chair, checkers=[heinola, Membership.objects.get(
            body=steering, role=R.VICE_CHAIR)], lahti=lahti, hollola=hollola)
    if stdout is not None:
        stdout.write(f"Workgroups: {Body.objects.count()} bodies, {steering.meetings.count()} steering-group "
                     "meetings (secretary: sihteeri@hollola.example).")


def _demo_meetings(steering, group, *, chair, checkers, lahti, hollola) -> None:
    secretary = _user("sihteeri@hollola.example")
    today = timezone.localdate()
    _earlier_meeting(steering, chair=chair, checkers=checkers, secretary=secretary,
                     day=today - dt.timedelta(days=182))
    held_day = today - dt.timedelta(days=21)
    meeting = services.meeting_create(
        body=steering, acting_user=secretary, title="Ohjausryhmän kokous",
        starts_at=dt.datetime.combine(held_day, dt.time(13, 0), TZ), location="Lahden kaupungintalo, Harjukatu 31",
        standard_agenda=False,
    )
    items = [
        services.agenda_item_add(meeting=meeting, acting_user=secretary, title="Kokouksen avaus ja päätösvaltaisuus",
                                 proposal_text="Todetaan kokous laillisesti koolle kutsutuksi ja päätösvaltaiseksi."),
        services.agenda_item_add(meeting=meeting, acting_user=secretary,
                                 title="Yhteinen työllisyyden edistämisohjelma 2026–2027",
                                 background="Aiesopimuksen 3 I kohdan mukaan työvoimaviranomaiset laativat "
                                            "yhteisen työllisyyden edistämisohjelman.",
                                 proposal_text="Ohjausryhmä hyväksyy ohjelmaluonnoksen jatkovalmistelun pohjaksi."),
        services.agenda_item_add(meeting=meeting, acting_user=secretary,
                                 title="Tulosperusteisten palvelujen dynaaminen hankintajärjestelmä",
                                 proposal_text="Ohjausryhmä merkitsee tiedoksi hankinnan valmistelutilanteen.",
                                 publicity="not_public", secrecy_ground="JulkL 24 § 1 mom. 17 k"),
    ]
    members = list(steering.memberships.on(held_day).filter(voting=True, role__in=services.VOTING_ROLES))
    services.attendance_record(meeting=meeting, acting_user=secretary,
                               entries=[services.AttendanceEntry(membership=m) for m in members])
    services.decision_record(item=items[0], acting_user=secretary, resolution="approved",
                             text="Kokous todettiin laillisesti koolle kutsutuksi ja päätösvaltaiseksi.")
    decision = services.decision_record(
        item=items[1], acting_user=secretary, resolution="amended",
        text="Ohjausryhmä hyväksyi ohjelmaluonnoksen jatkovalmistelun pohjaksi sillä muutoksella, että "
             "kotoutumispalvelut lisätään omaksi yhteistyökokonaisuudekseen.")
    services.decision_record(item=items[2], acting_user=secretary, resolution="noted",
                             text="Merkittiin tiedoksi hankinnan valmistelutilanne.")
    services.minutes_draft(meeting=meeting, checkers=checkers, acting_user=secretary)
    for person in [checkers[0].user, checkers[1].user, chair.user]:
        services.minutes_approve(meeting=meeting, acting_user=person)
    services.minutes_publish(meeting=meeting, acting_user=secretary)
    services.action_item_create(body=steering, decision=decision, acting_user=secretary,
                                title="Täydennetään ohjelmaluonnos kotoutumispalveluilla", owner=secretary,
                                party=hollola, due_date=today + dt.timedelta(days=7))
    services.action_item_create(body=steering, decision=decision, acting_user=secretary,
                                title="Toimitetaan Lahden tilastot ohjelmaa varten",
                                owner=_user("virkailija@lahti.example"), party=lahti,
                                due_date=today - dt.timedelta(days=3))
    ActionItem.objects.filter(body=steering).update(created_at=timezone.now() - dt.timedelta(days=20))

    upcoming = services.meeting_create(
        body=steering, acting_user=secretary, title="Ohjausryhmän kokous",
        starts_at=dt.datetime.combine(today + dt.timedelta(days=14), dt.time(9, 0), TZ),
        location="Hollolan kunnantalo, Virastotie 3", remote_link="https://teams.example/ohjausryhma",
    )
    # The upcoming meeting starts with the body's standard opening items (meeting_create).
    proposal = services.proposal_submit(
        to_body=steering, from_body=group, acting_user=_user("tyoryhma@orimattila.example"),
        title="Yhteishankinnan käynnistäminen: työhönvalmennus",
        proposal_text="Työryhmä esittää, että ohjausryhmä käynnistää työhönvalmennuksen yhteishankinnan.",
        justification="Molempien työvoimaviranomaisten hankintasuunnitelmissa on sama tarve vuodelle 2027.",
    )
    services.proposal_to_agenda(proposal=proposal, meeting=upcoming, acting_user=secretary)


def _earlier_meeting(steering, *, chair, checkers, secretary, day) -> None:
    """Half a year back: two public decisions whose effect the portal follows (monitoring.demo links them
    to the metrics they aim to move, so the follow-up since the decision has months to show)."""
    meeting = services.meeting_create(
        body=steering, acting_user=secretary, title="Ohjausryhmän kokous",
        starts_at=dt.datetime.combine(day, dt.time(13, 0), TZ), location="Hollolan kunnantalo, Virastotie 3",
        standard_agenda=False)  # the demo records only its two matters (like the first meeting above)
    items = [
        services.agenda_item_add(meeting=meeting, acting_user=secretary, title=YOUTH_DECISION,
                                 background="Alle 25-vuotiaiden työttömyysaste on Päijät-Hämeessä maan keskitasoa "
                                            "korkeampi.",
                                 proposal_text="Ohjausryhmä käynnistää nuorten työnhakijoiden tehostetun "
                                               "palvelumallin molemmilla työvoimaviranomaisilla."),
        services.agenda_item_add(meeting=meeting, acting_user=secretary, title=ACTIVATION_DECISION,
                                 proposal_text="Ohjausryhmä hyväksyy pitkäaikaistyöttömien aktivoinnin yhteisen "
                                               "toimintamallin ja seuraa aktivointiastetta kuukausittain."),
    ]
    members = list(steering.memberships.on(day).filter(voting=True, role__in=services.VOTING_ROLES))
    services.attendance_record(meeting=meeting, acting_user=secretary,
                               entries=[services.AttendanceEntry(membership=m) for m in members])
    for item in items:
        services.decision_record(item=item, acting_user=secretary, resolution="approved", text=item.proposal_text)
    services.minutes_draft(meeting=meeting, checkers=checkers, acting_user=secretary)
    for person in [checkers[0].user, checkers[1].user, chair.user]:
        services.minutes_approve(meeting=meeting, acting_user=person)
    services.minutes_publish(meeting=meeting, acting_user=secretary)
