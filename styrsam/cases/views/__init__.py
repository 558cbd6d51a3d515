"""Pages of cases and decisions (G03, G13, G14, G21, G23, G27, G29).

The lists (my cases, open cases, the register of decisions, the inbox) are declared in
``lists.py``; the modules here hold the pages that show or change one object:
``case`` (report, the case page and its actions), ``consultation``, ``decision`` and
``inbox`` (marking a message read). Writes run through services with ``form_action`` /
``button_action``."""

from ..lists import DecisionList, InboxList, MyCaseList, OpenCaseList
from .case import (
    case_decide,
    case_detail,
    case_forward,
    case_report,
    consultation_open,
    step_attachment,
    step_complete,
    step_needed,
)
from .consultation import consultation_close, consultation_detail
from .decision import decision_detail
from .inbox import notification_read

case_mine = MyCaseList.page_view()
case_mine_export = MyCaseList.export_view()
case_open = OpenCaseList.page_view()
case_open_export = OpenCaseList.export_view()
decision_list = DecisionList.page_view()
decision_export = DecisionList.export_view()
inbox = InboxList.page_view()

__all__ = [
    "case_decide",
    "case_detail",
    "case_forward",
    "case_mine",
    "case_mine_export",
    "case_open",
    "case_open_export",
    "case_report",
    "consultation_close",
    "consultation_detail",
    "consultation_open",
    "decision_detail",
    "decision_export",
    "decision_list",
    "inbox",
    "notification_read",
    "step_attachment",
    "step_complete",
    "step_needed",
]
