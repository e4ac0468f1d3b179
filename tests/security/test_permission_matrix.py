"""The generated permission matrix (issue 17, item 2).

Every URL pattern of the project — pages, files, PDFs, iCal, OCDS, CSV and the API's routes, found by
walking Django's resolver — is requested as every role of tests/security/world.py, pointed at the world's
NON-PUBLIC objects. Each probe asserts the status in EXPECT (below: one row per URL name, one column per
role) and that no MARKER of a non-public object the role may not read appears in the response's headers,
body, PDF text or file. A URL name without a row fails `test_every_url_is_classified`, so a new URL must be
classified here. The Django admin is probed as one block per role (staff only; see test_admin_block).

Updating the table after a rule change: run
    PERMISSION_MATRIX_RECORD=/tmp/matrix.json .venv/bin/python -m pytest tests/security/test_permission_matrix.py
and compare the recorded statuses with EXPECT (record mode asserts markers but not statuses).
"""

import json
import os
from collections import Counter

import pytest

from tests.security.probe import client_for, leaked, response_text, url_of
from tests.security.urlwalk import admin_model_of, routes
from tests.security.world import (
    ADMIN,
    ANON,
    HR,
    M_NEED,
    MEMBER_OTHER,
    NO_ROLE,
    OFFICIAL_OTHER,
    SECRETARY,
    SECRETARY_OTHER,
    SESSION_ROLES,
    STEERING,
    TOKEN_ADMIN,
    TOKEN_OFFICIAL,
    TOKEN_ROLES,
    WG_MEMBER,
)

pytestmark = pytest.mark.django_db
RECORD = os.environ.get("PERMISSION_MATRIX_RECORD")

# --- where each URL points: the world's non-public object of its kind -------------------------------
ARGS = {
    "password_reset_confirm": lambda w, r: {"uidb64": "MQ", "token": "set-password"},
    "parties:detail": lambda w, r: {"pk": w.party_x.pk},
    "parties:edit": lambda w, r: {"pk": w.party_x.pk},
    "agreements:attachment": lambda w, r: {"pk": w.agreement.pk, "number": w.agreement_attachment.number},
    "agreements:dispute-close": lambda w, r: {"pk": w.dispute.pk},
    "agreements:programme-detail": lambda w, r: {"pk": w.programme.pk},
    "agreements:measure-edit": lambda w, r: {"pk": w.measure.pk},
    "workgroups:ical-user": lambda w, r: {"token": w.calendar.get(r, "no-such-token")},
    "workgroups:ical-body": lambda w, r: {"token": w.calendar.get(r, "no-such-token"), "body_pk": w.body.pk},
    "procurement:disruption-step": lambda w, r: {"pk": w.disruption.pk, "step": "forward"},
    "monitoring:metric": lambda w, r: {"code": w.metric.code},
    "monitoring:commentary": lambda w, r: {"year": 2025, "month": 10},
    "monitoring:peer-group-edit": lambda w, r: {"code": "TA398"},  # Lahti's area: an authority's own
    "monitoring-metric-detail": lambda w, r: {"code": w.metric.code},
    "monitoring-area-detail": lambda w, r: {"code": "KU398"},
    "agreements:section-edit": lambda w, r: {"pk": w.agreement.pk, "section_pk": _section_pk(w)},
    "agreements:section-comment": lambda w, r: {"pk": w.agreement.pk, "section_pk": _section_pk(w)},
    "agreements:context-edit": lambda w, r: {"pk": 0},
    "workgroups:minutes-check-link": lambda w, r: {"token": "no-such-token"},
    "public:minutes": lambda w, r: {"pk": w.meeting.pk},
    "public:minutes-pdf": lambda w, r: {"pk": w.meeting.pk},
}


def _section_pk(w) -> int:
    section = w.agreement.sections.order_by("pk").first()
    return section.pk if section else 0
# One object per "pk" family, by the URL name's prefix.
PK_OF = [
    ("agreements:", "agreement"), ("workgroups:body-", "body"), ("workgroups:meeting-create", "body"),
    ("workgroups:proposal-create", "group"), ("workgroups:meeting-", "meeting"), ("workgroups:item-create", "meeting"),
    ("workgroups:attendance", "meeting"), ("workgroups:minutes-", "meeting"), ("workgroups:agenda-pdf", "meeting"),
    ("workgroups:agenda-publish", "meeting"), ("workgroups:standard-agenda", "body"),
    ("workgroups:opening-items-decide", "meeting"),
    ("workgroups:item-", "item"), ("workgroups:decision-edit", "item"), ("workgroups:attachment-create", "item"),
    ("workgroups:attachment-", "attachment"), ("workgroups:decision-", "decision"),
    ("workgroups:action-create", "decision"), ("workgroups:matter-", "matter"), ("workgroups:proposal-", "proposal"),
    ("workgroups:action-", "action"), ("procurement:need-", "need"), ("procurement:proposal-", "coordination"),
    ("procurement:disruption-", "disruption"), ("procurement:transfer-plan-", "plan"),
    ("procurement:staff-transfer-", "plan"), ("procurement:", "procurement"), ("monitoring:import-", "batch"),
    ("monitoring:target-", "target"), ("monitoring:report-", "report"), ("monitoring:decision-", "decision"),
    ("party-", "party_x"), ("employment-area-", "area"), ("agreement-", "agreement"), ("programme-", "programme"),
    ("body-", "body"), ("membership-", "m_member1"), ("meeting-", "meeting"), ("decision-", "decision"),
    ("action-item-", "action"), ("procurement-need-", "need"), ("procurement-", "procurement"),
    ("disruption-report-", "disruption"), ("staff-transfer-", "transfer"), ("monitoring-observation-", "observation"),
    ("monitoring-target-", "target"), ("monitoring-report-", "report"),
]
# Searches and filters look for the markers themselves.
QUERY = {
    "workgroups:search": "q=MRKx",
    "workgroups:decision-list": "q=MRKx",
    "decision-list": "text=MRKx",
}


# Where a URL legitimately shows a marker to more roles than MARKER_READERS: url name → {marker: roles}.
EXTRA_READERS = {
    # docs/permissions.md, "coordination proposal | view": the steering group (members, secretaries) sees
    # every coordination proposal, including the titles of the needs it combines.
    "procurement:proposal-detail": {M_NEED: {STEERING, MEMBER_OTHER, SECRETARY, SECRETARY_OTHER}},
}
# URLs whose answer cannot depend on the caller's objects: probed as three roles, not all twelve.
FEW_ROLES = {
    "api-schema": (ANON, NO_ROLE, TOKEN_OFFICIAL),
    "api-docs": (ANON, NO_ROLE, TOKEN_OFFICIAL),
    "javascript-catalog": (ANON, NO_ROLE, ADMIN),
}


def kwargs_for(route, w, role) -> dict:
    if route.name in ARGS:
        kwargs = dict(ARGS[route.name](w, role))
    else:
        kwargs = {}
        if "pk" in route.params:
            attr = next(a for prefix, a in PK_OF if route.name.startswith(prefix))
            kwargs["pk"] = getattr(w, attr).pk
    if route.suffix:
        kwargs["format"] = "json"
    return kwargs


# --- the expected statuses: EXPECT[url name][role] ----------------------------------------------------
# r(default, role=status, …): a row; the default applies to every role not named. API rows also have the
# token roles. 302 = sent to the login page; 403 refused; 404 not found (not visible); 405 GET not allowed.
def r(default, **by_role):
    return {role: by_role.get(role, default) for role in (*SESSION_ROLES, *TOKEN_ROLES)}


LOGIN = {ANON: 302}
API_ANON = {ANON: 403}

EXPECT: dict[str, dict[str, int]] = {
    "agreements:attachment": r(404, **{ADMIN: 200, ANON: 302}),
    "agreements:sign": r(403, **{ANON: 302, ADMIN: 200}),
    "agreements:amend": r(403, **{ANON: 302, ADMIN: 200}),
    "agreements:accession": r(403, **{ANON: 302, ADMIN: 200}),
    "agreements:withdrawal": r(403, **{ANON: 302, ADMIN: 200}),
    "agreements:dispute-create": r(403, **{ANON: 302, ADMIN: 200}),
    "agreements:dispute-close": r(403, **{ANON: 302, ADMIN: 200}),
    "agreements:programme": r(200, **{ANON: 302}),
    "agreements:programme-detail": r(200, **{ANON: 302}),
    "agreements:measure-edit": r(403, **{ANON: 302, ADMIN: 200}),
    "workgroups:body-list": r(200, **{ANON: 302}),
    "workgroups:body-detail": r(200, **{ANON: 302}),
    "workgroups:body-history": r(403, **{ANON: 302, SECRETARY: 200, ADMIN: 200}),
    "workgroups:meeting-create": r(403, **{ANON: 302, SECRETARY: 200}),
    "workgroups:proposal-create": r(403, **{ANON: 302, WG_MEMBER: 200, ADMIN: 200}),
    "workgroups:meeting-detail": r(200, **{ANON: 302}),
    "workgroups:item-create": r(403, **{ANON: 302, SECRETARY: 200}),
    "workgroups:meeting-invite": r(405, **{ANON: 302}),
    # The invitation's preview and record of sendings: the body's secretary only (issue 11, item 5).
    "workgroups:meeting-invitation": r(403, **{ANON: 302, SECRETARY: 200}),
    "workgroups:attendance": r(403, **{ANON: 302, SECRETARY: 200}),
    "workgroups:minutes-draft": r(403, **{ANON: 302, SECRETARY: 200}),
    "workgroups:minutes-approve": r(405, **{ANON: 302}),
    "workgroups:minutes-publish": r(405, **{ANON: 302}),
    "workgroups:agenda-pdf": r(200, **{ANON: 302}),
    "workgroups:minutes-pdf": r(200, **{ANON: 302}),
    "workgroups:item-edit": r(404, **{ANON: 302, STEERING: 403, SECRETARY: 200, ADMIN: 403}),
    "workgroups:decision-edit": r(404, **{ANON: 302, STEERING: 403, SECRETARY: 302, ADMIN: 403}),
    "workgroups:attachment-create": r(404, **{ANON: 302, STEERING: 403, SECRETARY: 200, ADMIN: 403}),
    "procurement:need-detail": r(404, **{ADMIN: 200, ANON: 302}),
    "procurement:need-edit": r(403, **{ANON: 302, ADMIN: 200}),
    "procurement:proposals": r(200, **{ANON: 302}),
    "procurement:proposal-create": r(403, **{ANON: 302, ADMIN: 200}),
    "procurement:proposal-detail": r(200, **{ANON: 302, NO_ROLE: 404, OFFICIAL_OTHER: 404, WG_MEMBER: 404, HR: 404}),
    "procurement:proposal-send": r(405, **{ANON: 302}),
    "procurement:proposal-decision": r(405, **{ANON: 302}),
    "procurement:disruptions": r(200, **{ANON: 302, NO_ROLE: 403, HR: 403}),
    "procurement:disruption-create": r(200, **{ANON: 302, NO_ROLE: 403, SECRETARY_OTHER: 403, SECRETARY: 403, HR: 403}),
    "procurement:disruption-detail": r(404, **{ANON: 302, ADMIN: 200}),
    "procurement:disruption-step": r(405, **{ANON: 302}),
    "procurement:quotas": r(200, **{ANON: 302, NO_ROLE: 403, HR: 403}),
    "procurement:quota-entry-create": r(403, **{ANON: 302, OFFICIAL_OTHER: 200, ADMIN: 200}),
    "procurement:quota-split-create": r(403, **{ANON: 302, ADMIN: 200}),
    "procurement:transfer-plans": r(200, **{ANON: 302, NO_ROLE: 403, HR: 403}),
    "procurement:transfer-plan-detail": r(200, **{ANON: 302, NO_ROLE: 403, HR: 403}),
    "procurement:staff-transfer-create": r(403, **{ANON: 302, HR: 200, ADMIN: 200}),
    "monitoring:index": r(200, **{ANON: 302, NO_ROLE: 403, HR: 403}),
    "party-list": r(200, **{ANON: 401}),
    "party-detail": r(200, **{ANON: 401}),
    "employment-area-list": r(200, **{ANON: 401}),
    "employment-area-detail": r(200, **{ANON: 401}),
    "agreement-list": r(200, **{ANON: 401}),
    "agreement-detail": r(200, **{ANON: 401}),
    "programme-detail": r(200, **{ANON: 401}),
    "body-list": r(200),
    "body-detail": r(200),
    "membership-list": r(200, **{ANON: 401}),
    "membership-detail": r(200, **{ANON: 401}),
    "meeting-list": r(200),
    "meeting-detail": r(200),
    "decision-list": r(200),
    "decision-detail": r(404, **{STEERING: 200, SECRETARY: 200, ADMIN: 200, TOKEN_ADMIN: 200}),
    "procurement-list": r(200, **{ANON: 401, NO_ROLE: 403, HR: 403}),
    "procurement-detail": r(200, **{ANON: 401, NO_ROLE: 403, HR: 403}),
    "procurement-ocds": r(200, **{ANON: 401, NO_ROLE: 403, HR: 403}),
    "procurement-ocds-record": r(200, **{ANON: 401, NO_ROLE: 403, HR: 403}),
    "procurement-need-list": r(200, **{ANON: 401, NO_ROLE: 403, HR: 403}),
    "procurement-need-detail": r(404, **{ANON: 401, NO_ROLE: 403, HR: 403, ADMIN: 200, TOKEN_ADMIN: 200}),
    "disruption-report-detail": r(404, **{TOKEN_ADMIN: 200, ANON: 401, NO_ROLE: 403, HR: 403, ADMIN: 200}),
    "quota-list": r(200, **{ANON: 401, NO_ROLE: 403, HR: 403}),
    "staff-transfer-list": r(200, **{ANON: 401}),
    "monitoring-metric-list": r(200, **{HR: 403, ANON: 401, NO_ROLE: 403}),
    "monitoring-metric-detail": r(200, **{ANON: 401, NO_ROLE: 403, HR: 403}),
    "monitoring-observation-bulk": r(405, **{HR: 403, ANON: 401, NO_ROLE: 403}),
    "monitoring-observation-detail": r(200, **{ANON: 401, NO_ROLE: 403, HR: 403}),
    "monitoring-target-list": r(200, **{HR: 403, ANON: 401, NO_ROLE: 403}),
    "monitoring-target-detail": r(200, **{ANON: 401, NO_ROLE: 403, HR: 403}),
    "monitoring-report-list": r(200, **{WG_MEMBER: 403, HR: 403, ANON: 401, NO_ROLE: 403}),
    "monitoring-report-detail": r(200, **{ANON: 401, NO_ROLE: 403, WG_MEMBER: 403, HR: 403}),
    "monitoring-report-download": r(200, **{ANON: 401, NO_ROLE: 403, WG_MEMBER: 403, HR: 403}),
    "api-root": r(200, **{ANON: 401}),
    "api-schema": r(200),
    "api-docs": r(200),
    "home": r(302, **{ANON: 200}),
    "dashboard": r(200, **{ANON: 302}),
    "healthz": r(200),
    "set_language": r(302),
    "javascript-catalog": r(200),
    "otp-verify": r(302, **{SECRETARY_OTHER: 200, SECRETARY: 200, ADMIN: 200}),
    "otp-setup": r(200, **{ANON: 302, SECRETARY_OTHER: 302, SECRETARY: 302, ADMIN: 302}),
    "login": r(302, **{ANON: 200}),
    "logout": r(405),
    "password_change": r(200, **{ANON: 302}),
    "password_change_done": r(200, **{ANON: 302}),
    "password_reset": r(200),
    "password_reset_done": r(200),
    "password_reset_confirm": r(200),
    "password_reset_complete": r(200),
    "parties:list": r(200, **{ANON: 302}),
    "parties:create": r(403, **{ADMIN: 200}),
    "parties:detail": r(200, **{ANON: 302}),
    "parties:edit": r(403, **{ADMIN: 200}),
    "parties:areas": r(200, **{ANON: 302}),
    "agreements:list": r(200, **{ANON: 302}),
    "agreements:detail": r(200, **{ANON: 302}),
    "agreements:history": r(200, **{ANON: 302}),
    "agreements:pdf": r(200, **{ANON: 302}),
    "agreements:attachment-create": r(403, **{ANON: 302, ADMIN: 200}),
    "workgroups:attachment-download": r(404, **{ANON: 302, STEERING: 200, SECRETARY: 200, ADMIN: 200}),
    "workgroups:decision-list": r(200, **{ANON: 302}),
    "workgroups:decision-correct": r(404, **{ANON: 302, STEERING: 403, SECRETARY: 200, ADMIN: 403}),
    "workgroups:action-create": r(404, **{ANON: 302, STEERING: 403, SECRETARY: 200, ADMIN: 403}),
    "workgroups:matter-detail": r(404, **{ANON: 302, STEERING: 200, SECRETARY: 200, ADMIN: 200}),
    "workgroups:search": r(200, **{ANON: 302}),
    "workgroups:proposal-detail": r(404, **{ANON: 302, WG_MEMBER: 200, STEERING: 200, SECRETARY: 200, ADMIN: 200}),
    "workgroups:action-list": r(200, **{ANON: 302}),
    "workgroups:action-detail": r(404, **{ANON: 302, STEERING: 200, SECRETARY: 200, ADMIN: 200}),
    "workgroups:calendar": r(200, **{ANON: 302}),
    "workgroups:ical-user": r(200, **{ANON: 404}),
    "workgroups:ical-body": r(200, **{ANON: 404}),
    "procurement:index": r(200, **{ANON: 302, NO_ROLE: 403, HR: 403}),
    "procurement:detail": r(200, **{ANON: 302, NO_ROLE: 404, HR: 404}),
    "procurement:cost-shares": r(403, **{ANON: 302, ADMIN: 200}),
    "procurement:stage-add": r(405, **{ANON: 302}),
    "procurement:ocds": r(200, **{ANON: 302, NO_ROLE: 404, HR: 404}),
    "procurement:ocds-record": r(200, **{ANON: 302, NO_ROLE: 404, HR: 404}),
    "procurement:needs": r(200, **{ANON: 302, NO_ROLE: 403, HR: 403}),
    "procurement:need-create": r(200, **{ANON: 302, NO_ROLE: 403, SECRETARY_OTHER: 403, SECRETARY: 403, HR: 403}),
    "monitoring:metric": r(200, **{ANON: 302, NO_ROLE: 403, HR: 403}),
    "monitoring:import": r(403, **{ANON: 302, OFFICIAL_OTHER: 200, ADMIN: 200}),
    "monitoring:import-preview": r(403, **{ANON: 302, ADMIN: 200}),
    "monitoring:enter": r(403, **{ANON: 302, OFFICIAL_OTHER: 200, ADMIN: 200}),
    "monitoring:commentary": r(403, **{ANON: 302, WG_MEMBER: 200, ADMIN: 200}),
    "monitoring:targets": r(200, **{ANON: 302, NO_ROLE: 403, HR: 403}),
    "monitoring:target-create": r(403, **{ANON: 302, WG_MEMBER: 200, ADMIN: 200}),
    "monitoring:target-edit": r(403, **{ANON: 302, WG_MEMBER: 200, ADMIN: 200}),
    # Peer groups: read like the targets; chosen by the knowledge-management working group and administrators.
    "monitoring:peer-groups": r(200, **{ANON: 302, NO_ROLE: 403, HR: 403}),
    "monitoring:peer-group-edit": r(403, **{ANON: 302, WG_MEMBER: 200, ADMIN: 200}),
    "monitoring:target-delete": r(403, **{ANON: 302, WG_MEMBER: 200, ADMIN: 200}),
    "monitoring:reports": r(200, **{ANON: 302, NO_ROLE: 403, WG_MEMBER: 403, HR: 403}),
    "monitoring:subscription": r(405, **{ANON: 302}),
    "monitoring:report-detail": r(200, **{ANON: 302, NO_ROLE: 403, WG_MEMBER: 403, HR: 403}),
    "monitoring:report-status": r(200, **{ANON: 302, NO_ROLE: 403, WG_MEMBER: 403, HR: 403}),
    "monitoring:report-download": r(200, **{ANON: 302, NO_ROLE: 403, WG_MEMBER: 403, HR: 403}),
    # Naming the metrics a decision aims to move: the body's secretary, like a correction (#13).
    "monitoring:decision-metrics": r(404, **{ANON: 302, STEERING: 403, SECRETARY: 200, ADMIN: 403}),
    "agreement-amendments": r(405, **{ANON: 401}),
    "agreement-parties": r(200, **{ANON: 401}),
    "agreement-signatures": r(405, **{ANON: 401}),
    "programme-list": r(200, **{ANON: 401}),
    "action-item-list": r(200, **{ANON: 401}),
    "action-item-detail": r(404, **{ANON: 401, STEERING: 200, SECRETARY: 200, ADMIN: 200, TOKEN_ADMIN: 200}),
    "disruption-report-list": r(200, **{ANON: 401, NO_ROLE: 403, HR: 403}),
    "staff-transfer-detail": r(404, **{ANON: 401, HR: 200}),
    "monitoring-observation-list": r(200, **{ANON: 401, NO_ROLE: 403, HR: 403}),
    "monitoring-area-list": r(200, **{ANON: 401}),
    "monitoring-area-detail": r(200, **{ANON: 401}),
    # Agreements drafted in pages (#14): administrators; a missing section or context is a 404.
    "agreements:create": r(403, **{ANON: 302, ADMIN: 200}),
    "agreements:edit": r(403, **{ANON: 302, ADMIN: 200}),
    "agreements:section-create": r(403, **{ANON: 302, ADMIN: 200}),
    "agreements:section-edit": r(403, **{ANON: 302, ADMIN: 404}),
    "agreements:section-comment": r(404, **{ANON: 302}),
    "agreements:circulate": r(403, **{ANON: 302, ADMIN: 200}),
    "agreements:approve": r(403, **{ANON: 302, ADMIN: 200}),
    "agreements:service-agreement-create": r(403, **{ANON: 302, ADMIN: 200}),
    "agreements:context-edit": r(404, **{ANON: 302}),
    # Meetings and minutes (#11): publishing the agenda is a POST; a checker's link needs its token.
    "workgroups:agenda-publish": r(405, **{ANON: 302}),
    "workgroups:minutes-check-link": r(404),
    # The standard agenda, arranging the agenda (POST forms) and the deliberation of an item (#11).
    "workgroups:standard-agenda": r(403, **{ANON: 302, SECRETARY: 200}),
    "workgroups:item-move": r(405, **{ANON: 302}),
    "workgroups:item-remove": r(405, **{ANON: 302}),
    "workgroups:opening-items-decide": r(405, **{ANON: 302}),
    "workgroups:item-deliberation": r(404, **{ANON: 302, STEERING: 403, SECRETARY: 200, ADMIN: 403}),
    # The public web (kuntalaki 140 §): everyone, no login; the non-public item's marker never shows.
    "public:index": r(200),
    "public:minutes": r(200),
    "public:minutes-pdf": r(200),
    "monitoring:statfin-fetch": r(405),
}
# An administrator's (or secretary's) bare token is refused everywhere: their role needs the second
# factor, which a token cannot give (cooperation.base.api, docs/security.md).
for _row in EXPECT.values():
    _row[TOKEN_ADMIN] = 401

# Probes that show a defect another engineer fixes: (url name, role) → the defect. Marked
# xfail(strict=True): when the fix lands the probe passes, the strict xfail fails, and the row is removed.
# (The monthly report's leak of other parties' disruption reports and non-public follow-ups was the
# first entry here; the report now reads through the rules for its audience, monitoring.models.report_audience.)
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}

ROUTES = [route for route in routes() if not route.is_admin]
ADMIN_ROUTES = [route for route in routes() if route.is_admin]


def _roles_for(route):
    if route.name in FEW_ROLES:
        return FEW_ROLES[route.name]
    return (*SESSION_ROLES, *TOKEN_ROLES) if route.is_api else SESSION_ROLES


PROBES = Counter()


def _record(route, role, status, leaks):
    with open(f"{RECORD}.{os.getpid()}", "a") as out:
        out.write(json.dumps([route.name, role, status, leaks]) + "\n")


def probe(world, route, role) -> list[str]:
    """One GET as one role; the problems found (empty when the probe is as expected)."""
    client = client_for(world, role)
    url = url_of(route, kwargs_for(route, world, role), QUERY.get(route.name, ""))
    response = client.get(url)
    PROBES[(route.is_api and "api") or "page"] += 1
    leaks = leaked(response_text(response), role, EXTRA_READERS.get(route.name))
    if RECORD:
        _record(route, role, response.status_code, leaks)
    problems = [f"{url} as {role} shows {leaks}"] if leaks else []
    expected = EXPECT.get(route.name, {}).get(role)
    if response.status_code >= 500 or (not RECORD and response.status_code != expected):
        problems.append(f"{url} as {role}: {response.status_code}, expected {expected}")
    return problems


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.key)
def test_url_as_every_role(world, route):
    """One URL as every role (one test per URL keeps the ~2 000 probes fast); known defects are strict."""
    assert RECORD or route.name in EXPECT, f"{route.name} ({route.pattern}) has no row in EXPECT"
    problems, known = [], []
    for role in _roles_for(route):
        found = probe(world, route, role)
        reason = KNOWN_DEFECTS.get((route.name, role))
        if reason and not found:
            problems.append(f"{route.name} as {role} no longer shows the known defect ({reason}): remove it")
        elif reason:
            known.append(f"{role}: {reason}")
        else:
            problems.extend(found)
    assert not problems, "\n".join(problems)
    if known:
        pytest.xfail("known defects: " + "; ".join(known))


# --- the Django admin: staff only; probed as one block per role ----------------------------------------
ADMIN_OBJECTS = ("item", "decision", "attachment", "matter", "proposal", "action", "agreement_attachment",
                 "transfer", "disruption", "need", "report", "meeting", "body")


def _admin_url(route, w):
    model = admin_model_of(route)
    kwargs = {}
    for param in route.params:
        if param in ("object_id", "object_pk", "pk"):
            obj = next((getattr(w, a) for a in ADMIN_OBJECTS if type(getattr(w, a)) is model), None)
            kwargs[param] = obj.pk if obj is not None else 0
        elif param == "app_label":
            kwargs[param] = "workgroups"
        elif param in ("content_type_id", "id", "user_id", "group_id"):
            kwargs[param] = 1
        elif param == "url":
            kwargs[param] = "no-such-page/"
        else:
            raise AssertionError(f"{route.name}: no value for the admin URL parameter {param}")
    return url_of(route, kwargs)


@pytest.mark.parametrize("role", SESSION_ROLES)
def test_admin_block(world, role):
    """Every admin URL: staff (the administrator) get a page or a redirect inside the admin, never a marker
    they may not read; everyone else is sent to the admin login (or reaches only login/logout/i18n)."""
    problems = []
    for route in ADMIN_ROUTES:
        url = _admin_url(route, world)
        response = client_for(world, role).get(url)
        PROBES["admin"] += 1
        leaks = leaked(response_text(response), role)
        if leaks:
            problems.append(f"{url} as {role} shows {leaks}")
        if response.status_code >= 500:
            problems.append(f"{url} as {role}: {response.status_code}")
        elif role != ADMIN and route.name not in ("admin:login", "admin:logout", "admin:jsi18n"):
            location = response.headers.get("Location", "")
            if response.status_code != 302 or "/admin/login/" not in location:
                problems.append(f"{url} as {role}: {response.status_code} {location}, expected the admin login")
    assert not problems, "\n".join(problems)


def test_every_url_is_classified():
    names = {route.name for route in ROUTES}
    assert not sorted(names - set(EXPECT)), "URL names without a row in EXPECT"
    assert not sorted(set(EXPECT) - names), "rows in EXPECT for URLs that no longer exist"
