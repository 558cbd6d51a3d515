"""``styrsam manage load_instrument FILE``: validate a self-assessment instrument (YAML or
JSON) and load it (G30). On error nothing is loaded and every problem is printed as
``FILE:LINE: path: svenska / English``; the exit status is then 1."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from styrsam.core.errors import ServiceError
from styrsam.followup.services import instrument_load


class Command(BaseCommand):
    help = "Validera och ladda ett självskattningsinstrument (YAML eller JSON) / load an instrument"

    def add_arguments(self, parser):
        parser.add_argument("file", help="instrumentfilen / the instrument file")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: kan inte läsas / cannot be read: {exc}") from exc
        try:
            instrument = instrument_load(actor=None, raw=raw, source=path.name)
        except ServiceError as exc:
            for p in exc.extra.get("problems", []):
                self.stderr.write(
                    f"{path}:{p['line'] or '?'}: {p['path'] or '(roten)'}: "
                    f"{p['message_sv']} / {p['message_en']}"
                )
            raise CommandError(f"{path}: {exc.detail}") from exc
        self.stdout.write(
            f"{path}: laddat / loaded: {instrument} "
            f"({instrument.areas.count()} områden, "
            f"{sum(a.indicators.count() for a in instrument.areas.all())} indikatorer)"
        )
