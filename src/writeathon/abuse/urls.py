"""Staff pages of abuse resistance, under /staff/abuse/."""

from __future__ import annotations

from django.urls import path

from writeathon.abuse import views

app_name = "abuse"

urlpatterns = [
    path("", views.traffic, name="traffic"),
    path("rules/add/", views.rule_add, name="rule-add"),
    path("rules/remove/", views.rule_remove, name="rule-remove"),
]
