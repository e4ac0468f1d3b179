"""Benchmark: the stored Finnish search at 100,000 decisions, in-process, on PostgreSQL.

Builds a throw-away PostgreSQL database next to the one in DATABASE_URL (`<name>_bench_search`,
dropped at the end unless --keep): 50 bodies, 5,000 meetings, N agenda items with a decision each
(bulk inserts, Finnish texts from a vocabulary of inflected and compound forms), their search
documents written in bulk the way `rebuild_search_index` writes them, then ANALYZE. Then runs the
site search's decisions query (`top(Decision.objects.visible_to(person), q, 50)`: the 50 best
ranked by rank then id, with highlights) and the same ordered by rank then date (which makes
PostgreSQL check every match against the visibility rule before sorting) for words of several
frequencies as a body member and as someone who sees only published public items, and
prints the SQL time (median of the runs; the search and the highlights' texts), the Python time
(models, highlighting), the matches and whether the plan reads the GIN index.
Target (issue 16): a common word ≤ 50 ms of SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/search.py [--decisions 100000]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

# Words in the forms texts use them; (share of texts, phrase). The first word of each query below
# appears in about that share of the decisions.
PHRASES = [
    (0.15, "Kunnan osuus maksetaan kuntien rahoitusosuuksien mukaisesti."),
    (0.25, "Hyväksytään esityksen mukaisesti."),
    (0.20, "Työllisyysalueen palveluiden järjestäminen jatkuu."),
    (0.15, "Ohjausryhmä merkitsi tiedoksi seurantaraportin."),
    (0.10, "Lautakunnan lausunto pyydetään ennen päätöstä."),
    (0.025, "Valmistellaan työhönvalmennuksen yhteishankinta."),
    (0.0025, "Sopimuksen muutos allekirjoitetaan."),
    (0.00025, "Kotoutumisen edistämisen ohjelma päivitetään."),
]
FILLER = ("Asiaa käsiteltiin kokouksessa. Esittelijänä toimi kehittämispäällikkö. Päätöksestä voi tehdä "
          "oikaisuvaatimuksen. Liitteenä talousarvion toteumavertailu ja toimintasuunnitelman tilanne.")
# Each decision's document holds two texts (the decision and the proposal), so a phrase's word is
# in about twice its share of the documents.
QUERIES = [("very common (~28 %)", "kunnan"), ("common (~5 %)", "hankinnat"), ("medium (~0.5 %)", "sopimuksen"),
           ("rare (~0.05 %)", "kotoutumista"), ("two words", "hankinta lautakunnan")]


def _bench_database_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_bench_search"))


def _admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def build(n_decisions: int, rng: random.Random) -> dict:
    import datetime as dt

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from cooperation.base import search
    from cooperation.base.models import SearchDocument
    from parties.models import User
    from workgroups.models import AgendaItem, Body, Decision, Meeting, Membership

    started = time.perf_counter()
    bodies = Body.objects.bulk_create([Body(kind=Body.Kind.STEERING_GROUP if i == 0 else Body.Kind.WORKING_GROUP,
                                            name_fi=f"Ryhmä {i}", short_name=f"R{i}") for i in range(50)])
    base = timezone.make_aware(dt.datetime(2016, 1, 4, 13, 0))
    meetings = Meeting.objects.bulk_create([
        Meeting(body=bodies[i % 50], starts_at=base + dt.timedelta(days=i // 2), location="Lahti",
                status=Meeting.Status.PUBLISHED if rng.random() < 0.9 else Meeting.Status.MINUTES_DRAFTED)
        for i in range(5000)], batch_size=2000)
    per_meeting = n_decisions // len(meetings)

    def text() -> str:
        chosen = [p for share, p in PHRASES if rng.random() < share]
        return " ".join([*chosen, FILLER])

    items, decisions = [], []
    for meeting in meetings:
        for order in range(1, per_meeting + 1):
            items.append(AgendaItem(meeting=meeting, order=order, title=rng.choice(
                ["Talousarvion seuranta", "Toimintaympäristön muutokset", "Työllisyysalueen palvelut",
                 "Lausuntopyyntö", "Ilmoitusasiat", "Seurantaraportti"]),
                proposal_text=text(), publicity="public" if rng.random() < 0.85 else "not_public"))
    for item in items:
        if item.publicity == "not_public":
            item.secrecy_ground = "JulkL 24 § 1 mom. 20 k"
    AgendaItem.objects.bulk_create(items, batch_size=5000)
    counters: dict = {}
    for item in items:
        meeting = item.meeting
        key = (meeting.body_id, meeting.starts_at.year)
        counters[key] = counters.get(key, 0) + 1
        decisions.append(Decision(agenda_item=item, body_id=meeting.body_id, section_year=meeting.starts_at.year,
                                  section_number=counters[key], resolution="approved", text=text(),
                                  decided_at=meeting.starts_at))
    Decision.objects.bulk_create(decisions, batch_size=5000)
    built = time.perf_counter() - started

    started = time.perf_counter()
    entry = next(e for e in search.searchables() if e.model is Decision)
    content_type = ContentType.objects.get_for_model(Decision)
    documents = []
    for decision in decisions:
        doc = search._document(entry, decision)
        doc.content_type = content_type
        documents.append(doc)
    SearchDocument.objects.bulk_create(documents, batch_size=2000)
    indexed = time.perf_counter() - started

    member = User.objects.create_user(email="jasen@bench.example", password="x", first_name="J", last_name="M")
    outsider = User.objects.create_user(email="ulko@bench.example", password="x", first_name="U", last_name="O")
    from django.contrib.auth.models import Group

    from parties import roles

    for person in (member, outsider):
        person.groups.add(Group.objects.get_or_create(name=roles.STEERING_MEMBER)[0])
    Membership.objects.create(body=bodies[0], user=member, role=Membership.Role.MEMBER, start=dt.date(2016, 1, 1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"built": built, "indexed": indexed, "member": member, "outsider": outsider}


def measure(person, query: str, runs: int) -> dict:
    """SQL and Python milliseconds (medians) of the site search's decisions (`top`: the 50 best
    with highlights) and of the same ordered by rank then date ("full": every match joined to the
    rule before the sort), the visible matches, and whether the plan reads the GIN index."""
    from django.db import connection

    from cooperation.base.search import add_highlights, top
    from workgroups.models import Decision
    from workgroups.search import search_decisions

    def visible():
        return Decision.objects.visible_to(person).select_related("body", "agenda_item__meeting")

    def full():
        rows = list(search_decisions(visible(), query).order_by("-search_rank", "-decided_at")[:50])
        add_highlights(rows, query)
        return rows

    result = {}
    for name, run in (("top", lambda: top(visible(), query, 50)), ("full", full)):
        sql_ms, python_ms = [], []
        for _ in range(runs):
            spent = []

            def timer(execute, sql, params, many, context, spent=spent):
                t = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    spent.append(time.perf_counter() - t)

            t = time.perf_counter()
            with connection.execute_wrapper(timer):
                rows = run()
            total = (time.perf_counter() - t) * 1000
            sql_ms.append(sum(spent) * 1000)
            python_ms.append(total - sql_ms[-1])
        result[name] = (statistics.median(sql_ms), statistics.median(python_ms), len(rows))
    sql, params = search_decisions(visible(), query).order_by("-search_rank", "-pk")[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    result["matches"] = search_decisions(Decision.objects.visible_to(person), query).count()
    result["gin"] = "GIN" if "base_searchdocument_vector_gin" in plan else "no GIN"
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decisions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--plan", action="store_true", help="print the common word's plan")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("bench/search.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    bench_url = _bench_database_url(url)
    name = urlsplit(bench_url).path.lstrip("/")
    _admin(url, f'DROP DATABASE IF EXISTS "{name}"')
    _admin(url, f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = bench_url
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from cooperation.base import finnish

        if not finnish.voikko_available():
            sys.exit("Voikko is not installed (libvoikko1, voikko-fi): nothing to measure")
        call_command("migrate", verbosity=0)
        data = build(args.decisions, random.Random(16))
        print(f"data set: {args.decisions} decisions with search documents; rows built in {data['built']:.1f} s, "
              f"documents in {data['indexed']:.1f} s")
        print(f"{'query':<42} {'person':<9} {'matches':>8} {'top 50: SQL ms':>15} {'Python ms':>10} "
              f"{'by date: SQL':>13} {'Python ms':>10}  plan")
        for label, query in QUERIES:
            for who in ("member", "outsider"):
                r = measure(data[who], query, args.runs)
                print(f"{label + ': ' + query:<42} {who:<9} {r['matches']:>8} {r['top'][0]:>15.1f} "
                      f"{r['top'][1]:>10.1f} {r['full'][0]:>13.1f} {r['full'][1]:>10.1f}  {r['gin']}")
        if args.plan:
            from django.db import connection

            from workgroups.models import Decision
            from workgroups.search import search_decisions

            qs = (search_decisions(Decision.objects.visible_to(data["outsider"]), QUERIES[1][1])
                  .order_by("-search_rank", "-pk")[:50])
            sql, params = qs.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                print("\n".join(r[0] for r in cursor.fetchall()))
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _admin(url, f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
