"""More than one server (issue 19): two gunicorn application servers on the same database
(PostgreSQL when DATABASE_URL is postgres, else a file SQLite) and the same Redis cache.

- A session made on one server works on the other (and a logout on the other ends it).
- A login lockout made on one holds on the other: wrong passwords on A, then the right
  password on B is refused. Judged by HTTP behaviour only, whatever the throttle's mechanism.
- A rent run's idempotency holds across them: run on both (at the same time on PostgreSQL,
  one after the other on SQLite, which serialises writers differently), the month's ledger
  lines are written once.

Free ports, a bounded start, and both processes are always ended (tests/ops/servers.py).
No Redis: skipped, unless STYRSAM_REQUIRE_SERVICES=1 (CI), then failed."""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime
import sqlite3
import uuid
from decimal import Decimal

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from rest_framework.authtoken.models import Token

from styrsam.rental.models import LedgerLine, RentedAsset
from tests.factories import (
    AssetTypeFactory,
    OrgUnitFactory,
    RentLevelFactory,
    UserFactory,
    person_with_role,
)
from tests.meetings.test_celery_worker import _require_redis

from .servers import PYTHON, clean_env, free_port, server

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "rätt-lösenord-2026"
WRONG_ATTEMPTS = 6  # more than the throttle's (5) and django-axes' (3) default limits
TIMEOUT = 30


def _with_password(user) -> None:
    """A PBKDF2 hash the servers can check (the test process itself hashes with MD5), with few
    iterations so that the wrong attempts stay fast."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, uuid.uuid4().hex[:16], iterations=1000)
    user.save(update_fields=["password"])


def _previous_month() -> datetime.date:
    return (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture
def municipality(policy):
    tag = uuid.uuid4().hex[:6]  # usernames of their own: the Redis cache is shared
    users = {
        name: UserFactory(username=f"{name}-{tag}", first_name=name.title(), last_name="Test")
        for name in ("anna", "per", "karl")
    }
    for user in users.values():
        _with_password(user)
    economist = person_with_role("it_unit_economist", username=f"ekonom-{tag}")
    users["token"] = Token.objects.create(user=economist).key
    month = _previous_month()
    computer = AssetTypeFactory(code="computer", name="Dator")
    screen = AssetTypeFactory(code="screen", name="Skärm")
    RentLevelFactory(
        asset_type=computer, year=month.year, monthly_amount=Decimal("300.00"), status="decided"
    )
    RentLevelFactory(
        asset_type=screen, year=month.year, monthly_amount=Decimal("62.00"), status="decided"
    )
    for code in ("vof", "bou"):
        unit = OrgUnitFactory(code=code, name=f"Förvaltning {code}")
        for n in range(3):
            for asset_type in (computer, screen):
                RentedAsset.objects.create(
                    asset_type=asset_type,
                    tag=f"{code}-{asset_type.code}-{n}",
                    department=unit,
                    start_date=month - datetime.timedelta(days=40),
                )
    return users


def _database_url(tmp_path) -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings_dict["USER"] or "postgres"
        password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
        host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
        return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"
    # The test database lives in memory: the servers get a consistent copy in a file.
    path = tmp_path / "servers.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{path}"


@contextlib.contextmanager
def two_servers(tmp_path):
    _require_redis()
    env = clean_env(
        DATABASE_URL=_database_url(tmp_path),
        REDIS_URL="redis://127.0.0.1:6379/14",
        SECRET_KEY="two-servers-" + uuid.uuid4().hex * 2,
        STYRSAM_ENV="development",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        STYRSAM_DATA_DIR=str(tmp_path / "data"),
    )
    ports = [free_port(), free_port()]
    with contextlib.ExitStack() as stack:
        for port in ports:
            args = [PYTHON, "-m", "gunicorn", "styrsam.wsgi:application"]
            args += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"]
            args += ["--timeout", "60", "--graceful-timeout", "5"]
            stack.enter_context(server(args, env=env, probe_url=f"http://127.0.0.1:{port}/health/"))
        yield [f"http://127.0.0.1:{port}" for port in ports]


def _login(browser: requests.Session, base: str, username: str, password: str):
    browser.get(f"{base}/logga-in/", timeout=TIMEOUT)
    return browser.post(
        f"{base}/logga-in/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies.get("csrftoken"),
        },
        headers={"Referer": f"{base}/logga-in/"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )


def _home(browser: requests.Session, base: str) -> requests.Response:
    return browser.get(f"{base}/", allow_redirects=False, timeout=TIMEOUT)


def _rent_run(base: str, token: str, month: datetime.date) -> dict:
    response = requests.post(
        f"{base}/api/v1/rent-runs/",
        json={"month": month.strftime("%Y-%m")},
        headers={"Authorization": f"Token {token}"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_two_servers_share_sessions_lockouts_and_the_rent_run(municipality, tmp_path):
    with two_servers(tmp_path) as (a, b):
        # 1. A session made on A works on B; a logout on B ends it on A.
        browser = requests.Session()
        response = _login(browser, a, municipality["anna"].username, PASSWORD)
        assert response.status_code == 302 and response.headers["Location"] == "/"
        home = _home(browser, b)
        assert home.status_code == 200, "the session from server A was not known on server B"
        assert "Anna Test" in home.text
        response = browser.post(
            f"{b}/logga-ut/",
            data={"csrfmiddlewaretoken": browser.cookies.get("csrftoken")},
            headers={"Referer": f"{b}/"},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        assert response.status_code == 302
        assert _home(browser, a).status_code == 302, "the logout on B did not end it on A"

        # 2. The rent run, on both servers: the month's lines are written once.
        month, token = _previous_month(), municipality["token"]
        if connection.vendor == "postgresql":
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                runs = list(pool.map(lambda base: _rent_run(base, token, month), (a, b)))
        else:
            runs = [_rent_run(a, token, month), _rent_run(b, token, month)]
        assert sorted(run["lines_added"] for run in runs) == [0, 4]
        ledger = requests.get(
            f"{b}/api/v1/ledger/",
            params={"month": month.strftime("%Y-%m")},
            headers={"Authorization": f"Token {token}"},
            timeout=TIMEOUT,
        ).json()
        assert ledger["count"] == 4
        assert sorted(line["kind"] for line in ledger["results"]) == ["charge"] * 4

        # 3. A lockout made on A holds on B (last: a throttle may lock the client address).
        control = requests.Session()  # B accepts the right password of a user not locked out
        assert _login(control, b, municipality["karl"].username, PASSWORD).status_code == 302
        per = municipality["per"].username
        attacker = requests.Session()
        for _ in range(WRONG_ATTEMPTS):
            assert _login(attacker, a, per, "fel-lösenord").status_code != 302
        response = _login(attacker, b, per, PASSWORD)
        assert response.status_code != 302, "server B let in a user locked out on server A"
        assert "sessionid" not in response.cookies
        assert _home(attacker, b).status_code == 302

    if connection.vendor == "postgresql":  # the servers wrote into this very database
        assert LedgerLine.objects.filter(month=month).count() == 4
