from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RentalConfig(AppConfig):
    name = "styrsam.rental"
    verbose_name = _("Hyressystemet")
