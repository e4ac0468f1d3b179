"""Dashboard panels: the person's next meetings and their open action items (constant queries)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.base.dashboard import Panel

from .models import ActionItem, Meeting, member_body_q


def meetings_panel(request):
    user = request.user
    upcoming = list(  # the person's own bodies' meetings
        Meeting.objects.visible_to(user).filter(member_body_q(user), starts_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED).select_related("body").order_by("starts_at")[:5]
    )
    recent = list(
        Meeting.objects.visible_to(user).filter(status=Meeting.Status.PUBLISHED)
        .select_related("body").order_by("-starts_at")[:5]
    )
    if not upcoming and not recent:
        return None
    # The first upcoming meeting leaves "upcoming" when it starts: the cached panel ends then.
    return Panel(_("Meetings"), "workgroups/panels/meetings.html", {"upcoming": upcoming, "recent": recent}, order=20,
                 valid_until=upcoming[0].starts_at if upcoming else None)


def action_items_panel(request):
    user = request.user
    items = list(
        ActionItem.objects.visible_to(user).open().filter(Q(owner=user) | member_body_q(user, "owner_body"))
        .select_related("body").order_by("due_date")[:10]
    )
    if not items:
        return None
    return Panel(_("Your open action items"), "workgroups/panels/action_items.html",
                 {"items": items, "today": timezone.localdate()}, order=30)
