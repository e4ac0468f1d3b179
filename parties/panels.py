from django.db.models import Prefetch
from django.utils.translation import gettext as _

from cooperation.base.dashboard import Panel

from .models import ContactPerson, EmploymentAreaMembership, Party


def my_party_panel(request):
    """The person's own organisation, its employment authority and contacts."""
    party_id = request.user.party_id
    if party_id is None:
        return Panel(_("Your organisation"), "parties/panels/my_party.html", {"party": None}, order=10)
    party = (
        Party.objects.select_related("employment_authority")
        .prefetch_related(
            Prefetch("area_memberships", queryset=EmploymentAreaMembership.objects.select_related(
                "area__employment_authority")),
            Prefetch("contacts", queryset=ContactPerson.objects.order_by("name")),
        )
        .get(pk=party_id)
    )
    authorities = []
    if hasattr(party, "employment_authority"):
        authorities.append(party.employment_authority)
    authorities += [m.area.employment_authority for m in party.area_memberships.all()
                    if hasattr(m.area, "employment_authority")]
    return Panel(_("Your organisation"), "parties/panels/my_party.html",
                 {"party": party, "authorities": authorities}, order=10)
