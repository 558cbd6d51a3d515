"""The authorization table run cell by cell (issue 11 item 10; tests/authz/table.py).

The demo municipality is loaded once for the module inside a transaction rolled back at the
end; every cell runs in its own savepoint (pytest-django's ``django_db``), so a write of one
cell never reaches the next. Every cell asserts one exact status and, when the write was
refused, that the audit log did not grow (a refused write leaves nothing behind).
"""

from __future__ import annotations

import datetime
import inspect
import re
import time
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.authtoken.models import Token

from styrsam.core.actions import REFUSAL_HEADER
from styrsam.core.models import AuditEntry
from tests.demo_fixture import demo_in_a_rolled_back_transaction

from .table import (
    ADMIN_PREFIX,
    EXEMPT,
    NOT_LOGGED_IN,
    NOT_YET_RUN,
    PERSONAS,
    ROWS,
    add_finance_projects_rental,
    add_followup_objects,
    base_key,
    expand,
    outcome_class,
)

CELLS = expand()
# a collapse of the table (rows lost, personas lost) is caught here
MIN_OPERATIONS, MIN_PERSONAS = 208, 14


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    started = time.monotonic()
    # uploads (attachments) go to a directory of the test run, not the project's media
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("authz-media")))
    with media, demo_in_a_rolled_back_transaction(django_db_blocker, "exempel") as ctx:
        yield _world(ctx)
    print(f"\nauthz table: demo and personas in {time.monotonic() - started:.1f} s")


def _world(ctx):
    from styrsam.cases.models import Case, Consultation, Decision, Notification
    from styrsam.guideline.models import PolicyVersion
    from styrsam.meetings.models import Meeting
    from styrsam.organisation import services as org
    from styrsam.organisation.models import (
        Committee,
        GovernanceGroup,
        Membership,
        OrgUnit,
        RoleAssignment,
    )
    from styrsam.rental.models import AssetType
    from styrsam.servicedesk.models import CatalogueItem, Order
    from styrsam.systems.models import System, SystemMessage
    from styrsam.systems.selectors import it_platform

    from . import rows_cases_meetings_documents

    people = dict(ctx.people)
    unit = ctx.units["vof"]
    start = datetime.date(2024, 1, 1)
    people["anstalld"] = org.person_create(
        actor=None,
        username="anstalld",
        first_name="Alva",
        last_name="Anställd",
        email="anstalld@example.se",
        unit=unit,
        title="Undersköterska",
        password=None,
    )
    former = org.person_create(
        actor=None,
        username="avslutad",
        first_name="Ada",
        last_name="Avslutad",
        email="avslutad@example.se",
        unit=ctx.units["executive_office"],
        title="IT-strateg (slutat)",
        password=None,
    )
    org.role_assign(actor=None, person=former, role="it_strategist", start_date=start)
    former.is_active = False
    former.save(update_fields=["is_active"])
    people["avslutad"] = former

    # fresh from the database: the demo set every password after creating the people, and a
    # stale password hash in memory would make force_login's session invalid
    users = get_user_model().objects.filter(username__in=[u for u in PERSONAS.values() if u])
    people.update({user.username: user for user in users})
    tokens = {
        username: Token.objects.get_or_create(user=people[username])[0].key
        for username in PERSONAS.values()
        if username
    }
    today = timezone.localdate()
    objs = SimpleNamespace(
        year=today.year,
        employee=people["anstalld"],
        unit=unit,
        committee=Committee.objects.order_by("pk").first(),
        platform=it_platform(),
        asset_type=AssetType.objects.order_by("pk").first(),
        preparatory=GovernanceGroup.objects.get(code="preparatory"),
        decision=Decision.objects.filter(body="steering_group", corrections__isnull=True)
        .order_by("-pk")
        .first(),
        notification=Notification.objects.filter(recipient=people["anna"]).order_by("pk").first(),
        catalogue_item=CatalogueItem.objects.filter(rented=False, is_active=True)
        .order_by("pk")
        .first(),
        company=OrgUnit.objects.filter(kind=OrgUnit.Kind.COMPANY).order_by("pk").first(),
        message=SystemMessage.objects.filter(deliveries__person=people["eva"])
        .order_by("-pk")
        .first(),
        ready_case=Case.objects.filter(status=Case.Status.READY).order_by("pk").first(),
        open_case=Case.objects.filter(status=Case.Status.OPEN).order_by("pk").first(),
        membership=Membership.objects.filter(group__code="preparatory", end_date__isnull=True)
        .exclude(person__username__in=PERSONAS.values())
        .order_by("pk")
        .first(),
        planned_meeting=Meeting.objects.filter(
            status=Meeting.Status.PLANNED, group__code="preparatory", date__gte=today
        )
        .order_by("date")
        .first(),
        owned_system=System.objects.filter(owner=people["eva"]).order_by("pk").first(),
        open_consultation=Consultation.objects.filter(closed_at__isnull=True)
        .order_by("pk")
        .first(),
        granted_role=RoleAssignment.objects.filter(
            person__username="rasmus", end_date__isnull=True
        ).first(),
        pending_order=Order.objects.filter(status="awaiting_approval", department=unit)
        .order_by("pk")
        .first(),
        policy_draft=PolicyVersion.objects.filter(status=PolicyVersion.Status.DRAFT)
        .order_by("-number")
        .first(),
    )
    rows_cases_meetings_documents.add_objects(objs, ctx, people)
    add_finance_projects_rental(objs, ctx, people)
    add_followup_objects(objs, ctx, people)
    missing = [name for name, value in vars(objs).items() if value is None]
    assert not missing, f"the demo lacks {missing}"
    return SimpleNamespace(people=people, tokens=tokens, objs=objs)


def _request(world, op, persona):
    username = PERSONAS[persona]
    client = Client()
    body = op.body(world.objs)
    url = op.url(world.objs)
    if op.is_api:
        headers = {"Authorization": f"Token {world.tokens[username]}"} if username else {}
        if op.multipart:
            return getattr(client, op.method)(url, data=body, headers=headers)
        return getattr(client, op.method)(
            url, data=body, content_type="application/json", headers=headers
        )
    if username:
        client.force_login(world.people[username])
    return getattr(client, op.method)(url, data=body)


@pytest.mark.once
@pytest.mark.django_db
@pytest.mark.rule("G13")
@pytest.mark.parametrize(
    ("op", "persona", "expected"),
    [
        pytest.param(op, persona, expected, id=f"{op.key}-{persona}")
        for op, persona, expected in CELLS
    ],
)
def test_cell(world, op, persona, expected):
    before = AuditEntry.objects.count()
    response = _request(world, op, persona)
    # a button refused redirects back with a message; its status is in the refusal header
    status = int(response.get(REFUSAL_HEADER, response.status_code))
    assert status == expected, (
        f"CELL {op.key} {persona} got {status} expected {expected} ({op.rule}) "
        f"{response.get('Location', '')}"
    )
    if status == 302:  # to the login page exactly when not logged in
        assert response["Location"].startswith("/logga-in/") == (persona in NOT_LOGGED_IN), (
            f"CELL {op.key} {persona} redirected to {response['Location']}"
        )
    if outcome_class(expected) != "allowed":
        assert AuditEntry.objects.count() == before, "a refused write left an audit entry"


# --- the table covers every write operation ---------------------------------------------------


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern.callback


POST_MARKS = ("POST", "form_action", "button_action")


def _source_with_helpers(function, depth: int = 3) -> str:
    """The view's source (with its decorators) and that of the module's own functions it
    calls (``_edit(request, system)``), followed ``depth`` calls deep."""
    function = inspect.unwrap(function)
    source = inspect.getsource(function)
    if depth:
        module = inspect.getmodule(function)
        for name in set(re.findall(r"\b([A-Za-z_]\w*)\(", source)) - {function.__name__}:
            helper = getattr(module, name, None)
            if inspect.isfunction(helper) and helper.__module__ == module.__name__:
                source += _source_with_helpers(helper, depth - 1)
    return source


def _accepts_post(callback) -> bool:
    """A class view accepts POST when it has ``post``; a function view when its source or a
    helper of its module that it calls reads the POST data, checks for POST or runs a form or
    button action; ``require_GET``/``require_safe`` views never."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    own = inspect.getsource(inspect.unwrap(callback))
    if "require_GET" in own or "require_safe" in own:
        return False
    return any(mark in _source_with_helpers(callback) for mark in POST_MARKS)


def ui_write_operations() -> set[str]:
    out = set()
    for name, callback in _walk(get_resolver().url_patterns):
        key = f"ui:{name}"
        if key.startswith(ADMIN_PREFIX) or name.startswith("v1") or "-" in name:
            continue  # the Django admin; the API's routes are read from its schema
        if _accepts_post(callback):
            out.add(key)
    return out


def api_write_operations() -> set[str]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        f"api:{operation['operationId']}"
        for operations in schema["paths"].values()
        for method, operation in operations.items()
        if method in ("post", "put", "patch", "delete")
    }


def test_every_write_operation_has_a_row(report_count):
    writes = ui_write_operations() | api_write_operations()
    rows = {base_key(op.key) for op in ROWS}
    listed = rows | NOT_YET_RUN | set(EXEMPT)
    assert writes - listed == set(), "write operations without a row in tests/authz/table.py"
    assert listed - writes == set(), "rows for operations that no longer exist"
    assert not rows & NOT_YET_RUN, "an operation with a row is still listed as not yet run"
    operations = len(rows)
    cells = len(CELLS)
    print(
        f"\nauthz table: {len(writes)} write operations ({len(ui_write_operations())} pages, "
        f"{len(api_write_operations())} API), {operations} with rows, {len(NOT_YET_RUN)} not "
        f"yet run, {len(EXEMPT)} exempt; {len(PERSONAS)} personas; {cells} cells"
    )
    report_count(
        f"{operations} operations with rows of {len(writes)} writes, {len(PERSONAS)} personas, "
        f"{cells} cells, {len(NOT_YET_RUN)} not yet run"
    )
    assert operations >= MIN_OPERATIONS
    assert len(PERSONAS) >= MIN_PERSONAS
    assert cells == len(ROWS) * len(PERSONAS)


def test_ui_and_api_agree_cell_by_cell():
    by_key = {op.key: op for op in ROWS}
    pairs = [(op, by_key[op.pair]) for op in ROWS if op.pair]
    assert len(pairs) >= 8
    for api, ui in pairs:
        assert api.is_api and not ui.is_api, (api.key, ui.key)
        for persona in PERSONAS:
            if persona in NOT_LOGGED_IN:
                continue
            assert outcome_class(api.expected(persona)) == outcome_class(ui.expected(persona)), (
                f"{api.key} and {ui.key} disagree for {persona}"
            )
