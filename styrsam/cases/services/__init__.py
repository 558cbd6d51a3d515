"""Writes of cases, split by area. Each is one transaction with its audit record (convention 1)."""

from .consultations import (
    closing_state,
    consultation_close,
    consultation_open,
    consultation_respond,
    consultations_close_due,
)
from .decisions import case_decide, decision_correct
from .forwarding import case_forward
from .notifications import notification_mark_read, notify
from .numbering import next_registration_number
from .report import case_report, reportable_case_types
from .steps import case_complete_step, case_mark_step_needed

__all__ = [
    "case_complete_step",
    "case_decide",
    "case_forward",
    "case_mark_step_needed",
    "case_report",
    "closing_state",
    "consultation_close",
    "consultations_close_due",
    "consultation_open",
    "consultation_respond",
    "decision_correct",
    "next_registration_number",
    "notification_mark_read",
    "notify",
    "reportable_case_types",
]
