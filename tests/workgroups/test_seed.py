import datetime as dt

import pytest
from django.core.management import call_command

from workgroups import seed
from workgroups.models import Body, BodyTask, Decision, Meeting, Membership


@pytest.mark.django_db
def test_seed_bodies_from_the_documents_and_is_idempotent():
    bodies = seed.seed_bodies()
    pilot = bodies[seed.PILOT_GROUP]
    assert pilot.kind == Body.Kind.FOLLOW_UP_GROUP
    term = pilot.terms.get()
    assert (term.start, term.end) == (dt.date(2020, 9, 14), dt.date(2023, 6, 30))
    # The agreement's 3.2 list is seeded as written, in order.
    tasks = list(pilot.tasks.values_list("text", flat=True))
    assert tasks[0].startswith("sovittaa yhteen ja seuraa alueen työllisyyden")
    assert tasks[-1].startswith("sovittaa yhteen työnantaja- ja yrityspalveluiden")
    assert len(tasks) == len(seed.PILOT_TASKS)
    roles = set(pilot.memberships.filter(party__name_fi="Hämeen TE-toimisto").values_list("role", flat=True))
    assert {Membership.Role.CHAIR, Membership.Role.SECRETARY, Membership.Role.EXPERT} <= roles
    groups = Body.objects.filter(parent=pilot)
    assert sorted(groups.values_list("name_fi", flat=True)) == sorted(n for n, _sv, _m in seed.PILOT_WORKING_GROUPS)
    assert groups.get(name_fi="Hankintaryhmä").mandate.startswith("Kokoaa palveluhankintoihin")
    steering = bodies[seed.STEERING_GROUP]
    assert steering.kind == Body.Kind.STEERING_GROUP and steering.parent is None and steering.active

    counts = (Body.objects.count(), BodyTask.objects.count(), Membership.objects.count())
    seed.seed_bodies()
    assert (Body.objects.count(), BodyTask.objects.count(), Membership.objects.count()) == counts


@pytest.mark.django_db
def test_demo_seed_is_idempotent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Meeting.objects.count(), Decision.objects.count(), Membership.objects.count())
    assert counts[1] == 5  # 3 in the meeting three weeks back, 2 half a year back (followed on metrics)
    assert Meeting.objects.filter(status=Meeting.Status.PUBLISHED).count() == 2
    from monitoring.models import DecisionMetricLink

    linked = DecisionMetricLink.objects.open_data().values("decision").distinct().count()  # visibility: counting
    assert linked >= 2  # published public decisions of the steering group linked to metrics (issue 13)
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Meeting.objects.count(), Decision.objects.count(), Membership.objects.count()) == counts
    assert DecisionMetricLink.objects.open_data().values("decision").distinct().count() == linked  # visibility: test
