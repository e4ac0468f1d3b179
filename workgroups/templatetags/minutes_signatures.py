"""The signature block of the minutes PDFs: the chair and the secretary (puheenjohtaja, pöytäkirjanpitäjä),
and "Pöytäkirja tarkastettu" with each minutes checker's name and the date of their approval."""

from __future__ import annotations

from django import template

from workgroups.models import Attendance, Meeting, Membership

register = template.Library()


def secretary_name(meeting: Meeting, attendances=None) -> str:
    """The secretary who kept the minutes: one present at the meeting, else the body's secretary that day."""
    rows = attendances if attendances is not None else meeting.attendances.select_related("membership__user")
    for a in rows:
        if a.membership.role in Membership.SECRETARY_ROLES and a.status != Attendance.Status.ABSENT:
            return a.person_name or a.membership.display_name
    secretaries = [m for m in meeting.body.memberships.on(meeting.date).select_related("user")
                   if m.role in Membership.SECRETARY_ROLES]
    secretaries.sort(key=lambda m: (m.role != Membership.Role.SECRETARY, m.display_name))
    return secretaries[0].display_name if secretaries else ""


def checker_rows(meeting: Meeting) -> list[dict]:
    """Each checker with the date of their valid approval (None: not yet approved)."""
    approvals = {a.membership_id: a for a in meeting.approvals.all()
                 if a.voided_at is None and a.role == "checker"}
    by_user = {a.user_id: a for a in approvals.values() if a.user_id}
    rows = []
    for checker in sorted(meeting.minutes_checkers.all(), key=lambda m: m.display_name):
        approval = approvals.get(checker.pk) or (by_user.get(checker.user_id) if checker.user_id else None)
        rows.append({"name": checker.display_name, "approved_at": approval.approved_at if approval else None})
    return rows


@register.inclusion_tag("pdf/workgroups/_signatures.html")
def minutes_signatures(meeting: Meeting, attendances=None):
    return {"meeting": meeting, "chair_name": meeting.chair.display_name if meeting.chair_id else "",
            "secretary_name": secretary_name(meeting, attendances), "checkers": checker_rows(meeting)}
