from django.urls import path

from . import views_calendar, views_compliance, views_meetings, views_minutes

app_name = "meetings"

urlpatterns = [
    path("moten/", views_meetings.meeting_list, name="meeting_list"),
    path("moten/planera/<slug:code>/", views_meetings.meeting_plan, name="meeting_plan"),
    path("moten/<int:pk>/", views_meetings.meeting_detail, name="meeting_detail"),
    path("moten/<int:pk>/historik/", views_meetings.meeting_history, name="meeting_history"),
    path("moten/<int:pk>/genomfort/", views_meetings.meeting_held, name="meeting_held"),
    path("moten/<int:pk>/installt/", views_meetings.meeting_cancel, name="meeting_cancel"),
    path("moten/<int:pk>/punkter/", views_meetings.agenda_add, name="agenda_add"),
    path(
        "moten/<int:pk>/punkter/<int:item>/<str:direction>/",
        views_meetings.agenda_move,
        name="agenda_move",
    ),
    path(
        "moten/<int:pk>/hamta-arenden/",
        views_meetings.agenda_ready_cases,
        name="agenda_ready_cases",
    ),
    path("moten/<int:pk>/skicka/", views_meetings.agenda_send, name="agenda_send"),
    path("moten/<int:pk>/narvaro/", views_meetings.attendance_save, name="attendance"),
    path("moten/<int:pk>/statusrapport/", views_meetings.status_report, name="status_report"),
    path("moten/<int:pk>/foredragningslista.pdf", views_meetings.agenda_pdf, name="agenda_pdf"),
    path("moten/<int:pk>/paragrafer/", views_minutes.minute_add, name="minute_add"),
    path("moten/<int:pk>/paragrafer/<int:item>/", views_minutes.minute_edit, name="minute_edit"),
    path("moten/<int:pk>/justerare/", views_minutes.adjuster_set, name="adjuster"),
    path("moten/<int:pk>/justera/", views_minutes.minutes_approve, name="minutes_approve"),
    path("moten/<int:pk>/protokoll.pdf", views_minutes.minutes_pdf, name="minutes_pdf"),
    path("moten/<int:pk>/mote.ics", views_calendar.meeting_download, name="meeting_ics"),
    path("efterlevnad/", views_compliance.compliance, name="compliance"),
    path(
        "efterlevnad/export.<str:fmt>",
        views_compliance.compliance_export,
        name="compliance_export",
    ),
    path("bolagsmoten/", views_compliance.company_meetings, name="company_meetings"),
    path("kalender/", views_calendar.calendar_page, name="calendar"),
    path("kalender/ny-nyckel/", views_calendar.calendar_renew, name="calendar_renew"),
    path("kalender/<str:token>/mina.ics", views_calendar.feed_person, name="feed_person"),
    path(
        "kalender/<str:token>/grupp/<slug:code>.ics",
        views_calendar.feed_group,
        name="feed_group",
    ),
]
