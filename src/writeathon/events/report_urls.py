"""Report-back pages for hosts, and the staff pages for held reports and tally imports."""

from __future__ import annotations

from django.urls import path

from writeathon.events import report_views

app_name = "event_reports"

urlpatterns = [
    path("events/<uuid:public_id>/report/", report_views.report, name="report"),
    path(
        "events/<uuid:public_id>/report/sign-up-sheet/",
        report_views.signup_sheet,
        name="signup-sheet",
    ),
    path(
        "events/sign-up/confirm/<str:token>/",
        report_views.signup_confirm,
        name="signup-confirm",
    ),
    path("staff/tallies/", report_views.tallies, name="tallies"),
    path("staff/tallies/held/", report_views.held_reports, name="held"),
    path("staff/tallies/held/<int:report_id>/", report_views.held_review, name="held-review"),
    path("staff/tallies/ratio/", report_views.rules_set, name="rules"),
    path("staff/tallies/<uuid:public_id>/", report_views.tally_import, name="tally-import"),
    path(
        "staff/tallies/<uuid:public_id>/start/",
        report_views.tally_import_begin,
        name="tally-import-start",
    ),
]
