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
from .programme import CooperationArea, Indicator, Measure, Objective, Programme, ProgrammeVersion

__all__ = [
    "Accession", "Agreement", "AgreementParty", "AgreementState", "Amendment", "Attachment", "CooperationArea",
    "Dispute", "Indicator", "Measure", "Objective", "Programme", "ProgrammeVersion", "ReminderSent", "Section",
    "SectionChange", "Signature", "Withdrawal",
]
