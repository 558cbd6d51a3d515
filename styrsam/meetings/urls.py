from django.urls import path

from .views import calendar, compliance, meetings, minutes

app_name = "meetings"

urlpatterns = [
    path("moten/", meetings.meeting_list, name="meeting_list"),
    path("moten/export.<str:fmt>", meetings.meeting_export, name="meeting_export"),
    path("moten/planera/<slug:code>/", meetings.meeting_plan, name="meeting_plan"),
    path("moten/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("moten/<int:pk>/historik/", meetings.meeting_history, name="meeting_history"),
    path("moten/<int:pk>/genomfort/", meetings.meeting_held, name="meeting_held"),
    path("moten/<int:pk>/installt/", meetings.meeting_cancel, name="meeting_cancel"),
    path("moten/<int:pk>/punkter/", meetings.agenda_add, name="agenda_add"),
    path(
        "moten/<int:pk>/punkter/<int:item>/<str:direction>/",
        meetings.agenda_move,
        name="agenda_move",
    ),
    path("moten/<int:pk>/hamta-arenden/", meetings.agenda_ready_cases, name="agenda_ready_cases"),
    path("moten/<int:pk>/skicka/", meetings.agenda_send, name="agenda_send"),
    path("moten/<int:pk>/narvaro/", meetings.attendance_save, name="attendance"),
    path("moten/<int:pk>/statusrapport/", meetings.status_report, name="status_report"),
    path("moten/<int:pk>/foredragningslista.pdf", meetings.agenda_pdf, name="agenda_pdf"),
    path("moten/<int:pk>/paragrafer/", minutes.minute_add, name="minute_add"),
    path("moten/<int:pk>/paragrafer/<int:item>/", minutes.minute_edit, name="minute_edit"),
    path("moten/<int:pk>/justerare/", minutes.adjuster_set, name="adjuster"),
    path("moten/<int:pk>/justera/", minutes.minutes_approve, name="minutes_approve"),
    path("moten/<int:pk>/protokoll.pdf", minutes.minutes_pdf, name="minutes_pdf"),
    path("moten/<int:pk>/mote.ics", calendar.meeting_download, name="meeting_ics"),
    path("efterlevnad/", compliance.compliance, name="compliance"),
    path("efterlevnad/export.<str:fmt>", compliance.compliance_export, name="compliance_export"),
    path("bolagsmoten/", compliance.company_meetings, name="company_meetings"),
    path(
        "bolagsmoten/export.<str:fmt>",
        compliance.company_meeting_export,
        name="company_meeting_export",
    ),
    path("kalender/", calendar.calendar_page, name="calendar"),
    path("kalender/ny-nyckel/", calendar.calendar_renew, name="calendar_renew"),
    path("kalender/<str:token>/mina.ics", calendar.feed_person, name="feed_person"),
    path("kalender/<str:token>/grupp/<slug:code>.ics", calendar.feed_group, name="feed_group"),
]
