"""§ numbers under concurrent transactions: several secretaries record at the same moment."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection

from workgroups import services
from workgroups.models import AgendaItem, SectionCounter

from .conftest import meeting_at


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_adding_items_at_once_get_distinct_consecutive_sections(world, make_user):
    """Issue 11: § numbers are taken when an agenda is published and for items added to a published
    agenda. Two secretaries adding items to two published agendas at once still get distinct,
    consecutive numbers: only the row lock on the body's yearly counter keeps them apart."""
    w = world
    from parties import roles
    from tests.factories.workgroups import MembershipFactory

    second = make_user(roles.SECRETARY)
    MembershipFactory(body=w.body, user=second, role="deputy_secretary", voting=False)
    meetings = [meeting_at(w, dt.date(2026, 5, d), items=1) for d in (4, 5)]
    for m in meetings:
        services.agenda_publish(meeting=m, acting_user=w.secretary)  # § 1 and § 2
    jobs = [(w.secretary, meetings[0])] * 3 + [(second, meetings[1])] * 3
    # Make the first to take the counter hold it a moment, so the others really wait on the row lock.
    original = services._take_section_number
    barrier = threading.Barrier(len(jobs))
    errors = []

    def slow_take(body_id, year):
        number = original(body_id, year)
        threading.Event().wait(0.05)
        return number

    def add(user, meeting):
        try:
            barrier.wait(timeout=30)
            services.agenda_item_add(meeting=meeting, title="Samanaikainen", acting_user=user)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    services._take_section_number = slow_take
    try:
        threads = [threading.Thread(target=add, args=job) for job in jobs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        services._take_section_number = original
    assert not errors, errors
    numbers = sorted(AgendaItem.objects.filter(meeting__body=w.body).values_list("section_number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 8]
    assert SectionCounter.objects.get(body=w.body, year=2026).last_number == 8
