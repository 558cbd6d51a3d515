"""The architecture kit in core (docs/decisions/0006): registries, hooks, the service helpers
for pages and the API, audited updates, gap-free numbers and lock triggers. Each test can fail
on its point."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import transaction
from django.test import RequestFactory

from styrsam.core.actions import button_action, form_action
from styrsam.core.audit import audited_end, audited_update, history_for, snapshot
from styrsam.core.db import lock_condition_sql
from styrsam.core.errors import Conflict, ServiceError, ValidationFailed
from styrsam.core.hooks import Hook
from styrsam.core.models import AuditEntry, Sequence, next_number
from styrsam.core.registry import NavItem, register_audit_actions, registry
from tests.factories import OrgUnitFactory, SystemFactory, UserFactory


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/x/", data or {})
    request.user = UserFactory.build(username="someone")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


# --- ServiceError shown once -----------------------------------------------------------------


def test_display_adds_the_rule_once():
    assert ServiceError("Nej.", rule="G18").display == "Nej. (regel G18)"
    assert ServiceError("Nej (G18).", rule="G18").display == "Nej (G18)."
    assert ServiceError("Nej.").display == "Nej."


# --- form_action -----------------------------------------------------------------------------


def test_form_action_success_redirects_with_message():
    request = _request(data={"name": "Ada"})
    response = form_action(
        request,
        NameForm(request.POST),
        lambda data: data["name"].upper(),
        success_url=lambda result: f"/done/{result}/",
        success_message=lambda result: f"Sparat {result}",
        render=lambda form, status: pytest.fail("must not render"),
    )
    assert response.status_code == 302
    assert response["Location"] == "/done/ADA/"
    assert [str(m) for m in get_messages(request)] == ["Sparat ADA"]


def test_form_action_puts_a_field_refusal_on_the_bound_field():
    request = _request(data={"name": "Ada"})
    seen = {}

    def refuse(data):
        raise ValidationFailed("Namnet är upptaget.", field="name", code="name_taken")

    def render(form, status):
        seen.update(form=form, status=status)
        return "rendered"

    assert form_action(request, NameForm(request.POST), refuse, success_url="/", render=render) == (
        "rendered"
    )
    assert seen["status"] == 400
    assert seen["form"].errors == {"name": ["Namnet är upptaget."]}
    assert seen["form"]["name"].value() == "Ada"  # what the user typed is kept


def test_form_action_shows_a_workflow_refusal_once_with_its_rule_and_status():
    request = _request(data={"name": "Ada"})
    seen = {}

    def refuse(data):
        raise Conflict("Beslut kan inte fattas.", rule="G21", code="not_anchored")

    form_action(
        request,
        NameForm(request.POST),
        refuse,
        success_url="/",
        render=lambda form, status: seen.update(form=form, status=status),
    )
    assert seen["status"] == 409
    assert seen["form"].non_field_errors() == ["Beslut kan inte fattas. (regel G21)"]


def test_form_action_invalid_input_is_400_and_the_service_never_runs():
    request = _request(data={"name": ""})
    seen = {}
    form_action(
        request,
        NameForm(request.POST),
        lambda data: pytest.fail("the service must not run on invalid input"),
        success_url="/",
        render=lambda form, status: seen.update(status=status, errors=form.errors),
    )
    assert seen["status"] == 400
    assert "name" in seen["errors"]


def test_button_action_refusal_is_a_message_with_the_rule():
    request = _request()

    def refuse():
        raise Conflict("Systemet är redan avvecklat.", rule="G18")

    response = button_action(request, refuse, success_url="/system/1/")
    assert response.status_code == 302
    assert [str(m) for m in get_messages(request)] == ["Systemet är redan avvecklat. (regel G18)"]


# --- registries and hooks --------------------------------------------------------------------


def test_every_app_registers_its_menu_in_order():
    names = [item.url_name for item in registry.navigation]
    assert names[0] == "home"
    assert "systems:system_list" in names and "guideline:policy" in names
    orders = [item.order for item in registry.navigation]
    assert orders == sorted(orders)
    assert all(isinstance(item, NavItem) for item in registry.navigation)


def test_an_audit_action_cannot_be_registered_twice_with_another_label():
    register_audit_actions({"system.register": registry.audit_actions["system.register"]})
    with pytest.raises(ValueError, match="system.register"):
        register_audit_actions({"system.register": "Något annat"})


def test_hook_receivers_run_in_order_and_a_refusal_propagates():
    hook = Hook("test")
    calls = []
    hook.connect(lambda **kw: calls.append(("a", kw)))
    hook.connect(lambda **kw: calls.append(("b", kw)))
    hook.send(x=1)
    assert calls == [("a", {"x": 1}), ("b", {"x": 1})]

    def refuse(**kw):
        raise Conflict("Nej.")

    hook.connect(refuse)
    with pytest.raises(Conflict):
        hook.send(x=2)


def test_hook_first_answers_with_the_first_provider_that_knows():
    hook = Hook("provider")
    hook.connect(lambda **kw: None)
    hook.connect(lambda **kw: kw["n"] * 2)
    assert hook.first(n=21) == 42
    assert Hook("empty").first() is None


# --- audited_update / audited_end ------------------------------------------------------------


@pytest.mark.django_db
def test_audited_update_records_only_what_changed(policy):
    system = SystemFactory(name="Lifecare", vendor="Tieto")
    with transaction.atomic():
        changed = audited_update(
            actor=None,
            obj=system,
            action="system.update",
            changes={"vendor": "Tietoevry", "name": "Lifecare"},
        )
    assert changed == {"vendor": "Tietoevry"}
    entry = history_for(system).get()
    assert entry.before == {"vendor": "Tieto"} and entry.after == {"vendor": "Tietoevry"}
    system.refresh_from_db()
    assert system.vendor == "Tietoevry"


@pytest.mark.django_db
def test_audited_update_without_a_change_writes_nothing(policy):
    system = SystemFactory(vendor="Tieto")
    with transaction.atomic():
        assert audited_update(actor=None, obj=system, action="x", changes={"vendor": "Tieto"}) == {}
    assert not history_for(system).exists()


@pytest.mark.django_db
def test_audited_update_sets_many_to_many(policy):
    vof = OrgUnitFactory(kind="department", name="Vård och omsorg", code="vof")
    system = SystemFactory()
    with transaction.atomic():
        changed = audited_update(
            actor=None, obj=system, action="system.update", changes={"using_units": [vof]}
        )
    assert changed == {"using_units": [str(vof)]}
    assert list(system.using_units.all()) == [vof]
    assert snapshot(system, ["using_units"]) == {"using_units": [str(vof)]}


@pytest.mark.django_db
def test_audited_end_refuses_an_ended_period(policy, it_strategist):
    from styrsam.organisation.models import RoleAssignment

    assignment = RoleAssignment.objects.get(person=it_strategist)
    with transaction.atomic():
        audited_end(actor=None, obj=assignment, action="role.end", fields=["end_date"])
    assert assignment.end_date is not None
    before = AuditEntry.objects.count()
    with pytest.raises(Conflict) as info, transaction.atomic():
        audited_end(
            actor=None,
            obj=assignment,
            action="role.end",
            already_ended="Redan slut.",
            fields=["end_date"],
        )
    assert info.value.code == "already_ended" and info.value.detail == "Redan slut."
    assert AuditEntry.objects.count() == before


# --- gap-free numbers ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_next_number_is_gap_free_when_a_write_is_refused():
    with transaction.atomic():
        assert next_number("test:IT", 2026) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number("test:IT", 2026) == 2
        raise RuntimeError("the write is refused: its number is given back")
    with transaction.atomic():
        assert next_number("test:IT", 2026) == 2
        assert next_number("test:IT", 2027) == 1
    assert Sequence.objects.get(key="test:IT", year=2026).last_number == 2


def test_next_number_outside_a_transaction_is_a_programming_error():
    with pytest.raises(RuntimeError):
        next_number("test:IT", 2026)


# --- lock triggers ---------------------------------------------------------------------------


def test_lock_condition_sql_from_the_model_declaration():
    assert lock_condition_sql({"locked": True}) == "OLD.locked = TRUE"
    assert lock_condition_sql({"status": "decided"}) == "OLD.status = 'decided'"
    assert lock_condition_sql({"closed_at__isnull": False}) == "OLD.closed_at IS NOT NULL"
    assert lock_condition_sql({"status": "o'k", "n": 3}) == "OLD.status = 'o''k' AND OLD.n = 3"
    with pytest.raises(ValueError):
        lock_condition_sql({})
