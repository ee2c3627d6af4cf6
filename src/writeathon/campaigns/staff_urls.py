"""Staff pages of campaigns, under /staff/campaigns/."""

from __future__ import annotations

from django.urls import path

from writeathon.campaigns import staff_views

app_name = "campaign-staff"

urlpatterns = [
    path("<slug:campaign_slug>/window/", staff_views.window_edit, name="window"),
    path("<slug:campaign_slug>/copy/", staff_views.copy_preview, name="copy"),
    path("<slug:campaign_slug>/import/", staff_views.import_upload, name="import"),
    path("imports/<int:import_id>/", staff_views.import_detail, name="import-detail"),
    path("imports/<int:import_id>/confirm/", staff_views.import_confirm, name="import-confirm"),
]
