from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import NavItem, StyrsamAppConfig


class DocumentsConfig(StyrsamAppConfig):
    name = "styrsam.documents"
    label = "documents"
    verbose_name = _("Styrdokument")
    navigation = [
        NavItem("documents:document_list", _("Styrdokument"), "documents.view_documents", 78),
    ]
    audit_actions = {
        "document.create": _("Styrdokument skapat"),
        "document.update": _("Styrdokument ändrat"),
        "document.version_create": _("Ny version av styrdokument påbörjad"),
        "document.text_update": _("Styrdokumentets text ändrad"),
        "document.consult": _("Styrdokument skickat på remiss"),
        "document.adopt": _("Styrdokument fastställt"),
        "document.publish": _("Styrdokument publicerat"),
        "document.repeal": _("Styrdokument upphävt"),
        "document.remind": _("Påminnelse om revidering skickad"),
        "document.policy_draft": _("Policyfil knuten till riktlinjens version"),
        "document.attachment_add": _("Bilaga tillagd"),
        "document.attachment_remove": _("Bilaga borttagen"),
    }

    def ready(self):
        super().ready()
        from styrsam.guideline.hooks import policy_adopting

        from .services import refuse_policy_adopted_alone

        policy_adopting.connect(refuse_policy_adopted_alone)
