"""Registration numbers move to the shared gap-free sequence (``core.Sequence``).

Each ``RegistrationCounter`` row (series, year, last number) becomes the sequence
``case:<series>`` of that year with the same last number, so the next case of a series gets
exactly the number it would have got before; then the old counter model goes. Going back
copies the sequences of cases into counters again."""

from django.db import migrations

PREFIX = "case:"


def counters_to_sequences(apps, schema_editor):
    counter_model = apps.get_model("cases", "RegistrationCounter")
    sequence_model = apps.get_model("core", "Sequence")
    for counter in counter_model.objects.all():
        sequence, _created = sequence_model.objects.get_or_create(
            key=f"{PREFIX}{counter.series}", year=counter.year
        )
        if sequence.last_number < counter.last_number:
            sequence.last_number = counter.last_number
            sequence.save(update_fields=["last_number"])


def sequences_to_counters(apps, schema_editor):
    counter_model = apps.get_model("cases", "RegistrationCounter")
    sequence_model = apps.get_model("core", "Sequence")
    for sequence in sequence_model.objects.filter(key__startswith=PREFIX):
        counter_model.objects.update_or_create(
            series=sequence.key[len(PREFIX) :],
            year=sequence.year,
            defaults={"last_number": sequence.last_number},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_decision_minute_item"),
        ("core", "0002_gap_free_sequence"),
    ]

    operations = [
        migrations.RunPython(counters_to_sequences, sequences_to_counters),
        migrations.DeleteModel(name="RegistrationCounter"),
    ]
