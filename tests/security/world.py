"""One world for the security batteries: a person in every role and a NON-PUBLIC object of every kind,
each carrying a unique MARKER string in its title/text/file, so a probe can tell whether a response
leaked it. Built once per test module (see conftest.py), inside a transaction that is rolled back."""

import datetime as dt
import hashlib
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.authtoken.models import Token

from cooperation.agreements.models import Attachment as AgreementAttachment
from monitoring import services as monitoring_services
from monitoring.catalogue import sync_metrics
from monitoring.models import ImportBatch, ReferenceArea, ReportRequest
from parties import roles
from procurement.apps import sync_groups
from procurement.models import CoordinationProposal
from tests.factories.cooperation import (
    AgreementFactory,
    AgreementPartyFactory,
    DisputeFactory,
    MeasureFactory,
    SignatureFactory,
)
from tests.factories.monitoring import ObservationFactory, TargetFactory
from tests.factories.parties import EmploymentAreaFactory, PartyFactory, StateAgencyFactory, UserFactory
from tests.factories.procurement import (
    DisruptionFactory,
    NeedFactory,
    ProcurementFactory,
    StaffTransferFactory,
    TransferPlanFactory,
)
from tests.factories.workgroups import ActionItemFactory, BodyFactory, MatterFactory, MembershipFactory
from tests.workgroups.conftest import build_world, meeting_at, published_meeting
from workgroups.models import Attachment, CalendarToken, Decision, Membership, Proposal
from workgroups.services import proposal_submit

# One marker per kind of non-public thing; a response may contain a marker only for a role listed in
# MARKER_READERS (below).
M_ITEM = "MRKxITEMx91"          # non-public agenda item's title
M_DECISION = "MRKxDECx92"       # its decision's text
M_ATTACH = "MRKxATTx93"         # its non-public attachment (title and file content)
M_MATTER = "MRKxMATx94"         # a non-public matter
M_PROPOSAL = "MRKxPROPx95"      # a non-public proposal of the working group
M_ACTION = "MRKxACTx96"         # an action item following up the non-public decision
M_AGR_ATT = "MRKxAGRATTx97"     # an agreement's non-public attachment (title and file)
M_TRANSFER = "MRKxNAMEx98"      # the name of a transferred official
M_DISRUPTION = "MRKxDISx99"     # another party's disruption report
M_NEED = "MRKxNEEDx90"          # another party's procurement need
MARKERS = (M_ITEM, M_DECISION, M_ATTACH, M_MATTER, M_PROPOSAL, M_ACTION, M_AGR_ATT, M_TRANSFER, M_DISRUPTION,
           M_NEED)

ANON, NO_ROLE, OFFICIAL_OTHER, MEMBER_OTHER, WG_MEMBER, STEERING, SECRETARY_OTHER, SECRETARY, HR, ADMIN = (
    "anonymous", "no_role", "official_other_party", "member_other_body", "workgroup_member", "steering_member",
    "secretary_other_body", "secretary", "hr_officer", "admin")
TOKEN_OFFICIAL, TOKEN_ADMIN = "token_official", "token_admin"
SESSION_ROLES = (ANON, NO_ROLE, OFFICIAL_OTHER, MEMBER_OTHER, WG_MEMBER, STEERING, SECRETARY_OTHER, SECRETARY, HR,
                 ADMIN)
TOKEN_ROLES = (TOKEN_OFFICIAL, TOKEN_ADMIN)

_BODY_A = {STEERING, SECRETARY, ADMIN}
# Who may read each marker (the permission table in docs/permissions.md, written out for this world).
MARKER_READERS = {
    M_ITEM: _BODY_A,
    M_DECISION: _BODY_A,
    M_ATTACH: _BODY_A,
    M_MATTER: _BODY_A,
    M_PROPOSAL: _BODY_A | {WG_MEMBER},
    M_ACTION: _BODY_A,
    M_AGR_ATT: {ADMIN},
    M_TRANSFER: {HR},            # the HR officer of the receiving municipality
    M_DISRUPTION: {ADMIN},       # coordinators and the reporting party's own people
    M_NEED: {ADMIN},
}
for _m in MARKERS:  # an administrator's token reads what the administrator reads (until tokens need a 2nd factor)
    if ADMIN in MARKER_READERS[_m]:
        MARKER_READERS[_m] = MARKER_READERS[_m] | {TOKEN_ADMIN}


def _user(*role_names, **kwargs):
    if any(r in role_names for r in (roles.PORTAL_ADMIN, roles.SECRETARY)):
        kwargs.setdefault("totp", True)
    if roles.PORTAL_ADMIN in role_names:
        kwargs.setdefault("is_staff", True)
    return UserFactory(roles=list(role_names), **kwargs)


def build() -> SimpleNamespace:
    roles.sync_roles()
    sync_groups()
    sync_metrics()
    w = build_world(_user)   # body A ("Ohjausryhmä") with its secretary and members, working group, other body
    R = Membership.Role
    u = {ANON: None}
    u[NO_ROLE] = _user()
    u[OFFICIAL_OTHER] = _user(roles.OFFICIAL)
    u[MEMBER_OTHER] = w.other_member
    u[WG_MEMBER] = w.wg_member
    u[STEERING] = w.member1
    u[SECRETARY] = w.secretary
    u[SECRETARY_OTHER] = _user(roles.SECRETARY)
    MembershipFactory(body=w.other_body, user=u[SECRETARY_OTHER], role=R.SECRETARY, voting=False)
    receiving = PartyFactory()
    u[HR] = _user(party=receiving)
    u[HR].groups.add(Group.objects.get(name="hr_officer"))
    u[ADMIN] = _user(roles.PORTAL_ADMIN)
    u[TOKEN_OFFICIAL] = u[OFFICIAL_OTHER]
    u[TOKEN_ADMIN] = u[ADMIN]
    w.users = u
    w.tokens = {role: Token.objects.get_or_create(user=u[role])[0].key for role in TOKEN_ROLES}
    w.calendar = {role: CalendarToken.for_user(user).token for role, user in u.items() if user is not None}

    # Body A's minutes published: item 1 public, item 2 non-public (with decision, attachment, matter).
    w.meeting = published_meeting(w, items=2, publicity=["public", "not_public"])
    w.public_item, w.item = list(w.meeting.items.order_by("order"))
    w.matter = MatterFactory(body=w.body, title=f"Salainen asia {M_MATTER}", publicity="not_public",
                             secrecy_ground="JulkL 24 § 1 mom. 20 k")
    type(w.item).objects.filter(pk=w.item.pk).update(title=f"Salainen kohta {M_ITEM}", matter=w.matter)
    w.decision = Decision.objects.get(agenda_item=w.item)
    Decision.objects.filter(pk=w.decision.pk).update(text=f"Päätös {M_DECISION}")
    w.public_decision = Decision.objects.get(agenda_item=w.public_item)
    w.attachment = Attachment(agenda_item=w.item, title=f"Liite {M_ATTACH}", publicity="not_public",
                              secrecy_ground="JulkL 24 § 1 mom. 20 k", content_type="text/plain", size=20,
                              uploaded_by=w.secretary)
    w.attachment.file.save("liite.txt", ContentFile(f"sisältö {M_ATTACH}".encode()), save=True)
    w.action = ActionItemFactory(body=w.body, decision=w.decision, title=f"Jatkotoimi {M_ACTION}", owner=w.chair)
    w.proposal = proposal_submit(to_body=w.body, title=f"Ehdotus {M_PROPOSAL}", proposal_text=M_PROPOSAL,
                                 acting_user=w.wg_member, from_body=w.group, publicity="not_public",
                                 secrecy_ground="JulkL 24 § 1 mom. 20 k")
    w.proposal = Proposal.objects.get(pk=w.proposal.pk)
    w.planned_meeting = meeting_at(w, day=dt.date(2026, 4, 14), items=1)

    # An agreement of one party only, with a non-public attachment.
    party_x = PartyFactory()
    w.agreement = AgreementFactory()
    AgreementPartyFactory(agreement=w.agreement, party=party_x, order=0)
    SignatureFactory(agreement=w.agreement, party=party_x)
    w.agreement_attachment = AgreementAttachment(agreement=w.agreement, number=1, title_fi=f"Liite {M_AGR_ATT}",
                                                 publicity="not_public", secrecy_ground="JulkL 24 § 1 mom. 20 k")
    w.agreement_attachment.file.save("liite.txt", ContentFile(f"sisältö {M_AGR_ATT}".encode()), save=True)

    # Procurement: party X's need and disruption report, a transfer to the HR officer's municipality.
    w.need = NeedFactory(party=party_x, title=f"Tarve {M_NEED}", justification=M_NEED)
    w.procurement = ProcurementFactory(lead_party=party_x)
    w.disruption = DisruptionFactory(reporting_party=party_x, title=f"Häiriö {M_DISRUPTION}",
                                     description=M_DISRUPTION, contract__procurement=w.procurement)
    w.plan = TransferPlanFactory(sending_party=StateAgencyFactory())
    w.transfer = StaffTransferFactory(plan=w.plan, official_name=f"Virkamies {M_TRANSFER}", to_municipality=receiving)

    # Monitoring: a target and the monthly report, rendered (its PDF must not leak either).
    w.target = TargetFactory()
    w.metric = w.target.metric
    # Both decisions aim to move the metric: the non-public one's title (M_ITEM) must show on the metric
    # page, the decision pages and the API only to those who see the decision, and never in the report.
    region = ReferenceArea.objects.get(code="MK07")
    for decision in (w.decision, w.public_decision):
        monitoring_services.decision_links_save(decision=decision, acting_user=w.secretary, links=[
            monitoring_services.LinkSpec(metric=w.metric, area=region, direction="down")])
    today = timezone.localdate()
    w.report = monitoring_services.report_request(month=(today.replace(day=1) - dt.timedelta(days=1)),
                                                  enqueue=False)
    monitoring_services.render_report(w.report.pk)
    w.report = ReportRequest.objects.get(pk=w.report.pk)
    w.observation = ObservationFactory(metric=w.metric)
    w.batch = ImportBatch.objects.create(format=ImportBatch.Format.CSV, file_name="havainnot.csv", content=_CSV,
                                         sha256=hashlib.sha256(_CSV).hexdigest(), created_by=u[ADMIN])

    # Agreement-side odds and ends the URL patterns need.
    w.party_x = party_x
    w.area = EmploymentAreaFactory(responsible_municipality=party_x)
    w.dispute = DisputeFactory(agreement=w.agreement, invited_by=party_x, invited_party=PartyFactory())
    w.measure = MeasureFactory()
    w.programme = w.measure.version.programme
    w.coordination = CoordinationProposal.objects.create(title="Yhdistetty hankinta", summary="Yhdistetään.",
                                                         created_by=u[ADMIN])
    w.coordination.needs.add(w.need)
    w.unused_body = BodyFactory()
    return w


_CSV = b"area_code,month,metric,value,status,source\n398,2025-10,TYOTOSUUS,16.6,,StatFin 12r5\n"

