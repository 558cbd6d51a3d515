"""§ numbers move to the kit's gap-free ``core.Sequence``; the lock of approved §§ becomes the
kit's ``LockedOnceTrigger``.

1. Each ``MinuteCounter`` (group, year, last number) becomes the ``core.Sequence`` row
   ``minutes:<group code>`` of that year with the same last number, so the next § of every
   group and year gets exactly the number it would have got (never lower than a § already
   written). Reversible: the rows go back to ``MinuteCounter``.
2. ``MinuteCounter`` is removed.
3. On PostgreSQL the trigger of 0001 (``meetings_minuteitem_locked_guard``, ``WHEN OLD.locked``)
   is replaced by ``LockedOnceTrigger`` with the model's ``locked_when`` (``OLD.locked = TRUE``):
   UPDATE and DELETE of a locked § stay refused, also by raw SQL.
"""

from django.db import migrations
from django.db.models import Max

from styrsam.core.db import AppendOnlyTrigger, LockedOnceTrigger

# The key of a group's § numbers (MinuteItem.number_key); written out so that this migration
# keeps meaning what it meant when it ran.
PREFIX = "minutes:"

FIRST_GUARD = AppendOnlyTrigger(
    "meetings_minuteitem",
    name="meetings_minuteitem_locked_guard",
    message="Raden i meetings_minuteitem är justerad och låst",
    when="OLD.locked",
)


def counters_to_sequence(apps, schema_editor):
    MinuteCounter = apps.get_model("meetings", "MinuteCounter")
    MinuteItem = apps.get_model("meetings", "MinuteItem")
    GovernanceGroup = apps.get_model("organisation", "GovernanceGroup")
    Sequence = apps.get_model("core", "Sequence")
    codes = dict(GovernanceGroup.objects.values_list("pk", "code"))
    last: dict[tuple[int, int], int] = {}
    for group_id, year, number in MinuteCounter.objects.values_list(
        "group_id", "year", "last_number"
    ):
        last[(group_id, year)] = number
    # a § written without its counter (rows copied in by hand) still keeps its number
    for row in MinuteItem.objects.values("group_id", "year").annotate(top=Max("number")):
        key = (row["group_id"], row["year"])
        last[key] = max(last.get(key, 0), row["top"])
    for (group_id, year), number in sorted(last.items()):
        sequence, created = Sequence.objects.get_or_create(
            key=f"{PREFIX}{codes[group_id]}", year=year, defaults={"last_number": number}
        )
        if not created and sequence.last_number < number:
            sequence.last_number = number
            sequence.save(update_fields=["last_number"])


def sequence_to_counters(apps, schema_editor):
    MinuteCounter = apps.get_model("meetings", "MinuteCounter")
    GovernanceGroup = apps.get_model("organisation", "GovernanceGroup")
    Sequence = apps.get_model("core", "Sequence")
    groups = dict(GovernanceGroup.objects.values_list("code", "pk"))
    rows = Sequence.objects.filter(key__startswith=PREFIX)
    MinuteCounter.objects.bulk_create(
        MinuteCounter(group_id=groups[s.key[len(PREFIX) :]], year=s.year, last_number=s.last_number)
        for s in rows
        if s.key[len(PREFIX) :] in groups
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_gap_free_sequence"),
        ("organisation", "0001_municipality_groups_roles"),
        ("meetings", "0002_case_links"),
    ]

    operations = [
        migrations.RunPython(counters_to_sequence, sequence_to_counters),
        migrations.DeleteModel(name="MinuteCounter"),
        # the first guard off (back on when migrating backwards) …
        migrations.RunPython(FIRST_GUARD.reverse_code, FIRST_GUARD.code, elidable=False),
        # … the kit's guard on, with the model's condition
        LockedOnceTrigger("meetings_minuteitem", {"locked": True}),
    ]
