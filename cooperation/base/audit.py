"""Recording who did it: the acting person as the audit actor of the rows a service writes.

auditlog's middleware sets the actor for web requests, but services also run from tasks,
commands and the API with another acting user, so they set it themselves. auditlog's own
`set_actor()` never resets its context variable: nested inside the middleware's it leaves the
outer request's receiver connected for the life of the process (one leaked receiver per
request). `acting_as()` sets a fresh context with a token and restores the outer one.
"""

import contextlib
import time
from functools import partial

from auditlog import get_logentry_model
from auditlog.context import _set_extra_data, auditlog_value
from django.db.models.signals import pre_save


@contextlib.contextmanager
def acting_as(user):
    try:
        outer = auditlog_value.get()
    except LookupError:
        outer = {}
    duid = ("cooperation.base.audit", time.monotonic_ns())
    token = auditlog_value.set({"actor": user, "remote_addr": outer.get("remote_addr"),
                                "remote_port": outer.get("remote_port"), "signal_duid": duid})
    LogEntry = get_logentry_model()
    pre_save.connect(partial(_set_extra_data, signal_duid=duid), sender=LogEntry, dispatch_uid=duid, weak=False)
    try:
        yield
    finally:
        pre_save.disconnect(sender=LogEntry, dispatch_uid=duid)
        auditlog_value.reset(token)
