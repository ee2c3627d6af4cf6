"""Staff pages of the outbox and print runs, under /staff/outbox/."""

from __future__ import annotations

from django.urls import path

from writeathon.delivery import views

app_name = "outbox"

urlpatterns = [
    path("", views.outbox, name="list"),
    path("retry/", views.outbox_retry, name="retry"),
    path("<int:delivery_id>/", views.delivery_detail, name="detail"),
    # Moved to /staff/moderation/ (every held message, not only these): a redirect.
    path("solidarity/", views.solidarity_queue, name="solidarity"),
    path("print-runs/", views.print_run_list, name="print-runs"),
    path("print-runs/new/", views.print_run_new, name="print-run-new"),
    path("print-runs/<int:print_run_id>/pdf", views.print_run_pdf, name="print-run-pdf"),
    path(
        "print-runs/<int:print_run_id>/posted/",
        views.print_run_posted,
        name="print-run-posted",
    ),
    path("hand-ins/", views.hand_in_list, name="hand-ins"),
    path("hand-ins/case/<int:case_id>/", views.hand_in_case, name="hand-in-case"),
    path("hand-ins/<int:hand_in_id>/pdf", views.hand_in_pdf_download, name="hand-in-pdf"),
    path("hand-ins/<int:hand_in_id>/csv", views.hand_in_csv_download, name="hand-in-csv"),
    path("hand-ins/<int:hand_in_id>/handed-in/", views.hand_in_done, name="hand-in-done"),
]
