from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language
from django.views.static import serve

from writeathon.actions import views as action_views
from writeathon.campaigns import views as campaign_views
from writeathon.core import views as core_views
from writeathon.reporting import views as reporting_views

admin.site.site_header = "Writeathon"
admin.site.site_title = "Writeathon"

campaign_patterns = (
    [
        path("", campaign_views.home, name="home"),
        path("campaigns/<slug:campaign_slug>/", campaign_views.campaign_detail, name="campaign"),
        path(
            "campaigns/<slug:campaign_slug>/cases/<slug:case_slug>/",
            campaign_views.case_detail,
            name="case",
        ),
    ],
    "campaigns",
)

action_patterns = (
    [
        path(
            "campaigns/<slug:campaign_slug>/cases/<slug:case_slug>/act/<slug:channel>/",
            action_views.case_act,
            name="act",
        ),
        path("thanks/<uuid:public_id>/", action_views.thanks, name="thanks"),
        path("thanks/<uuid:public_id>/resend/", action_views.thanks_resend, name="resend"),
        path("confirm/<str:token>/", action_views.confirm, name="confirm"),
    ],
    "actions",
)

urlpatterns = [
    path("", include(campaign_patterns)),
    path("", include(action_patterns)),
    path("counter.json", reporting_views.counter_json, name="counter-json"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("staff/mail/", core_views.mail_list, name="staff-mail"),
    path("staff/mail/<str:name>", core_views.mail_detail, name="staff-mail-detail"),
    path("admin/", admin.site.urls),
]

if settings.MODE != "production":
    # Uploaded photos; in production the web server or object storage serves MEDIA_ROOT.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
