from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language

from writeathon.actions import views as action_views
from writeathon.campaigns import views as campaign_views
from writeathon.core import second_factor
from writeathon.core import views as core_views
from writeathon.delivery import views as delivery_views
from writeathon.delivery import webhooks
from writeathon.reporting import views as reporting_views
from writeathon.supporters import views as supporter_views

# A database outage met outside a view still answers 503 (writeathon.core.database_outage).
handler500 = "writeathon.core.database_outage.server_error"

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

outbox_patterns = (
    [
        path("", delivery_views.outbox, name="list"),
        path("retry/", delivery_views.outbox_retry, name="retry"),
        path("<int:delivery_id>/", delivery_views.delivery_detail, name="detail"),
        # Moved to /staff/moderation/ (every held message, not only these): a redirect.
        path("solidarity/", delivery_views.solidarity_queue, name="solidarity"),
        path("print-runs/", delivery_views.print_run_list, name="print-runs"),
        path("print-runs/new/", delivery_views.print_run_new, name="print-run-new"),
        path(
            "print-runs/<int:print_run_id>/pdf", delivery_views.print_run_pdf, name="print-run-pdf"
        ),
        path(
            "print-runs/<int:print_run_id>/posted/",
            delivery_views.print_run_posted,
            name="print-run-posted",
        ),
    ],
    "outbox",
)

supporter_patterns = (
    [
        path("my-data/", supporter_views.manage, name="manage"),
        path("my-data/sent/", supporter_views.manage_sent, name="manage-sent"),
        path("my-data/<str:token>/", supporter_views.data_page, name="data"),
        path("my-data/<str:token>/data.json", supporter_views.data_json, name="export-json"),
        path("my-data/<str:token>/data.csv", supporter_views.data_csv, name="export-csv"),
        path(
            "my-data/<str:token>/stop-email/",
            supporter_views.data_stop_email,
            name="stop-email",
        ),
        path("my-data/<str:token>/erase/", supporter_views.data_erase, name="erase"),
        path("unsubscribe/<str:token>/", supporter_views.unsubscribe, name="unsubscribe"),
    ],
    "supporters",
)

urlpatterns = [
    path("", include(campaign_patterns)),
    path("", include(action_patterns)),
    path("", include(supporter_patterns)),
    path("counter.json", reporting_views.counter_json, name="counter-json"),
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", delivery_views.metrics, name="metrics"),
    path("webhooks/sms/", webhooks.sms_inbound, name="sms-inbound"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("staff/two-factor/", second_factor.two_factor, name="staff-two-factor"),
    path(
        "staff/two-factor/enrol/<str:token>/",
        second_factor.two_factor_enrol,
        name="staff-two-factor-enrol",
    ),
    path("staff/mail/", core_views.mail_list, name="staff-mail"),
    path("staff/mail/<str:name>", core_views.mail_detail, name="staff-mail-detail"),
    path("staff/outbox/", include(outbox_patterns)),
    path("staff/abuse/", include("writeathon.abuse.urls")),
    path("staff/moderation/", include("writeathon.moderation.urls")),
    path("admin/", admin.site.urls),
]

if settings.MODE != "production":
    # Uploaded photos; in production the web server or object storage serves MEDIA_ROOT.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", core_views.media, name="media"),
    ]
