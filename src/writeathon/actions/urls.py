"""Public pages of taking an action: the form, the thanks page, the confirmation link."""

from __future__ import annotations

from django.urls import path

from writeathon.actions import views

app_name = "actions"

urlpatterns = [
    path(
        "campaigns/<slug:campaign_slug>/cases/<slug:case_slug>/act/",
        views.case_act,
        name="act",
    ),
    path("thanks/<uuid:public_id>/", views.thanks, name="thanks"),
    path("thanks/<uuid:public_id>/resend/", views.thanks_resend, name="resend"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
