from django.urls import path

from . import views

app_name = "guideline"

urlpatterns = [path("riktlinje/", views.policy_page, name="policy")]
