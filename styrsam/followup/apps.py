from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import NavItem, StyrsamAppConfig


class FollowupConfig(StyrsamAppConfig):
    name = "styrsam.followup"
    label = "followup"
    verbose_name = _("Uppföljning")
    navigation = [
        NavItem("followup:round_list", _("Uppföljning"), "followup.view_rounds", 80),
        NavItem("followup:panel_list", _("Medborgarpaneler"), "followup.view_panels", 85),
    ]
    audit_actions = {
        "assessment_instrument.load": _("Självskattningsinstrument laddat"),
        "assessment_round.open": _("Självskattning öppnad"),
        "assessment_round.assign": _("Område tilldelat"),
        "assessment_round.unassign": _("Tilldelning borttagen"),
        "assessment_round.compile": _("Självskattning sammanställd"),
        "assessment_round.send": _("Resultat skickat till styrgruppen"),
        "assessment_round.remind": _("Påminnelse om självskattningen skickad"),
        "assessment_answer.save": _("Svar i självskattning sparat"),
        "assessment_comparison.import": _("Jämförelse med annan kommun importerad"),
        "assessment_comparison.delete": _("Jämförelse borttagen"),
        "panel.create": _("Medborgarpanel skapad"),
        "panel.update": _("Medborgarpanel ändrad"),
        "panel_member.invite": _("Panelmedlem inbjuden"),
        "panel_member.consent": _("Samtycke lämnat"),
        "panel_member.unsubscribe": _("Panelmedlem avregistrerad"),
        "panel_member.erase": _("Panelmedlem raderad"),
        "panel_member.export": _("Registerutdrag för panelmedlem hämtat"),
        "panel.purge": _("Personuppgifter raderade efter lagringstiden"),
        "survey.create": _("Enkät skapad"),
        "survey.update": _("Enkät ändrad"),
        "survey.question_add": _("Fråga tillagd"),
        "survey.question_remove": _("Fråga borttagen"),
        "survey.send": _("Enkät skickad"),
        "survey.close": _("Enkät avslutad"),
    }
