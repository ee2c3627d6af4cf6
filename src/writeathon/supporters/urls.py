"""Supporters' own pages: their data, its export and erasure, unsubscribing."""

from __future__ import annotations

from django.urls import path

from writeathon.supporters import views

app_name = "supporters"

urlpatterns = [
    path("my-data/", views.manage, name="manage"),
    path("my-data/sent/", views.manage_sent, name="manage-sent"),
    path("my-data/<str:token>/", views.data_page, name="data"),
    path("my-data/<str:token>/data.json", views.data_json, name="export-json"),
    path("my-data/<str:token>/data.csv", views.data_csv, name="export-csv"),
    path(
        "my-data/<str:token>/stop-email/",
        views.data_stop_email,
        name="stop-email",
    ),
    path(
        "my-data/<str:token>/email-again/",
        views.data_email_again,
        name="email-again",
    ),
    path("my-data/<str:token>/erase/", views.data_erase, name="erase"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
