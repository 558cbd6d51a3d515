"""Token login: POST {"username","password"} -> {"token"}; throttled like the web login."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .api import ErrorSerializer
from .auth import clear_failures, client_address, is_locked_out, record_failure


class TokenLoginSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenLoginView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="Hämta API-token",
        request=TokenLoginSerializer,
        auth=[],
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
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
        username = serializer.validated_data["username"]
        address = client_address(request)
        if is_locked_out(username, address):
            return Response(
                {
                    "code": "throttled",
                    "detail": _("För många misslyckade inloggningsförsök. Försök igen senare."),
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        user = authenticate(
            request, username=username, password=serializer.validated_data["password"]
        )
        if user is None or not user.is_active:
            record_failure(username, address)
            return Response(
                {"code": "invalid_credentials", "detail": _("Fel användarnamn eller lösenord.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        clear_failures(username, address)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
