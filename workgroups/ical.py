"""iCalendar feeds of meetings (the icalendar package)."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event


def meetings_calendar(meetings, *, user) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Päijät-Häme employment cooperation portal//workgroups//FI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Työllisyysyhteistyön kokoukset")
    for meeting in meetings:
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
        if meeting.remote_link and meeting.body.is_readable_in_full_by(user):
            description += f"\n{meeting.remote_link}"
        event.add("description", description)
        event.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
