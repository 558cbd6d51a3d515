"""The yearly follow-up (G30, G31): self-assessment instruments and rounds, citizen panels and
their surveys. One module per half: ``assessment`` (G30) and ``panels`` (G31)."""

from .assessment import (
    Answer,
    Area,
    AssessmentRound,
    Assignment,
    Comparison,
    Indicator,
    Instrument,
    Scale,
    ScaleLevel,
)
from .panels import (
    Invitation,
    MemberKey,
    Panel,
    PanelMember,
    Question,
    QuestionOption,
    Response,
    ResponseIdentity,
    Survey,
    SurveyAnswer,
)

__all__ = [
    "Answer",
    "Area",
    "AssessmentRound",
    "Assignment",
    "Comparison",
    "Indicator",
    "Instrument",
    "Invitation",
    "MemberKey",
    "Panel",
    "PanelMember",
    "Question",
    "QuestionOption",
    "Response",
    "ResponseIdentity",
    "Scale",
    "ScaleLevel",
    "Survey",
    "SurveyAnswer",
]
