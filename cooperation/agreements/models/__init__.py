"""Models of the cooperation domain, one module per subject (agreements, programme …)."""

from .agreements import (
    Accession,
    Agreement,
    AgreementParty,
    AgreementState,
    Amendment,
    Attachment,
    Dispute,
    ReminderSent,
    Section,
    SectionChange,
    Signature,
    Withdrawal,
)
from .drafting import Approval, SectionComment
from .programme import CooperationArea, Indicator, Measure, Objective, Programme, ProgrammeVersion
from .register import AuthorityContext, ServiceAgreement

__all__ = [
    "Accession",
    "Agreement",
    "AgreementParty",
    "AgreementState",
    "Amendment",
    "Approval",
    "Attachment",
    "AuthorityContext",
    "CooperationArea",
    "Dispute",
    "Indicator",
    "Measure",
    "Objective",
    "Programme",
    "ProgrammeVersion",
    "ReminderSent",
    "Section",
    "SectionChange",
    "SectionComment",
    "ServiceAgreement",
    "Signature",
    "Withdrawal",
]
