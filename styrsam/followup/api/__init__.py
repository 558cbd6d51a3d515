"""REST API of the follow-up (/api/v1/): the self-assessment (G30) and citizen panels (G31)."""

from .instruments import ComparisonViewSet, InstrumentViewSet
from .panels import MemberViewSet, PanelViewSet
from .rounds import RoundViewSet
from .surveys import SurveyViewSet

__all__ = [
    "ComparisonViewSet",
    "InstrumentViewSet",
    "MemberViewSet",
    "PanelViewSet",
    "RoundViewSet",
    "SurveyViewSet",
]
