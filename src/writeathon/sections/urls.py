"""A section's own page and its colours."""

from __future__ import annotations

from django.urls import path

from writeathon.sections import views

app_name = "sections"

urlpatterns = [
    path("<slug:slug>/", views.section_detail, name="section"),
    path("<slug:slug>/theme.css", views.section_theme, name="theme"),
]
