"""Every write of the follow-up (convention 1): keyword-only, one transaction with its audit
record. ``instruments`` and ``rounds``: the self-assessment (G30); ``panels`` and ``surveys``:
citizen panels (G31)."""

from .comparisons import comparison_delete, comparison_import
from .instruments import instrument_load
from .panels import (
    member_consent,
    member_erase,
    member_export,
    member_unsubscribe,
    members_invite,
    panel_create,
    panel_update,
    purge_panel_data,
)
from .reminders import assignments_remind
from .rounds import (
    answers_save,
    assignment_add,
    assignment_remove,
    round_compile,
    round_open,
    round_send,
)
from .surveys import (
    LinkNotUsable,
    question_add,
    question_remove,
    survey_close,
    survey_create,
    survey_respond,
    survey_send,
    survey_update,
)

__all__ = [
    "LinkNotUsable",
    "answers_save",
    "assignment_add",
    "assignment_remove",
    "assignments_remind",
    "comparison_delete",
    "comparison_import",
    "instrument_load",
    "member_consent",
    "member_erase",
    "member_export",
    "member_unsubscribe",
    "members_invite",
    "panel_create",
    "panel_update",
    "purge_panel_data",
    "question_add",
    "question_remove",
    "round_compile",
    "round_open",
    "round_send",
    "survey_close",
    "survey_create",
    "survey_respond",
    "survey_send",
    "survey_update",
]
