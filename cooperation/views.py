from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from parties.models import Party
from parties.roles import role_label

from .base.models import WorkerHeartbeat
from .base.panel_cache import panels_for
from .celery import app as celery_app


def home(request: HttpRequest):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "cooperation/home.html")


@login_required
def dashboard(request: HttpRequest):
    user = request.user
    context = {
        "roles": sorted(role_label(role) for role in user.roles),
        "panels": panels_for(request),
        "today": timezone.localdate(),
    }
    return render(request, "cooperation/dashboard.html", context)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "down" for the probe
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _broker_state() -> str:
    try:
        # The URL is read from settings on each probe (not cached by Celery's config), so an
        # operator's change and the tests' override are both what gets probed.
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception as exc:  # broker unreachable, refused, timed out …
        return f"error: {exc.__class__.__name__}"
    return "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database_state()
    broker = _broker_state()
    last_heartbeat = None
    if database == "ok":
        beat = WorkerHeartbeat.objects.order_by("-created").values_list("created", flat=True).first()
        last_heartbeat = beat.isoformat() if beat else None
    healthy = database == "ok" and broker == "ok"
    state = {"status": "ok" if healthy else "error", "database": database, "broker": broker,
             "last_worker_heartbeat": last_heartbeat}
    if request.user.is_authenticated and request.user.is_staff:
        # Which broker runs is a detail of the deployment: for the operators, not for anyone on the net.
        state["broker_transport"] = settings.CELERY_BROKER_URL.split("://", 1)[0]
    return JsonResponse(state, status=200 if healthy else 503)


def party_count_for_home() -> int:
    return Party.objects.active_on(timezone.localdate()).count()


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
