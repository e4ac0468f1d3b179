from auditlog import get_logentry_model
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db.models.signals import pre_save

from cooperation.base.audit import acting_as
from tests.factories.parties import PartyFactory


def _receivers() -> int:
    return len(pre_save._live_receivers(get_logentry_model())[0])


def test_service_writes_record_the_acting_person(official, admin_user):
    with acting_as(official):
        party = PartyFactory()
    assert LogEntry.objects.get_for_object(party).get().actor == official


def test_nested_inside_the_request_context_it_restores_it_and_leaks_nothing(official, admin_user):
    before = _receivers()
    with set_actor(admin_user):  # what the middleware does around a request
        with acting_as(official):
            inner = PartyFactory()
        outer = PartyFactory()
    assert LogEntry.objects.get_for_object(inner).get().actor == official
    assert LogEntry.objects.get_for_object(outer).get().actor == admin_user
    assert _receivers() == before
