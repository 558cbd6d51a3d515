"""API tokens: ``POST /api/v1/auth/token/`` {"username","password"} → a new token that expires
(``API_TOKEN_TTL_DAYS``); ``POST /api/v1/auth/token/revoke/`` ends the token of the request.
Password checks are throttled like the web login (styrsam.core.auth, django-axes)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .api import ErrorSerializer
from .auth import is_locked_out, lockout_message, throttled_authenticate
from .tokens import token_issue, token_revoke


class TokenLoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=4096, style={"input_type": "password"}, trim_whitespace=False
    )


TokenResponse = inline_serializer(
    "TokenResponse",
    {"token": serializers.CharField(), "expires": serializers.DateTimeField()},
)


class TokenLoginView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="Hämta en ny API-token (ersätter den tidigare)",
        request=TokenLoginSerializer,
        auth=[],
        responses={
            200: TokenResponse,
            400: OpenApiResponse(
                ErrorSerializer,
                description="Fel användarnamn eller lösenord (invalid_credentials).",
            ),
            429: OpenApiResponse(
                ErrorSerializer, description="För många misslyckade försök (throttled)."
            ),
        },
    )
    def post(self, request):
        serializer = TokenLoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        django_request = request._request  # axes marks a lockout on Django's request
        user = throttled_authenticate(
            django_request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None and is_locked_out(django_request):
            return Response(
                {"code": "throttled", "detail": lockout_message()},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None or not user.is_active:
            return Response(
                {"code": "invalid_credentials", "detail": _("Fel användarnamn eller lösenord.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token = token_issue(actor=user, user=user)
        return Response({"token": token.key, "expires": token.expires})


class TokenRevokeView(APIView):
    """Ends the token the request carries (or every token of a session user)."""

    @extend_schema(
        summary="Återkalla din API-token",
        request=None,
        responses={204: None, 401: ErrorSerializer},
    )
    def post(self, request):
        token_revoke(actor=request.user, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
