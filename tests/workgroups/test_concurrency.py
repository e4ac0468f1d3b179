"""§ numbers under concurrent transactions: several secretaries record at the same moment."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection

from workgroups import services
from workgroups.models import Decision, SectionCounter

from .conftest import all_present, meeting_at


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_recording_at_once_get_distinct_consecutive_sections(world, make_user):
    w = world
    from parties import roles
    from tests.factories.workgroups import MembershipFactory

    second = make_user(roles.SECRETARY)
    MembershipFactory(body=w.body, user=second, role="deputy_secretary", voting=False)
    meetings = [meeting_at(w, dt.date(2026, 5, d), items=3) for d in (4, 5)]
    for m in meetings:
        all_present(w, m)
    # The counter row exists already (as after the year's first decision), so only the row lock
    # (not the unique index on its creation) can keep the transactions apart.
    SectionCounter.objects.create(body=w.body, year=2026)
    jobs = [(w.secretary, item) for item in meetings[0].items.all()] + \
           [(second, item) for item in meetings[1].items.all()]
    # Make the first to take the counter hold it a moment, so the others really wait on the row lock.
    original = services._take_section_number
    barrier = threading.Barrier(len(jobs))
    errors = []

    def slow_take(body_id, year):
        number = original(body_id, year)
        threading.Event().wait(0.05)
        return number

    def record(user, item):
        try:
            barrier.wait(timeout=30)
            services.decision_record(item=item, resolution="approved", text="Samanaikainen", acting_user=user)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    services._take_section_number = slow_take
    try:
        threads = [threading.Thread(target=record, args=job) for job in jobs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        services._take_section_number = original
    assert not errors, errors
    numbers = sorted(Decision.objects.filter(body=w.body).values_list("section_number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert SectionCounter.objects.get(body=w.body, year=2026).last_number == 6
