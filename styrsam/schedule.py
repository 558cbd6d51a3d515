"""The periodic work that ``styrsam beat`` (celery beat) sends to the workers.

Adding a task to the schedule is one line below: the task's name and when, as a cron
expression (minute hour day-of-month month day-of-week) in TIME_ZONE (Europe/Stockholm).
Every task inherits retries with backoff and the report of a final failure from
``styrsam.core.tasking.ReportedTask``."""

from __future__ import annotations

from celery.schedules import crontab

PERIODIC_TASKS: dict[str, str] = {
    "guideline.activate_due_policy": "5 0 * * *",  # G29: an adopted policy on its effective date
    "cases.close_due_consultations": "*/15 * * * *",  # G14, G21: deadline passed or all answered
    "meetings.remind_conveners": "0 7 * * mon",  # G13–G16: groups that cannot reach their frequency
    "meetings.remind_company_meetings": "15 7 * * mon",  # G04: companies not yet met this year
    "rental.monthly_rent_run": "0 3 1 * *",  # G08, G24: last month's rent, if the policy says so
    "followup.remind_respondents": "30 7 * * *",  # G30: a week before the self-assessment's deadline
    "followup.purge_panel_data": "45 3 * * *",  # G31: citizen panels' personal data past its time
    "documents.remind_reviews": "0 7 * * *",  # G28: owners of documents due for review
    "projects.remind_reporters": "0 7 * * *",  # G14: projects not reported before the next meeting
}


def beat_schedule(tasks: dict[str, str] | None = None) -> dict[str, dict]:
    """CELERY_BEAT_SCHEDULE from ``{task name: "cron"}``."""
    schedule = {}
    for name, cron in (PERIODIC_TASKS if tasks is None else tasks).items():
        minute, hour, day_of_month, month_of_year, day_of_week = cron.split()
        schedule[name] = {
            "task": name,
            "schedule": crontab(
                minute=minute,
                hour=hour,
                day_of_month=day_of_month,
                month_of_year=month_of_year,
                day_of_week=day_of_week,
            ),
        }
    return schedule
