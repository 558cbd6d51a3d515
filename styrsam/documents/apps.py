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
    }
