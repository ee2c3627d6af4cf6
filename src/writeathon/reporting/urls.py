"""Staff pages of the reports, under /staff/reports/."""

from __future__ import annotations

from django.urls import path

from writeathon.reporting import views

app_name = "reports"

urlpatterns = [
    path("", views.reports, name="dashboard"),
    path("<slug:table>.<slug:fmt>", views.report_download, name="download"),
]
