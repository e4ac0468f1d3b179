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

__all__ = [
    "Accession",
    "Agreement",
    "AgreementParty",
    "AgreementState",
    "Amendment",
    "Approval",
    "Attachment",
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
    "Signature",
    "Withdrawal",
]
