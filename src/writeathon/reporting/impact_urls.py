"""Impact's addresses: the public timeline, a supporter's own page, the widget, and the
staff pages for updates and the widget snippet."""

from __future__ import annotations

from django.urls import path

from writeathon.reporting import impact_views as views

urlpatterns = [
    path("impact/", views.impact, name="impact"),
    path("my-page/<str:token>/", views.supporter_page, name="supporter-page"),
    path("widget/<slug:campaign_slug>/", views.widget, name="widget-campaign"),
    path("widget/<slug:campaign_slug>/<slug:case_slug>/", views.widget, name="widget-case"),
    path("staff/updates/", views.staff_updates, name="staff-updates"),
    path("staff/updates/new/", views.staff_update_new, name="staff-update-new"),
    path("staff/updates/<int:update_id>/", views.staff_update, name="staff-update"),
    path("staff/updates/<int:update_id>/edit/", views.staff_update_edit, name="staff-update-edit"),
    path("staff/updates/<int:update_id>/send/", views.staff_update_send, name="staff-update-send"),
    path("staff/widget/", views.staff_widget, name="staff-widget"),
]
