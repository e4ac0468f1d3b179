"""iCalendar feeds of meetings (the icalendar package)."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Body, member_body_q


def meetings_calendar(meetings, *, user) -> bytes:
    """`meetings` come filtered by MeetingQuerySet.visible_to(user); the remote link is for full readers."""
    full_body_ids = set(Body.objects.filter(member_body_q(user, "pk")).values_list("pk", flat=True))
    cal = Calendar()
    cal.add("prodid", "-//Päijät-Häme employment cooperation portal//workgroups//FI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Työllisyysyhteistyön kokoukset")
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, with_remote_link=meeting.body_id in full_body_ids))
    return cal.to_ical()


def meeting_event(meeting, *, with_remote_link: bool) -> Event:
    """One meeting as a VEVENT; the remote link only for those who read the body's documents in full."""
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@tyollisyysportaali")
    event.add("summary", meeting.title or str(meeting.body))
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2))
    event.add("dtstamp", timezone.now())
    if meeting.location:
        event.add("location", meeting.location)
    url = settings.PORTAL_BASE_URL + reverse("workgroups:meeting-detail", args=[meeting.pk])
    event.add("url", url)
    description = f"{meeting.body}\n{url}"
    if meeting.remote_link and with_remote_link:
        description += f"\n{meeting.remote_link}"
    event.add("description", description)
    event.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
    return event


def invitation_calendar(meeting) -> bytes:
    """The .ics attached to a meeting invitation (sent to the body's members, who may see the remote link)."""
    cal = Calendar()
    cal.add("prodid", "-//Päijät-Häme employment cooperation portal//workgroups//FI")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add_component(meeting_event(meeting, with_remote_link=True))
    return cal.to_ical()
