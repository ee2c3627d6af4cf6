from __future__ import annotations

from django.urls import path

from writeathon.events import views

app_name = "events"

urlpatterns = [
    path("events/", views.finder, name="finder"),
    path("events/map.svg", views.world_map, name="map"),
    path("events/<uuid:public_id>/", views.detail, name="detail"),
    path("events/<uuid:public_id>/calendar.ics", views.calendar_file, name="calendar"),
    path("events/rsvp/confirm/<str:token>/", views.rsvp_confirm_view, name="rsvp-confirm"),
    path("events/rsvp/cancel/<str:token>/", views.rsvp_cancel_view, name="rsvp-cancel"),
    path("events/host/", views.host_start, name="host-start"),
    path("events/host/sent/", views.host_sent, name="host-sent"),
    path("events/host/sign-in/<str:token>/", views.host_sign_in_view, name="host-sign-in"),
    path("events/host/sign-out/", views.host_sign_out, name="host-sign-out"),
    path("events/host/events/", views.host_home, name="host-home"),
    path("events/host/events/new/", views.event_new, name="event-new"),
    path("events/host/events/<uuid:public_id>/", views.host_event, name="host-event"),
    path("events/host/events/<uuid:public_id>/edit/", views.event_edit, name="event-edit"),
    path(
        "events/host/events/<uuid:public_id>/print-pack/<str:language>/",
        views.host_event_print_pack,
        name="event-print-pack",
    ),
    path(
        "events/host/events/<uuid:public_id>/cancel/",
        views.event_cancel_view,
        name="event-cancel",
    ),
    path("events/host/events/<uuid:public_id>/message/", views.event_message, name="event-message"),
    path("staff/events/", views.staff_list, name="staff-list"),
    path("staff/events/export.csv", views.staff_csv, name="staff-csv"),
    path("staff/events/<uuid:public_id>/", views.staff_event, name="staff-event"),
    path("staff/events/<uuid:public_id>/review/", views.staff_review, name="staff-review"),
]
