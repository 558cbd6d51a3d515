"""The latest traffic light stored on the project (G14), filled from the status reports.

The portfolio filtered and sorted on a correlated subquery per project; the column is written
from now on by ``services.reports.refresh_latest_lights`` alone. The backfill below is the
same UPDATE, on the historical models."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    ProjectReport = apps.get_model("projects", "ProjectReport")
    latest = Subquery(
        ProjectReport.objects.filter(project=OuterRef("pk"))
        .order_by("-meeting__date", "-pk")
        .values("light")[:1]
    )
    Project.objects.update(latest_light=latest)


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0004_guards_integrity_c"),
        ("projects", "0001_projects_plans_reports_staffing_projects"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="latest_light",
            field=models.CharField(
                blank=True,
                choices=[("green", "Grönt"), ("yellow", "Gult"), ("red", "Rött")],
                editable=False,
                max_length=10,
                null=True,
                verbose_name="senaste trafikljus",
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                fields=["latest_light", "name", "id"], name="project_light_name_idx"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
