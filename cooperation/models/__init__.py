"""Models of the cooperation core, one module per subject (agreements, programme …)."""

from .agreements import (
    Accession,
    Agreement,
    AgreementGroupObjectPermission,
    AgreementParty,
    AgreementState,
    AgreementUserObjectPermission,
    Amendment,
    Attachment,
    Dispute,
    ReminderSent,
    Section,
    SectionChange,
    Signature,
    Withdrawal,
)
from .core import DataVersion, WorkerHeartbeat
from .programme import CooperationArea, Indicator, Measure, Objective, Programme, ProgrammeVersion

__all__ = [
    "Accession", "Agreement", "AgreementGroupObjectPermission", "AgreementParty", "AgreementState",
    "AgreementUserObjectPermission", "Amendment", "Attachment", "CooperationArea", "DataVersion", "Dispute",
    "Indicator", "Measure", "Objective", "Programme", "ProgrammeVersion", "ReminderSent", "Section", "SectionChange",
    "Signature", "Withdrawal", "WorkerHeartbeat",
]
