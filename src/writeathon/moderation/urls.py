"""Staff pages of moderation, under /staff/moderation/."""

from __future__ import annotations

from django.urls import path

from writeathon.moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("decide/", views.decide, name="decide"),
    path("<int:delivery_id>/", views.item, name="item"),
]
