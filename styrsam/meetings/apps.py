from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import HomeSection, NavItem, StyrsamAppConfig


def _coordinator_dashboard(request):
    from .dashboards import coordinator_dashboard

    return coordinator_dashboard(request)


def _coordinator_dashboard_shown(request) -> bool:
    from .dashboards import coordinator_dashboard_shown

    return coordinator_dashboard_shown(request)


class MeetingsConfig(StyrsamAppConfig):
    name = "styrsam.meetings"
    label = "meetings"
    verbose_name = _("Möten")
    navigation = [
        NavItem("meetings:meeting_list", _("Möten"), "meetings.view_meetings", 70),
    ]
    audit_field_labels = {"meetings.meeting.reason": _("Skäl")}
    audit_actions = {
        "agenda.add": _("Punkt tillagd på föredragningslistan"),
        "agenda.move": _("Punkt flyttad på föredragningslistan"),
        "agenda.ready_cases": _("Ärenden som är redo hämtade till föredragningslistan"),
        "agenda.remove": _("Punkt borttagen från föredragningslistan"),
        "agenda.resend": _("Kallelse skickad igen"),
        "agenda.send": _("Kallelse skickad"),
        "agenda.standing_items": _("Stående punkter tillagda"),
        "calendar_token.create": _("Kalenderlänk skapad"),
        "calendar_token.renew": _("Kalenderlänk förnyad"),
        "company_meeting.record": _("Bolagsmöte registrerat"),
        "meeting.attendance": _("Närvaro registrerad"),
        "meeting.cancel": _("Möte inställt"),
        "meeting.held": _("Möte genomfört"),
        "meeting.plan": _("Möte planerat"),
        "meeting.update": _("Möte ändrat"),
        "minutes.add": _("Paragraf tillagd i protokollet"),
        "minutes.adjuster": _("Justerare utsedd"),
        "minutes.approve": _("Protokollet justerat"),
        "minutes.lock": _("Protokollet justerat och låst"),
        "minutes.update": _("Paragraf ändrad"),
        "status_report.replace": _("Statusrapport ersatt"),
        "status_report.submit": _("Statusrapport lämnad"),
    }

    home_sections = [
        HomeSection(
            "dashboard-coordinator",
            "core/_dashboard.html",
            _coordinator_dashboard,
            5,
            shown=_coordinator_dashboard_shown,  # the charts load after the page (issue 18)
            label=_("året i korthet"),
        ),
    ]

    def ready(self) -> None:
        super().ready()
        from styrsam.cases.hooks import minute_decision_check

        from .services import require_runs

        minute_decision_check.connect(
            lambda *, actor, minute_item: require_runs(actor, minute_item.meeting)
        )
