"""What the benchmark measures, found rather than listed: every page and API list without
parameters in the URL resolver (a new one is measured without changing this module), one
detail page per kind (the first link to it on the list pages) and the three personas, chosen
by the policy's capabilities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)
from django.utils import timezone

from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import Membership, RoleAssignment

from .data import PREFIX

# Not pages to measure: sign-in and -out, the language switch, the admin, the API's schema and
# docs, operations endpoints, single sign-on.
SKIP_PREFIXES = ("admin", "schema", "api-docs", "health", "metrics", "oidc", "sso")
SKIP_NAMES = {"login", "logout", "set_language", "api-token", "api-root"}
HREF = re.compile(r'<a\s[^>]*href="([^"]+)"', re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    kind: str  # "sida", "detaljsida" or "API"
    name: str  # the URL name
    url: str


@dataclass(frozen=True)
class Persona:
    label: str
    user: object


def _named(resolver: URLResolver, namespace: str = "") -> list[str]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names.extend(_named(pattern, inner))
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name
            and not pattern.pattern.converters
            and "(?P<" not in str(pattern.pattern)
        ):
            names.append(f"{namespace}{pattern.name}")
    return names


def list_targets() -> list[Target]:
    """Every page and every API list that needs no parameter, in URL-name order."""
    targets = []
    for name in sorted(set(_named(get_resolver()))):
        short = name.rsplit(":", 1)[-1]
        if short in SKIP_NAMES or name.startswith(SKIP_PREFIXES) or short.startswith(SKIP_PREFIXES):
            continue
        if "-" in short and not short.endswith("-list"):
            continue  # API endpoints other than lists (actions without parameters)
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        targets.append(Target("API" if url.startswith("/api/") else "sida", name, url))
    return targets


def _with_format(resolver: URLResolver, namespace: str = "") -> list[str]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names.extend(_with_format(pattern, inner))
        elif pattern.name and set(getattr(pattern.pattern, "converters", {})) == {"fmt"}:
            names.append(f"{namespace}{pattern.name}")
    return names


def export_targets() -> list[Target]:
    """Every export (a page whose one parameter is the format), as CSV and as Excel."""
    targets = []
    for name in sorted(set(_with_format(get_resolver()))):
        if "template" in name:  # an empty import template, not an export
            continue
        for fmt in ("csv", "xlsx"):
            targets.append(Target("export", name, reverse(name, kwargs={"fmt": fmt})))
    return targets


def detail_targets(pages: dict[str, str]) -> list[Target]:
    """One detail page per kind: the first link on the list pages (``{url: html}``) to a
    page whose URL name ends in ``detail`` and takes a parameter."""
    found: dict[str, str] = {}
    for base, html in pages.items():
        for href in HREF.findall(html):
            parts = urlsplit(unescape(href))
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/api/"):
                continue
            try:
                match = resolve(parts.path)
            except Resolver404:
                continue
            if match.view_name.endswith("detail") and (match.kwargs or match.args):
                found.setdefault(match.view_name, parts.path)
        del base
    return [Target("detaljsida", name, url) for name, url in sorted(found.items())]


def personas() -> list[Persona]:
    """The IT strategist (the policy's coordinating role), a head of department (the role
    that leads a unit) and a plain employee (a generated person without any role or group);
    the first of each by key, so every run measures the same people."""
    policy = get_policy()
    today = timezone.localdate()
    active = RoleAssignment.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    chosen = []
    for roles in (policy.coordinator_roles(), policy.roles_with("lead_unit")):
        assignment = (
            active.filter(role__in=roles, person__is_active=True)
            .select_related("person")
            .order_by("person__username", "pk")
            .exclude(person__username__startswith=PREFIX)
            .first()
        ) or active.filter(role__in=roles).select_related("person").order_by("pk").first()
        if assignment:
            chosen.append(Persona(policy.role_name(assignment.role), assignment.person))
    User = get_user_model()
    employee = (
        User.objects.filter(username__startswith=PREFIX, is_active=True, is_superuser=False)
        .exclude(pk__in=RoleAssignment.objects.values("person_id"))
        .exclude(pk__in=Membership.objects.values("person_id"))
        .order_by("username")
        .first()
    )
    if employee:
        chosen.append(Persona("medarbetare utan roll", employee))
    return chosen
