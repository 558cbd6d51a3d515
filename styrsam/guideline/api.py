from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from styrsam.core.access import require_perm

from .policy import get_policy


class PolicyView(APIView):
    """The active policy as JSON (the guideline as data)."""

    @extend_schema(summary="Gällande policy", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        require_perm(request.user, "guideline.view_policy")
        policy = get_policy()
        return Response({"version": policy.version, "policy": policy.data})
