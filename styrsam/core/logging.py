"""JSON log lines (``LOG_FORMAT=json``): one object per line, for journald, Loki or Elastic.

Every line has ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message`` and ``request_id``;
an exception adds ``exc_info`` (the formatted traceback); values passed with ``extra=`` are kept
(``method``, ``path``, ``status``, ``duration_ms`` of the request log, ``task`` of a task)."""

from __future__ import annotations

import datetime
import json
import logging

# Attributes every LogRecord has; anything else was passed with ``extra=``.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or "-",
        }
        for key, value in vars(record).items():
            if key == "request":  # django.request's HttpRequest: its path is what helps
                line.setdefault("path", getattr(value, "path", None))
            elif key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)
