"""Domain events: how a lower app lets higher apps react without importing them.

The app that owns the event declares it (``policy_activated = Hook("policy_activated")`` in
``guideline/hooks.py``); a higher app connects a receiver in its ``AppConfig.ready()``; the
owner calls ``send(...)`` inside its service's transaction. Receivers run in order of
connection, in the same transaction: a receiver that raises (a ``ServiceError``, say) refuses
the whole write, so nothing is half-done. No weak references, no sender filtering: every
receiver sees every event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    def __init__(self, name: str, doc: str = "") -> None:
        self.name = name
        self.__doc__ = doc
        self._receivers: list[Callable[..., Any]] = []

    def connect(self, receiver: Callable[..., Any]) -> Callable[..., Any]:
        """Add ``receiver`` (once); usable as a decorator."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def disconnect(self, receiver: Callable[..., Any]) -> None:
        if receiver in self._receivers:
            self._receivers.remove(receiver)

    def send(self, **kwargs: Any) -> list[Any]:
        """Call every receiver with ``kwargs``; their results in order."""
        return [receiver(**kwargs) for receiver in list(self._receivers)]

    def first(self, **kwargs: Any) -> Any:
        """The first receiver's result that is not ``None`` (a provider lookup), else None."""
        for receiver in list(self._receivers):
            result = receiver(**kwargs)
            if result is not None:
                return result
        return None

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._receivers)} receivers>"
