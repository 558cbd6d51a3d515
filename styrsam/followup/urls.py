from django.urls import path

from .views import assessment, panels, public, results

app_name = "followup"

urlpatterns = [
    # the yearly self-assessment (G30)
    path("uppfoljning/", assessment.round_list, name="round_list"),
    path("uppfoljning/export.<str:fmt>", assessment.round_export_list, name="round_export_list"),
    path("uppfoljning/ny/", assessment.round_create, name="round_create"),
    path("uppfoljning/<int:pk>/", assessment.round_detail, name="round_detail"),
    path("uppfoljning/<int:pk>/tilldela/", assessment.assignment_add, name="assignment_add"),
    path(
        "uppfoljning/<int:pk>/tilldela/<int:assignment>/ta-bort/",
        assessment.assignment_remove,
        name="assignment_remove",
    ),
    path("uppfoljning/<int:pk>/sammanstall/", assessment.round_compile, name="round_compile"),
    path("uppfoljning/<int:pk>/skicka/", assessment.round_send, name="round_send"),
    path("uppfoljning/<int:pk>/resultat/", results.round_results_page, name="round_results"),
    path("uppfoljning/<int:pk>/resultat.xlsx", results.round_workbook, name="round_workbook"),
    path(
        "uppfoljning/<int:pk>/resultatfil.json",
        results.round_result_file,
        name="round_result_file",
    ),
    path("uppfoljning/uppdrag/<int:pk>/", assessment.assignment_answer, name="assignment_answer"),
    path("uppfoljning/instrument/", assessment.instrument_list, name="instrument_list"),
    path("uppfoljning/instrument/ladda/", assessment.instrument_upload, name="instrument_upload"),
    path(
        "uppfoljning/instrument/<int:pk>/", assessment.instrument_detail, name="instrument_detail"
    ),
    path("uppfoljning/jamforelser/", results.comparison_list, name="comparison_list"),
    path("uppfoljning/jamforelser/importera/", results.comparison_import, name="comparison_import"),
    path(
        "uppfoljning/jamforelser/<int:pk>/ta-bort/",
        results.comparison_delete,
        name="comparison_delete",
    ),
    # citizen panels (G31), for staff
    path("medborgarpaneler/", panels.panel_list, name="panel_list"),
    path("medborgarpaneler/ny/", panels.panel_create, name="panel_create"),
    path("medborgarpaneler/enkater/", panels.survey_list, name="survey_list"),
    path("medborgarpaneler/<int:pk>/", panels.panel_detail, name="panel_detail"),
    path("medborgarpaneler/<int:pk>/andra/", panels.panel_edit, name="panel_edit"),
    path("medborgarpaneler/<int:pk>/medlemmar/", panels.member_list, name="member_list"),
    path("medborgarpaneler/<int:pk>/bjud-in/", panels.member_invite, name="member_invite"),
    path("medborgarpaneler/<int:pk>/ny-enkat/", panels.survey_create, name="survey_create"),
    path("medborgarpaneler/medlem/<int:pk>/", panels.member_detail, name="member_detail"),
    path("medborgarpaneler/medlem/<int:pk>/utdrag/", panels.member_export, name="member_export"),
    path("medborgarpaneler/medlem/<int:pk>/radera/", panels.member_erase, name="member_remove"),
    path("medborgarpaneler/enkater/<int:pk>/", panels.survey_detail, name="survey_detail"),
    path("medborgarpaneler/enkater/<int:pk>/andra/", panels.survey_edit, name="survey_edit"),
    path("medborgarpaneler/enkater/<int:pk>/fragor/", panels.question_add, name="question_add"),
    path(
        "medborgarpaneler/enkater/<int:pk>/fragor/<int:question>/ta-bort/",
        panels.question_remove,
        name="question_remove",
    ),
    path("medborgarpaneler/enkater/<int:pk>/skicka/", panels.survey_send, name="survey_send"),
    path("medborgarpaneler/enkater/<int:pk>/avsluta/", panels.survey_close, name="survey_close"),
    path(
        "medborgarpaneler/enkater/<int:pk>/resultat/",
        panels.survey_results_page,
        name="survey_results",
    ),
    path(
        "medborgarpaneler/enkater/<int:pk>/resultat.xlsx",
        panels.survey_workbook,
        name="survey_workbook",
    ),
    # the citizens' own pages: no login, no cookies (G31)
    path("medborgare/panel/<str:token>/", public.member_page, name="member_page"),
    path("medborgare/panel/<str:token>/uppgifter/", public.member_data_page, name="member_data"),
    path("medborgare/panel/<str:token>/radera/", public.member_erase_page, name="member_erase"),
    path("medborgare/avregistrera/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("medborgare/enkat/<str:token>/", public.survey_answer, name="survey_answer"),
    path("medborgare/tack/", public.survey_thanks, name="survey_thanks"),
]
