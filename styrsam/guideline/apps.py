from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelineConfig(AppConfig):
    name = "styrsam.guideline"
    label = "guideline"
    verbose_name = _("Riktlinje och policy")
