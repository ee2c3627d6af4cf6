"""Staff gather waiting postal letters (or approved messages of solidarity) into a print run,
download its PDF once the worker has prepared it, and mark it posted: its letters are then
delivered and each writer is told. The PDF is private: staff only, never cached."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.test import Client

from tests.delivery.outbox import confirmed_action
from tests.delivery.staff import OUTBOX, staff_user
from writeathon.campaigns.models import Case, Target
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery, PrintRun
from writeathon.delivery.services import deliveries_review

RUNS = OUTBOX + "print-runs/"
NEW = RUNS + "new/"

pytestmark = pytest.mark.usefixtures("private_files")


def _pdf_url(run: PrintRun) -> str:
    return f"{RUNS}{run.pk}/pdf"


def _posted_url(run: PrintRun) -> str:
    return f"{RUNS}{run.pk}/posted/"


def _download(client: Client, run: PrintRun) -> tuple[Any, bytes]:
    """The response to a PDF download and its whole content (reading it closes the file)."""
    response: Any = client.get(_pdf_url(run))
    content = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, content


@pytest.fixture
def letters(case: Case) -> list[Delivery]:
    actions = [
        confirmed_action(case, Channel.LETTER, email=f"writer{n}@example.net", name=f"Writer {n}")
        for n in range(2)
    ]
    return list(Delivery.objects.filter(action__in=actions).order_by("pk"))


def _make_letters_run(client: Client, case: Case, capture: Any, *, render: bool = True) -> PrintRun:
    target = Target.objects.get(case=case)
    with capture(execute=render):
        response = client.post(
            NEW, {"case": str(case.pk), "target": str(target.pk), "kind": "letters"}
        )
    assert response.status_code == 302
    assert response["Location"] == RUNS
    return PrintRun.objects.get()


def test_staff_make_a_run_of_the_waiting_letters_and_download_it(
    outbox_staff: Client,
    outbox_reader: Client,
    letters: list[Delivery],
    case: Case,
    private_files: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    page = outbox_staff.get(RUNS)
    assert page.status_code == 200
    waiting = page.context["waiting_letters"]
    assert [(w.case.name, w.target.name, w.count) for w in waiting] == [
        ("Shawkan", "Nabil Sadek", 2)
    ]
    assert "Make a print run" in page.content.decode()

    run = _make_letters_run(outbox_staff, case, django_capture_on_commit_callbacks)

    assert (run.kind, run.status, run.item_count) == ("letters", PrintRun.Status.READY, 2)
    assert run.created_by is not None
    assert run.created_by.get_username() == "outbox-staff"
    assert {d.status for d in Delivery.objects.filter(print_run=run)} == {"bundled"}
    assert [(e.action_flag, e.get_change_message()) for e in LogEntry.objects.all()] == [
        (ADDITION, "Print run created with 2 items.")
    ]
    # The file is in private storage, not under MEDIA_ROOT.
    assert list(private_files.rglob("*.pdf"))

    html = outbox_staff.get(RUNS).content.decode()
    assert f"Print run #{run.pk} is being prepared with 2 items." in html
    assert "Ready to print" in html
    assert f'href="{_pdf_url(run)}"' in html
    assert f'href="{_posted_url(run)}"' in html
    assert 'http-equiv="refresh"' not in html
    assert "No postal letter is waiting." in html

    for client in (outbox_staff, outbox_reader):
        response, content = _download(client, run)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="print-run-{run.pk}.pdf"'
        assert response["Cache-Control"] == "private, no-store"
        assert content.startswith(b"%PDF")


def test_no_pdf_for_visitors_supporters_or_other_staff(
    client: Client,
    supporter_account: Client,
    other_staff: Client,
    outbox_staff: Client,
    letters: list[Delivery],
    case: Case,
    django_capture_on_commit_callbacks: Any,
) -> None:
    run = _make_letters_run(outbox_staff, case, django_capture_on_commit_callbacks)
    visitor = client.get(_pdf_url(run))
    assert visitor.status_code == 302
    assert "/admin/login/" in visitor["Location"]
    for refused in (supporter_account, other_staff):
        response = refused.get(_pdf_url(run))
        assert response.status_code == 403
        assert b"%PDF" not in response.content


def test_a_run_being_prepared_shows_its_state_and_has_no_pdf_yet(
    outbox_staff: Client,
    letters: list[Delivery],
    case: Case,
    django_capture_on_commit_callbacks: Any,
) -> None:
    run = _make_letters_run(outbox_staff, case, django_capture_on_commit_callbacks, render=False)
    assert run.status == PrintRun.Status.RENDERING

    page = outbox_staff.get(RUNS)
    html = page.content.decode()
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "Being prepared" in html
    assert _pdf_url(run) not in html
    assert _posted_url(run) not in html
    assert outbox_staff.get(_pdf_url(run)).status_code == 404
    assert outbox_staff.get(_posted_url(run)).status_code == 404
    assert outbox_staff.post(_posted_url(run), {"confirm": "on"}).status_code == 404
    assert PrintRun.objects.get().status == PrintRun.Status.RENDERING


def test_a_run_that_could_not_be_prepared_shows_the_error(
    outbox_staff: Client,
    letters: list[Delivery],
    case: Case,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("no font for <this> script")

    monkeypatch.setattr("writeathon.delivery.tasks.print_letters_pdf", broken)
    run = _make_letters_run(outbox_staff, case, django_capture_on_commit_callbacks)
    assert run.status == PrintRun.Status.FAILED

    html = outbox_staff.get(RUNS).content.decode()
    assert "Could not be prepared" in html
    assert "RuntimeError: no font for &lt;this&gt; script" in html
    assert 'http-equiv="refresh"' not in html
    assert outbox_staff.get(_pdf_url(run)).status_code == 404


def test_marking_a_run_posted_delivers_its_letters_and_tells_the_writers(
    outbox_staff: Client,
    letters: list[Delivery],
    case: Case,
    django_capture_on_commit_callbacks: Any,
) -> None:
    run = _make_letters_run(outbox_staff, case, django_capture_on_commit_callbacks)

    confirm_page = outbox_staff.get(_posted_url(run))
    assert confirm_page.status_code == 200
    assert 'name="confirm"' in confirm_page.content.decode()

    # Without the box ticked, nothing happens.
    unticked = outbox_staff.post(_posted_url(run), {})
    assert unticked.status_code == 400
    assert "Tick the box to say that the print run was posted." in unticked.content.decode()
    assert PrintRun.objects.get().status == PrintRun.Status.READY
    assert not Delivery.objects.filter(kind=Delivery.Kind.NOTICE).exists()

    response = outbox_staff.post(_posted_url(run), {"confirm": "on"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == PrintRun.Status.POSTED
    assert run.posted_by is not None
    assert run.posted_by.get_username() == "outbox-staff"
    for letter in letters:
        letter.refresh_from_db()
        assert letter.status == Delivery.Status.DELIVERED
        assert letter.delivered_at is not None
    notices = Delivery.objects.filter(kind=Delivery.Kind.NOTICE).order_by("recipient")
    assert [n.recipient for n in notices] == ["writer0@example.net", "writer1@example.net"]
    assert LogEntry.objects.filter(action_flag=CHANGE).get().get_change_message() == (
        "Marked as posted."
    )

    html = outbox_staff.get(RUNS).content.decode()
    assert "is posted: its 2 items are now delivered." in html
    assert f'href="{_posted_url(run)}"' not in html
    # The PDF stays available after posting.
    assert _download(outbox_staff, run)[1].startswith(b"%PDF")

    again = outbox_staff.post(_posted_url(run), {"confirm": "on"}, follow=True)
    assert "was already marked as posted" in again.content.decode()
    assert Delivery.objects.filter(kind=Delivery.Kind.NOTICE).count() == 2
    assert LogEntry.objects.filter(action_flag=CHANGE).count() == 1


def test_approved_messages_of_solidarity_are_printed_as_cards(
    outbox_staff: Client, case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    messages = [
        confirmed_action(case, Channel.SOLIDARITY, email=f"s{n}@example.net", body=f"Courage {n}")
        for n in range(3)
    ]
    ids = list(Delivery.objects.filter(action__in=messages).values_list("pk", flat=True))
    deliveries_review(delivery_ids=ids[:2], approve=True, user_id=staff_user("moderator").pk)

    page = outbox_staff.get(RUNS)
    assert [(w.case.name, w.count) for w in page.context["waiting_cards"]] == [("Shawkan", 2)]

    with django_capture_on_commit_callbacks(execute=True):
        outbox_staff.post(NEW, {"case": str(case.pk), "kind": "cards"})
    run = PrintRun.objects.get()
    assert (run.kind, run.status, run.item_count, run.target) == ("cards", "ready", 2, None)
    assert _download(outbox_staff, run)[1].startswith(b"%PDF")
    # The message still held for review is not printed.
    assert Delivery.objects.get(pk=ids[2]).status == Delivery.Status.HELD


def test_nothing_waiting_makes_no_run(outbox_staff: Client, case: Case) -> None:
    target = Target.objects.get(case=case)
    response = outbox_staff.post(
        NEW, {"case": str(case.pk), "target": str(target.pk), "kind": "letters"}, follow=True
    )
    assert "Nothing is waiting for this print run any more." in response.content.decode()
    assert not PrintRun.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"case": "{case}", "target": "{target}", "kind": "posters"},
        {"case": "{case}", "kind": "letters"},
        {"case": "{other_case}", "target": "{target}", "kind": "letters"},
        {"case": "{case}", "target": "{target}", "kind": "cards"},
        {"case": "abc", "target": "{target}", "kind": "letters"},
        {"case": "999999", "kind": "cards"},
        {"case": "{case}", "target": "99999999999999999999", "kind": "letters"},
        {"target": "{target}", "kind": "letters"},
    ],
)
def test_bad_print_run_requests_are_refused_and_change_nothing(
    outbox_staff: Client, letters: list[Delivery], case: Case, data: dict[str, str]
) -> None:
    values = {
        "case": str(case.pk),
        "other_case": str(Case.objects.get(campaign=case.campaign, slug="annie-alfred").pk),
        "target": str(Target.objects.get(case=case).pk),
    }
    payload = {k: v.format(**values) for k, v in data.items()}
    assert outbox_staff.post(NEW, payload).status_code == 400
    assert not PrintRun.objects.exists()
    assert {d.status for d in Delivery.objects.all()} == {Delivery.Status.QUEUED}


@pytest.mark.parametrize(
    "path",
    ["999999/pdf", "abc/pdf", "99999999999999999999/pdf", "999999/posted/", "x/posted/"],
)
def test_unknown_print_runs_are_404(outbox_staff: Client, path: str, db: Any) -> None:
    assert outbox_staff.get(RUNS + path).status_code == 404


def test_get_on_post_only_print_run_urls_is_refused(
    outbox_staff: Client, letters: list[Delivery], case: Case
) -> None:
    assert outbox_staff.get(NEW + f"?case={case.pk}&kind=cards").status_code == 405
    assert not PrintRun.objects.exists()


@pytest.mark.parametrize("page", ["2", "x"])
def test_print_run_pages_that_do_not_exist_are_404(outbox_staff: Client, page: str) -> None:
    assert outbox_staff.get(RUNS + f"?page={page}").status_code == 404
