"""Writes of meetings, split by area. Each is one transaction with its audit record
(convention 1). Other apps and the tests import the public names from here."""

from .agenda import (
    add_standing_items,
    agenda_add_ready_cases,
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_recipients,
    agenda_send,
)
from .calendar_tokens import calendar_token_for, calendar_token_renew
from .common import group_rule, require_convener, require_runs
from .company import company_meeting_record
from .meetings import (
    attendance_record,
    meeting_cancel,
    meeting_mark_held,
    meeting_plan,
    meeting_update,
)
from .minutes import (
    minute_item_add,
    minute_item_update,
    minutes_approve,
    minutes_set_adjuster,
    next_minute_number,
    route_decision_to_case,
)
from .status_reports import (
    expected_reporters,
    is_status_report_item,
    missing_reporters,
    requires_status_reports,
    status_report_submit,
)

__all__ = [
    "add_standing_items",
    "agenda_add_ready_cases",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_recipients",
    "agenda_send",
    "attendance_record",
    "calendar_token_for",
    "calendar_token_renew",
    "company_meeting_record",
    "expected_reporters",
    "group_rule",
    "is_status_report_item",
    "meeting_cancel",
    "meeting_mark_held",
    "meeting_plan",
    "meeting_update",
    "minute_item_add",
    "minute_item_update",
    "minutes_approve",
    "minutes_set_adjuster",
    "missing_reporters",
    "next_minute_number",
    "require_convener",
    "require_runs",
    "requires_status_reports",
    "route_decision_to_case",
    "status_report_submit",
]
