"""Login throttling that stops guessing without letting anyone lock a real person out.

Three layers (docs/security.md, "Authentication"):

1. django-axes locks the pair *account + client address* after AXES_FAILURE_LIMIT failures for
   AXES_COOLOFF_TIME. The account is the e-mail normalised exactly as the login matches it
   (`normalise_login`: Unicode NFKC, surrounding space removed, case folded), so "A@x.fi ",
   "a@X.FI" and "a@x.fi" are one account. Because the address is part of the key, failures from
   another address never lock the real person out at their own.
2. The client address is the real one behind the reverse proxy: with TRUSTED_PROXY_COUNT = n the
   address is taken from X-Forwarded-For as the n-th proxy from us saw it (`client_ip`); a client
   cannot forge it by sending its own header. With 0 (the default) REMOTE_ADDR is used.
3. A per-account back-off, summed over every address: once an account has AXES_FAILURE_LIMIT
   failures in the cool-off window, each further attempt must wait 1, 2, 4 … seconds (at most
   LOGIN_BACKOFF_MAX_SECONDS) after the last failure. This slows a guesser spread over many
   addresses to a crawl, yet never locks: the real person waits a few seconds at most, and a
   browser that has logged in to the account before carries a signed "known device" cookie that
   skips the back-off altogether.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import math
import unicodedata

from django.conf import settings
from django.core import signing
from django.db.models import Max, Sum
from django.utils import timezone

KNOWN_DEVICE_COOKIE = "portal_known_device"
_KNOWN_DEVICE_SALT = "parties.login_throttle.known-device"
KNOWN_DEVICE_MAX_AGE = 180 * 24 * 3600


def normalise_login(value) -> str:
    """The account a login name means: what UsernameField and the case-insensitive e-mail match do."""
    return unicodedata.normalize("NFKC", str(value or "")).strip().casefold()


def axes_username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the normalised account, from the credentials or the login form."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field) or (credentials or {}).get("username")
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get(field)
    return normalise_login(value)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address, trusting exactly TRUSTED_PROXY_COUNT proxies.

    Each trusted proxy appends the address it received from to X-Forwarded-For; the entries to the
    left of those may be anything the client sent, so they are never read.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return _valid_ip(remote) or remote or None
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain = [*forwarded, remote]
    if len(chain) <= hops:
        # Fewer hops than configured: the request did not come through all the proxies.
        return _valid_ip(chain[0]) or remote or None
    return _valid_ip(chain[-(hops + 1)]) or remote or None


def _cooloff() -> dt.timedelta:
    return dt.timedelta(hours=settings.AXES_COOLOFF_TIME)


def backoff_seconds(username: str, *, now: dt.datetime | None = None) -> int:
    """Seconds the next attempt for this account must still wait (0 = go ahead)."""
    from axes.models import AccessAttempt

    now = now or timezone.now()
    limit = settings.AXES_FAILURE_LIMIT
    totals = AccessAttempt.objects.filter(username=username, attempt_time__gte=now - _cooloff()).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time"))
    failures = totals["failures"] or 0
    if failures < limit or totals["last"] is None:
        return 0
    delay = min(2 ** min(failures - limit, 16), settings.LOGIN_BACKOFF_MAX_SECONDS)
    remaining = (totals["last"] + dt.timedelta(seconds=delay) - now).total_seconds()
    return max(0, math.ceil(remaining))


def _device_mark(username: str) -> str:
    return hashlib.sha256(username.encode()).hexdigest()[:32]


def remember_device(response, username: str) -> None:
    """After a successful login: this browser is known for this account (signed, no address or name)."""
    value = signing.dumps(_device_mark(normalise_login(username)), salt=_KNOWN_DEVICE_SALT)
    response.set_cookie(KNOWN_DEVICE_COOKIE, value, max_age=KNOWN_DEVICE_MAX_AGE, httponly=True,
                        secure=settings.SESSION_COOKIE_SECURE, samesite="Lax")


def is_known_device(request, username: str) -> bool:
    value = request.COOKIES.get(KNOWN_DEVICE_COOKIE)
    if not value:
        return False
    try:
        mark = signing.loads(value, salt=_KNOWN_DEVICE_SALT, max_age=KNOWN_DEVICE_MAX_AGE)
    except signing.BadSignature:
        return False
    return mark == _device_mark(normalise_login(username))
