"""Run by tests/core/test_sqlite_concurrency.py in a subprocess with DATABASE_URL pointing at a
fresh SQLite file: concurrent writers through Django's test client. Prints one JSON line."""

from __future__ import annotations

import json
import os
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrsam.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

THREADS, ROUNDS = 8, 6


def main() -> None:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    users = [
        get_user_model().objects.create_user(f"u{n}", password="pw-123456") for n in range(THREADS)
    ]
    connection.close()
    statuses: list[int] = []
    errors: list[str] = []
    barrier = threading.Barrier(THREADS)

    def work(user) -> None:
        from django.db import connection as own

        client = Client(raise_request_exception=False)
        try:
            barrier.wait()
            for _ in range(ROUNDS):
                # a failed login (axes writes a counter), a login, a new API token, a logout
                for response in (
                    client.post("/logga-in/", {"username": user.username, "password": "fel"}),
                    client.post("/logga-in/", {"username": user.username, "password": "pw-123456"}),
                    client.post("/api-token/ny/"),
                    client.post("/logga-ut/"),
                ):
                    statuses.append(response.status_code)
                    if response.status_code >= 500:
                        errors.append(response.content.decode(errors="replace")[:200])
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors.append(repr(exc))
        finally:
            own.close()

    threads = [threading.Thread(target=work, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"requests": len(statuses), "errors": errors, "journal": _journal_mode()}))


def _journal_mode() -> str:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
