from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo municipality and the benchmark built on it (``styrsam manage benchmark``):
    installed for its management command; it has no models."""

    name = "styrsam.demo"
    label = "demo"
    verbose_name = "Demo och prestandamätning"
