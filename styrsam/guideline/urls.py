from django.urls import path

from . import views

app_name = "guideline"

urlpatterns = [
    path("riktlinje/", views.policy_page, name="policy"),
    path("riktlinje/version/<int:number>/", views.version_page, name="version"),
    path("riktlinje/version/<int:number>/anta/", views.version_adopt, name="version_adopt"),
]
