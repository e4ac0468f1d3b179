"""A database-wide data version: a token that changes after every committed write.

Why at the connection and not with model signals: signals miss `QuerySet.update()`,
`bulk_create()`, `bulk_update()` and raw SQL, which the apps use (imports, claims, the worker).
Every statement Django sends passes through the execute wrapper installed here, in the web
processes, the Celery worker and management commands alike, so every write is seen.

When the token changes: after the writing transaction commits (`on_commit`), so a reader never
sees the new token together with the old data. Changing it inside the transaction would hold a
row lock on the version row until commit and could deadlock two writers (each holding a data
row the other wants). The price is a window of well under a millisecond between the commit and
the new token in which a concurrent reader may still get the older cached panel; the writer's own
next page, and everyone's after that, see the write. A connection whose transaction has written
but not committed must not use caches at all (`has_uncommitted_writes`): it sees its own
uncommitted rows, which other processes do not.

Tables whose writes do not count are the ones written on every login, request or minute that no
cached view reads (sessions, the audit log, login throttling, TOTP counters, the worker's
heartbeat) and the version table itself.
"""

import re
import uuid

from django.db import DEFAULT_DB_ALIAS, connections

_IGNORED_TABLES = frozenset({
    "django_session",
    "auditlog_logentry",
    "base_workerheartbeat",
    "base_dataversion",
    # The log of API token uses: every API call writes it, and it changes no shown data.
    "parties_apitoken",
    "parties_apitokenuse",
})
_IGNORED_PREFIXES = ("axes_", "otp_")
# The table written by an INSERT/UPDATE/DELETE, quoted ("x") or not (x). Anything
# else (SELECT, DDL, SAVEPOINT …) is not a data write.
_WRITE = re.compile(r'(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]*)', re.IGNORECASE)
_ANY_WRITE = re.compile(r"\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "insert", "update", "delete", "truncate")


def is_tracked_write(sql: str) -> bool:
    stripped = sql.lstrip()
    if stripped[:4].upper() == "WITH":  # a data-modifying CTE: count it if it may write
        return _ANY_WRITE.search(stripped) is not None
    if not stripped.startswith(_WRITE_VERBS):
        return False
    if stripped[:8].upper() == "TRUNCATE":
        return True  # flush: one statement for many tables
    match = _WRITE.match(stripped)
    if match is None or not match.group(1):
        return True  # a write we cannot attribute to a table (WITH …, odd raw SQL): count it
    table = match.group(1).rsplit(".", 1)[-1].lower()
    return table not in _IGNORED_TABLES and not table.startswith(_IGNORED_PREFIXES)


def _bump_after_commit() -> None:
    """The on_commit callback (one function object, so that a transaction registers it once)."""
    bump()


def has_uncommitted_writes(using: str = DEFAULT_DB_ALIAS) -> bool:
    """True while the current transaction has written tracked rows and not yet committed.

    Django keeps the pending on_commit callbacks in `run_on_commit` (entries are
    (savepoint ids, callback, robust)) and drops them on rollback, so our callback being there
    is exactly "uncommitted tracked writes in this transaction".
    """
    return any(entry[1] is _bump_after_commit for entry in connections[using].run_on_commit)


def track_writes(execute, sql, params, many, context):
    """Execute wrapper: after a tracked write, change the version once the transaction commits."""
    result = execute(sql, params, many, context)
    if is_tracked_write(sql):
        connection = context["connection"]
        if connection.in_atomic_block:
            if not has_uncommitted_writes(connection.alias):
                connection.on_commit(_bump_after_commit)
        elif connection.get_autocommit():
            bump(connection.alias)  # the statement is already committed
        else:
            # Manual transaction management (set_autocommit(False)): on_commit is not available;
            # the new token then commits together with the data.
            bump(connection.alias)
    return result


def install(connection, **_kwargs) -> None:
    """connection_created receiver: wrap every statement of the connection (once per wrapper)."""
    if track_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(track_writes)


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Give the data version a new random token (random, not a counter: a flushed test
    database or a restored backup must never bring back a token that cache entries still use)."""
    from .models import DataVersion

    if not _table_exists(using):
        return
    token = uuid.uuid4()
    if not DataVersion.objects.using(using).filter(pk=1).update(token=token):
        DataVersion.objects.using(using).update_or_create(pk=1, defaults={"token": token})


_table_seen = False


def _table_exists(using: str) -> bool:
    """False only while `migrate` runs the migrations before ours (their writes happen before the
    table exists; post_migrate bumps the version afterwards anyway). Checked until first seen."""
    global _table_seen
    if not _table_seen:
        from .models import DataVersion

        _table_seen = DataVersion._meta.db_table in connections[using].introspection.table_names()
    return _table_seen


def current(using: str = DEFAULT_DB_ALIAS) -> str:
    """The committed token (one indexed query)."""
    from .models import DataVersion

    token = DataVersion.objects.using(using).filter(pk=1).values_list("token", flat=True).first()
    if token is None:  # a flushed database: start a new token
        token = DataVersion.objects.using(using).get_or_create(pk=1, defaults={"token": uuid.uuid4()})[0].token
    return token.hex


def bump_after_migrate(**_kwargs) -> None:
    """post_migrate receiver: a deploy (migrate) may change templates or translations, which a
    shared cache (Redis) would otherwise keep serving until its entries expire."""
    bump()


def person_key(user, name: str) -> str | None:
    """A cache key for something derived from `user`'s rows and the data version, or None when
    no cache may be used (anonymous, or this transaction has uncommitted writes).

    The token is read once per user object, i.e. once per request for request.user: the same
    lifetime Django gives its own per-user permission cache (_perm_cache).
    """
    if not user.is_authenticated or has_uncommitted_writes():
        return None
    # getattr/setattr, not __dict__: request.user is a lazy proxy of the user object.
    token = getattr(user, "_data_version_token", None)
    if token is None:
        token = current()
        user._data_version_token = token
    return f"{name}:{token}:{user.pk}"
