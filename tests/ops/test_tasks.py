"""Periodic work: the schedule names registered tasks; every task is retried with backoff and a
final failure is reported (an ERROR log record and an e-mail to ADMINS), never silently lost;
the monthly rent run runs only when the policy says so, and is idempotent."""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal

import pytest
from celery.schedules import crontab
from django.core import mail

from styrsam.celery import app as celery_app
from styrsam.core.errors import Conflict
from styrsam.core.tasking import ReportedTask
from styrsam.guideline.policy import default_policy_path
from styrsam.guideline.services import policy_load
from styrsam.rental.models import LedgerLine, RentRun
from styrsam.rental.tasks import monthly_rent_run
from styrsam.schedule import PERIODIC_TASKS, beat_schedule
from tests.factories import AssetTypeFactory, OrgUnitFactory, RentLevelFactory

pytestmark = pytest.mark.django_db

calls: list[int] = []


@celery_app.task(name="tests.ops.flaky", bind=True)
def flaky(self, failures: int) -> str:
    calls.append(self.request.retries)
    if len(calls) <= failures:
        raise ConnectionError(f"SMTP svarar inte (försök {len(calls)})")
    return "klart"


@celery_app.task(name="tests.ops.refused")
def refused() -> None:
    calls.append(0)
    raise Conflict("Hyran är inte beslutad.", code="rent_not_decided", rule="G16")


@pytest.fixture(autouse=True)
def _admins(settings):
    calls.clear()
    settings.ADMINS = [("Drift", "drift@exempel.se")]
    settings.CELERY_TASK_MAX_RETRIES = 3
    mail.outbox.clear()


def test_every_scheduled_task_is_registered_and_reported():
    celery_app.loader.import_default_modules()
    schedule = beat_schedule()
    assert set(schedule) == set(PERIODIC_TASKS)
    for name, entry in schedule.items():
        assert entry["task"] in celery_app.tasks, name
        assert isinstance(celery_app.tasks[name], ReportedTask)
        assert isinstance(entry["schedule"], crontab)
    rent = schedule["rental.monthly_rent_run"]["schedule"]
    assert rent.day_of_month == {1} and rent.hour == {3} and rent.minute == {0}


def test_the_schedule_is_the_settings_beat_schedule(settings):
    assert {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()} == set(PERIODIC_TASKS)
    assert beat_schedule({"x.y": "*/5 * * * *"})["x.y"]["schedule"].minute == set(range(0, 60, 5))


def test_a_failing_task_is_retried_and_then_succeeds(caplog):
    with caplog.at_level(logging.WARNING, logger="styrsam.tasks"):
        result = flaky.apply(args=[2])
    assert result.get() == "klart"
    assert calls == [0, 1, 2]
    retries = [r for r in caplog.records if r.name == "styrsam.tasks"]
    assert [r.levelname for r in retries] == ["WARNING", "WARNING"]
    assert "nytt försök 1 av 3" in retries[0].getMessage()
    assert mail.outbox == []


def test_a_task_that_keeps_failing_is_reported_to_the_log_and_the_admins(caplog):
    with caplog.at_level(logging.WARNING, logger="styrsam.tasks"):
        result = flaky.apply(args=[99])
    assert result.failed()
    assert isinstance(result.result, ConnectionError)
    assert calls == [0, 1, 2, 3]  # the first try and three retries
    [final] = [r for r in caplog.records if r.levelname == "ERROR" and r.name == "styrsam.tasks"]
    assert final.name == "styrsam.tasks"
    assert "tests.ops.flaky misslyckades slutgiltigt efter 4 försök" in final.getMessage()
    assert final.exc_info[0] is ConnectionError
    assert final.task == "tests.ops.flaky"
    [message] = mail.outbox
    assert message.to == ["drift@exempel.se"]
    assert "tests.ops.flaky" in message.subject
    assert "SMTP svarar inte" in message.body


def test_a_refusal_is_reported_at_once_without_retries(caplog):
    with caplog.at_level(logging.WARNING, logger="styrsam.tasks"):
        result = refused.apply()
    assert result.failed()
    assert calls == [0]
    assert [r.levelname for r in caplog.records if r.name == "styrsam.tasks"] == ["ERROR"]
    [message] = mail.outbox
    assert "Hyran är inte beslutad." in message.body


def _policy_with_monthly_rent_run(on: bool):
    text = default_policy_path().read_text(encoding="utf-8")
    if on:
        text = text.replace(
            "  budget_warning_percent: 90\n",
            "  budget_warning_percent: 90\n  monthly_rent_run: true\n",
        )
        assert "monthly_rent_run: true" in text
    policy_load(actor=None, text=text, source="test")


@pytest.fixture
def rented(policy, monkeypatch):
    from django.utils import timezone

    from styrsam.rental.models import RentedAsset

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 11, 1))
    computer = AssetTypeFactory(code="computer", name="Dator")
    RentLevelFactory(
        asset_type=computer, year=2026, monthly_amount=Decimal("300.00"), status="decided"
    )
    vof = OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")
    for n in range(3):
        RentedAsset.objects.create(
            asset_type=computer,
            tag=f"D{n}",
            department=vof,
            start_date=datetime.date(2026, 1, 1),
        )


def test_the_monthly_rent_run_is_off_unless_the_policy_says_so(rented):
    assert monthly_rent_run.apply().get() == {"ran": False, "reason": "policy"}
    assert not RentRun.objects.exists()


@pytest.mark.rule("G08")
def test_g08_the_monthly_rent_run_charges_last_month_once_when_the_policy_says_so(rented):
    _policy_with_monthly_rent_run(True)
    first = monthly_rent_run.apply().get()
    assert first == {
        "ran": True,
        "month": "2026-10",
        "lines_added": 1,
        "amount_added": "900.00",
    }
    again = monthly_rent_run.apply().get()
    assert again["lines_added"] == 0
    assert LedgerLine.objects.filter(month=datetime.date(2026, 10, 1)).count() == 1
    assert RentRun.objects.count() == 2


def test_the_policy_key_must_be_a_boolean():
    from styrsam.guideline.validation import PolicyInvalid, validate_policy

    text = (
        default_policy_path()
        .read_text(encoding="utf-8")
        .replace(
            "  budget_warning_percent: 90\n",
            "  budget_warning_percent: 90\n  monthly_rent_run: ja\n",
        )
    )
    with pytest.raises(PolicyInvalid) as refused:
        validate_policy(text)
    assert [p.path for p in refused.value.problems] == ["rental.monthly_rent_run"]
