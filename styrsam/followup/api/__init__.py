"""REST API of the follow-up (/api/v1/): the self-assessment (G30) and citizen panels (G31)."""

from .assessment import ComparisonViewSet, InstrumentViewSet, RoundViewSet
from .panels import MemberViewSet, PanelViewSet, SurveyViewSet

__all__ = [
    "ComparisonViewSet",
    "InstrumentViewSet",
    "MemberViewSet",
    "PanelViewSet",
    "RoundViewSet",
    "SurveyViewSet",
]
