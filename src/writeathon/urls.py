from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language

from writeathon.api.v1 import api as partner_api
from writeathon.core import second_factor
from writeathon.core import views as core_views
from writeathon.delivery import views as delivery_views
from writeathon.delivery import webhooks
from writeathon.reporting import views as reporting_views

# A database outage met outside a view still answers 503 (writeathon.core.database_outage).
handler500 = "writeathon.core.database_outage.server_error"

admin.site.site_header = "Writeathon"
admin.site.site_title = "Writeathon"

urlpatterns = [
    path("", include("writeathon.campaigns.urls")),
    path("", include("writeathon.actions.urls")),
    path("", include("writeathon.supporters.urls")),
    path("api/v1/", partner_api.urls),
    path("sections/", include("writeathon.sections.urls")),
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
    path("staff/outbox/", include("writeathon.delivery.urls")),
    path("staff/abuse/", include("writeathon.abuse.urls")),
    path("staff/moderation/", include("writeathon.moderation.urls")),
    path("admin/", admin.site.urls),
]

if settings.MODE != "production":
    # Uploaded photos; in production the web server or object storage serves MEDIA_ROOT.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", core_views.media, name="media"),
    ]
