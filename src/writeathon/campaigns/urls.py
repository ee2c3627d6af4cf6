"""Public pages of campaigns and cases, at the root of the site."""

from __future__ import annotations

from django.urls import path

from writeathon.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.home, name="home"),
    path("campaigns/<slug:campaign_slug>/", views.campaign_detail, name="campaign"),
    path(
        "campaigns/<slug:campaign_slug>/cases/<slug:case_slug>/",
        views.case_detail,
        name="case",
    ),
]
