"""Run the rent for a month from cron or celery beat: ``styrsam manage rent_run --month 2026-10``.

Without ``--month`` it charges the previous month. Safe to repeat: the run is idempotent."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from styrsam.core.errors import ServiceError
from styrsam.rental.money import month_error, parse_month
from styrsam.rental.runs import rent_run


class Command(BaseCommand):
    help = "Kör hyran för en månad (G08, G24)."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="ÅÅÅÅ-MM; förvalt föregående månad")

    def handle(self, *args, month=None, **options):
        if month:
            first = parse_month(month)
            if first is None:
                raise CommandError(month_error())
        else:
            first = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(
                day=1
            )
        try:
            run = rent_run(actor=None, month=first)
        except ServiceError as exc:
            raise CommandError(f"{exc.detail} ({exc.rule or exc.code})") from exc
        self.stdout.write(
            f"Hyran för {first:%Y-%m}: {run.lines_added} nya rader, {run.amount_added} kr."
        )
