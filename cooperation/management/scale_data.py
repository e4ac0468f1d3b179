"""A large data set like ten years of use, for benchmarks and query-budget tests (`seed_demo --scale N`).

At N = 1: 50 bodies, 5 000 meetings (about 100 per body over ten years), ~100 000 agenda items with
decisions, 10 000 people, 360 000 observations and 10 000 action items. Rows are written with
bulk_create (no per-row services: those take a § number under a row lock and write an audit row
each, which at this size takes hours); what the services would derive is derived here too:
§ numbers run per body and year and the section counters are left at the last one, published
minutes are locked, and the object permissions come from the membership register through
`workgroups.services.sync_body_permissions`, the same call the app makes after every membership change.

Additive: it runs after the normal demo data and leaves it alone. The demo people get seats in a few
of the new bodies (a steering-group member in five, the secretary manages five, the official none),
so the three roles see what such people would see after ten years. A second run with the same N finds
the bodies of its earlier run and adds nothing; use a fresh database for another N.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from monitoring.areas import COUNTRY, AreaRegistry, authority_area_codes
from monitoring.models import Metric, Observation
from monitoring.reports import add_months
from parties import roles
from parties.demo import DEMO_PASSWORD
from parties.models import Party, User
from workgroups import services as workgroup_services
from workgroups.models import (
    ActionItem,
    AgendaItem,
    Body,
    Decision,
    Matter,
    Meeting,
    Membership,
    SectionCounter,
    Term,
)

TZ = ZoneInfo("Europe/Helsinki")
MARK = "(laaja aineisto)"  # in every generated body's name: how a later run finds an earlier one
BATCH = 5_000
YEARS = 10
ITEMS_PER_MEETING = 20
BREAKDOWNS = ["", "ikä 15–24", "ikä 25–54", "ikä 55–64", "miehet", "naiset"]
TOPICS = [
    ("Työllisyyden edistämisohjelman toteutuminen", "Ohjausryhmä merkitsee tiedoksi ohjelman toteutumisen."),
    ("Työhönvalmennuksen yhteishankinta", "Käynnistetään työhönvalmennuksen hankinnan valmistelu."),
    ("Nuorten työpajatoiminnan rahoitus", "Hyväksytään nuorten työpajojen rahoitusosuudet."),
    ("Kotoutumispalvelujen yhteistyö", "Sovitaan kotoutumispalvelujen yhteistyön jatkosta."),
    ("Palkkatuen kuntalisä", "Hyväksytään palkkatuen kuntalisän ehdot vuodelle."),
    ("Työllisyyspalvelujen tilannekatsaus", "Merkitään tilannekatsaus tiedoksi."),
    ("Henkilöstösiirrot työllisyysalueelle", "Hyväksytään henkilöstön siirtosuunnitelma."),
    ("Talousarvion toteuma", "Merkitään talousarvion toteuma tiedoksi."),
]
RESOLUTIONS = ["approved"] * 6 + ["amended", "noted", "noted", "returned", "tabled"]


def _log(stdout, started: float, text: str) -> None:
    if stdout is not None:
        stdout.write(f"[{time.monotonic() - started:6.1f} s] {text}")


def seed_scale(scale: float, *, stdout=None, seed: int = 16) -> dict[str, int]:
    """Add the scale data set (N = `scale`) and return what was added, by kind."""
    started = time.monotonic()
    rnd = random.Random(seed)
    if Body.objects.filter(name_fi__endswith=MARK).exists():
        _log(stdout, started, "Scale data is already in place; nothing added (use a fresh database for another N).")
        return {}
    n_bodies = max(2, round(50 * scale))
    n_meetings = max(n_bodies, round(5_000 * scale))
    n_people = max(20, round(10_000 * scale))
    n_observations = max(100, round(360_000 * scale))
    added: dict[str, int] = {}
    with transaction.atomic():
        people = _people(n_people, rnd)
        added["people"] = len(people)
        _log(stdout, started, f"{len(people)} people")
        bodies = _bodies(n_bodies)
        added["bodies"] = len(bodies)
        added["memberships"] = _memberships(bodies, people, rnd)
        for body in bodies:
            workgroup_services.sync_body_permissions(body_id=body.pk)
        _log(stdout, started, f"{len(bodies)} bodies, {added['memberships']} memberships, object permissions")
        counts = _meetings_and_decisions(bodies, people, n_meetings, rnd, stdout, started)
        added.update(counts)
        added["observations"] = _observations(n_observations, stdout, started)
    _log(stdout, started, "ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _log(stdout, started, "Scale data: " + ", ".join(f"{v} {k}" for k, v in added.items()))
    return added


def _people(n: int, rnd: random.Random) -> list[User]:
    password = make_password(DEMO_PASSWORD)  # one hash for all: hashing 10 000 times takes minutes
    parties = list(Party.objects.order_by("pk").values_list("pk", flat=True)) or [None]
    first = ["Aino", "Eero", "Helmi", "Juho", "Kaisa", "Lauri", "Minna", "Olli", "Riikka", "Timo", "Ulla", "Ville"]
    last = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen", "Koskinen"]
    start = User.objects.filter(email__endswith="@laaja.example").count()
    users = User.objects.bulk_create([
        User(email=f"henkilo{start + i}@laaja.example", first_name=rnd.choice(first), last_name=rnd.choice(last),
             title="Asiantuntija", party_id=rnd.choice(parties), password=password)
        for i in range(n)
    ], batch_size=BATCH)
    # Roles as the portal gives them: most are members of some group, some officials, a few secretaries.
    # The role groups as migrate leaves them (idempotent): without them every person would get no role.
    roles.sync_roles()
    groups = {g.name: g for g in Group.objects.filter(name__in=roles.ALL_ROLES)}
    through = User.groups.through
    rows = []
    for i, user in enumerate(users):
        role = (roles.SECRETARY if i % 50 == 0 else roles.OFFICIAL if i % 5 == 0
                else roles.STEERING_MEMBER if i % 7 == 0 else roles.WORKGROUP_MEMBER)
        rows.append(through(user_id=user.pk, group_id=groups[role].pk))
    through.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return users


def _bodies(n: int) -> list[Body]:
    parent = Body.objects.filter(kind=Body.Kind.STEERING_GROUP).order_by("pk").first()
    bodies = []
    for i in range(n):
        if i == 0 or parent is None:
            body = Body(kind=Body.Kind.STEERING_GROUP, name_fi=f"Alueellinen ohjausryhmä {i + 1} {MARK}",
                        short_name=f"AOR{i + 1}")
            body.save()
            parent = parent or body
        else:
            body = Body(kind=Body.Kind.WORKING_GROUP, parent=parent, name_fi=f"Työryhmä {i + 1} {MARK}",
                        name_sv=f"Arbetsgrupp {i + 1}", short_name=f"TR{i + 1}")
            body.save()
        bodies.append(body)
    return bodies


def _memberships(bodies: list[Body], people: list[User], rnd: random.Random) -> int:
    """About 20 members and a secretary per body; the demo people sit in a few bodies."""
    start = timezone.localdate().replace(month=1, day=1) - dt.timedelta(days=365 * YEARS)
    R = Membership.Role
    demo = {u.email: u for u in User.objects.filter(
        email__in=["jasen@lahti.example", "sihteeri@hollola.example", "tyoryhma@orimattila.example"])}
    rows = []
    for index, body in enumerate(bodies):
        term = Term.objects.create(body=body, start=start)
        seats = rnd.sample(people, min(20, len(people)))
        rows.append(Membership(body=body, term=term, user=seats[0], role=R.CHAIR, start=start,
                               party_id=seats[0].party_id))
        rows.extend(Membership(body=body, term=term, user=u, role=R.MEMBER, start=start, party_id=u.party_id)
                    for u in seats[1:-1])
        rows.append(Membership(body=body, term=term, user=seats[-1], role=R.SECRETARY, voting=False,
                               start=start, party_id=seats[-1].party_id))
        if index < 5:  # the demo people's seats
            if "jasen@lahti.example" in demo:
                rows.append(Membership(body=body, term=term, user=demo["jasen@lahti.example"], role=R.MEMBER,
                                       start=start, party_id=demo["jasen@lahti.example"].party_id))
            if "sihteeri@hollola.example" in demo:
                rows.append(Membership(body=body, term=term, user=demo["sihteeri@hollola.example"],
                                       role=R.DEPUTY_SECRETARY, voting=False, start=start))
        elif index < 8 and "tyoryhma@orimattila.example" in demo:
            rows.append(Membership(body=body, term=term, user=demo["tyoryhma@orimattila.example"], role=R.MEMBER,
                                   start=start, party_id=demo["tyoryhma@orimattila.example"].party_id))
    Membership.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _meetings_and_decisions(bodies, people, n_meetings, rnd, stdout=None, started=0.0, *,
                            items_per_meeting: int = ITEMS_PER_MEETING) -> dict[str, int]:
    today = timezone.localdate()
    first_day = today - dt.timedelta(days=365 * YEARS)
    span = (today + dt.timedelta(days=60) - first_day).days
    # visibility: the generator's own rows, read back to fill in who recorded what; nothing is shown
    secretary_of = {m.body_id: m.user_id for m in Membership.objects.filter(
        body__in=bodies, role=Membership.Role.SECRETARY)}
    meetings = []
    for i in range(n_meetings):
        body = bodies[i % len(bodies)]
        day = first_day + dt.timedelta(days=rnd.randrange(span))
        starts = dt.datetime.combine(day, dt.time(rnd.choice([9, 10, 13, 14])), TZ)
        past = day < today - dt.timedelta(days=14)
        status = (Meeting.Status.PUBLISHED if past and rnd.random() < 0.95 else Meeting.Status.HELD if past
                  else Meeting.Status.PLANNED if day > today else Meeting.Status.INVITED)
        meetings.append(Meeting(
            body=body, title="Kokous", starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
            location="Lahden kaupungintalo", status=status,
            locked_at=starts + dt.timedelta(days=7) if status == Meeting.Status.PUBLISHED else None,
            published_at=starts + dt.timedelta(days=8) if status == Meeting.Status.PUBLISHED else None,
            created_by_id=secretary_of.get(body.pk),
        ))
    meetings.sort(key=lambda m: m.starts_at)
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    _log(stdout, started, f"{len(meetings)} meetings")

    # visibility: counts register numbers so new ones do not collide; nothing is shown
    prefix = Matter.objects.filter(register_number__startswith="LA/").count()
    matters, items = [], []
    for meeting in meetings:
        for order in range(1, items_per_meeting + 1):
            title, proposal = rnd.choice(TOPICS)
            secret = rnd.random() < 0.08
            matter = Matter(register_number=f"LA/{prefix + len(matters) + 1}/{meeting.starts_at.year}",
                            title=title, body_id=meeting.body_id, created_at=meeting.starts_at,
                            publicity="not_public" if secret else "public",
                            secrecy_ground="JulkL 24 § 1 mom. 17 k" if secret else "")
            matters.append(matter)
            items.append(AgendaItem(
                meeting=meeting, matter=matter, order=order, title=f"{title} {meeting.starts_at.year}",
                background="Asia on valmisteltu työllisyysyhteistyön ohjausryhmän toimeksiannosta.",
                proposal_text=proposal, publicity=matter.publicity, secrecy_ground=matter.secrecy_ground,
            ))
    Matter.objects.bulk_create(matters, batch_size=BATCH)
    for item in items:
        item.matter_id = item.matter.pk
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    _log(stdout, started, f"{len(items)} agenda items and matters")

    # § numbers per body and calendar year, continuing after any the body already used.
    counters = {(c.body_id, c.year): c.last_number for c in SectionCounter.objects.filter(body__in=bodies)}
    decisions = []
    decided_statuses = {Meeting.Status.PUBLISHED, Meeting.Status.HELD}
    for item in items:
        meeting = item.meeting
        if meeting.status not in decided_statuses:
            continue
        key = (meeting.body_id, meeting.starts_at.year)
        counters[key] = counters.get(key, 0) + 1
        decisions.append(Decision(
            agenda_item=item, body_id=meeting.body_id, section_year=key[1], section_number=counters[key],
            resolution=rnd.choice(RESOLUTIONS), text=item.proposal_text, decided_at=meeting.starts_at,
            recorded_by_id=secretary_of.get(meeting.body_id), locked_at=meeting.locked_at,
        ))
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
    SectionCounter.objects.bulk_create(
        [SectionCounter(body_id=b, year=y, last_number=n) for (b, y), n in counters.items()],
        batch_size=BATCH, update_conflicts=True, unique_fields=["body", "year"], update_fields=["last_number"])
    _log(stdout, started, f"{len(decisions)} decisions")

    actions = []
    today = timezone.localdate()
    for decision in decisions[::10]:
        due = decision.decided_at.date() + dt.timedelta(days=rnd.randrange(14, 120))
        open_ = (due > today - dt.timedelta(days=60) and rnd.random() < 0.8) or rnd.random() < 0.03
        owner = rnd.choice(people)
        actions.append(ActionItem(
            body_id=decision.body_id, decision=decision, title=f"Toimeenpano: {decision.agenda_item.title}",
            owner=owner, party_id=owner.party_id, due_date=due,
            status=rnd.choice(ActionItem.OPEN_STATUSES) if open_ else ActionItem.Status.DONE,
            created_at=decision.decided_at,
            completed_at=None if open_ else decision.decided_at + dt.timedelta(days=30),
        ))
    ActionItem.objects.bulk_create(actions, batch_size=BATCH)
    _log(stdout, started, f"{len(actions)} action items")
    return {"meetings": len(meetings), "matters": len(matters), "agenda items": len(items),
            "decisions": len(decisions), "action items": len(actions)}


def _observations(n: int, stdout=None, started=0.0) -> int:
    """Monthly values back ten years for every metric and known area, with breakdowns, up to n rows.
    Rows the demo data already has (metric, area, month, breakdown) are left as they are."""
    registry = AreaRegistry()
    codes = ([c for c in authority_area_codes(None) if c in registry.by_code] + registry.codes_of_kind("region")
             + [COUNTRY])
    metrics = list(Metric.objects.order_by("pk").values_list("pk", flat=True))
    if not metrics:
        return 0
    last = add_months(timezone.localdate().replace(day=1), -1)
    months = [add_months(last, -i) for i in range(12 * YEARS)]
    before = Observation.objects.count()
    rows, made = [], 0

    def flush():
        nonlocal rows, made
        Observation.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        made += len(rows)
        rows = []

    for breakdown in BREAKDOWNS:
        for code in dict.fromkeys(codes):
            for metric in metrics:
                for k, month in enumerate(months):
                    if made + len(rows) >= n:
                        break
                    rows.append(Observation(metric_id=metric, area_code=code, month=month, breakdown=breakdown,
                                            value=100 + (metric * 7 + k * 3 + len(code)) % 900,
                                            source="Laaja aineisto (synteettinen)"))
                if len(rows) >= BATCH * 4:
                    flush()
    flush()
    added = Observation.objects.count() - before
    _log(stdout, started, f"{added} observations")
    return added
