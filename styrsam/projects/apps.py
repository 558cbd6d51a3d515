from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import NavItem, StyrsamAppConfig


class ProjectsConfig(StyrsamAppConfig):
    name = "styrsam.projects"
    label = "projects"
    verbose_name = _("Projekt")
    navigation = [
        NavItem("projects:project_list", _("Projekt"), "projects.view_projects", 105),
    ]
    audit_actions = {
        "project.create": _("Projekt registrerat"),
        "project.update": _("Projekt ändrat"),
        "project.phase": _("Projektets fas ändrad"),
        "project_report.submit": _("Statusrapport för projekt lämnad"),
        "project_report.replace": _("Statusrapport för projekt ersatt"),
        "staffing.create": _("IT-personal bemannad på projekt"),
        "staffing.remove": _("Bemanning borttagen"),
        "mission_plan.create": _("Uppdragsplan registrerad"),
        "goal.create": _("Mål tillagt"),
        "goal.import": _("Mål importerade från Excel"),
        "operational_plan.create": _("Verksamhetsplan registrerad"),
        "activity.create": _("Aktivitet tillagd"),
    }

    def ready(self) -> None:
        super().ready()
        from styrsam.cases.hooks import case_forwarded, register_case_section
        from styrsam.meetings.hooks import meeting_moved, register_meeting_section

        from .sections import CASE_SECTIONS, MEETING_SECTIONS
        from .services import project_from_case
        from .services.reports import meeting_moved as reports_meeting_moved

        case_forwarded.connect(project_from_case)
        meeting_moved.connect(reports_meeting_moved)
        for section in CASE_SECTIONS:
            register_case_section(section)
        for section in MEETING_SECTIONS:
            register_meeting_section(section)
