# ruff: noqa: RUF001  (letters in Cyrillic and Chinese, on purpose)
"""Benchmark: the outbox sending email, and letters laid out as PDF, against bare baselines.

Email: N confirmed email actions (action_submit for confirmed supporters, one letter each to
the case's official), then one worker runs delivery_claim + delivery_send_claimed until
nothing is due, through Django's SMTP backend into an aiosmtpd server on loopback (in its
own process). Each delivered letter queues a notice to its supporter, which the same loop
sends: 2N SMTP messages in all. The baseline sends the same 2N messages (the bytes of one
real letter and one real notice, alternately) with a bare smtplib loop over one connection
to the same server, in the same run.

PDF: letter_pdf on distinct letters (the signer's name changes, so the cache never hits) in
six scripts, then the same letter again and again (every call a cache hit). The baseline is
WeasyPrint laying out a minimal HTML page, in the same run.

    python bench/delivery.py                     # SQLite in a temporary folder
    python bench/delivery.py --only pdf --letters 100
    DATABASE_URL=postgres://... python bench/delivery.py --emails 2000
"""

from __future__ import annotations

import argparse
import datetime
import logging
import multiprocessing
import smtplib
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from sample_site import sample_site

# Supporters' addresses are in this domain: the SMTP server tells notices from letters by it.
SUPPORTER_DOMAIN = "bench.example.net"
WORKER_ID = "bench"
MINIMAL_HTML = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>Letter</title></head>"
    "<body><p>Dear Minister, please release him now.</p></body></html>"
)

# --- Email --------------------------------------------------------------------------------------


def _smtp_server(port: int, letters: Any, notices: Any, ready: Any, stop: Any) -> None:
    """Run in a child process: an aiosmtpd server that counts what it receives."""
    from aiosmtpd.controller import Controller

    class Counting:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            to_supporters = all(r.endswith("@" + SUPPORTER_DOMAIN) for r in envelope.rcpt_tos)
            counter = notices if to_supporters else letters
            with counter.get_lock():
                counter.value += 1
            return "250 Message accepted for delivery"

    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class SmtpServer:
    port: int
    process: Any
    letters: Any
    notices: Any
    stop: Any

    @classmethod
    def start(cls) -> SmtpServer:
        context = multiprocessing.get_context("spawn")
        port = _free_port()
        letters, notices = context.Value("q", 0), context.Value("q", 0)
        ready, stop = context.Event(), context.Event()
        process = context.Process(
            target=_smtp_server, args=(port, letters, notices, ready, stop), daemon=True
        )
        process.start()
        if not ready.wait(30):
            process.kill()
            raise RuntimeError("the SMTP server did not start")
        return cls(port, process, letters, notices, stop)

    def received(self) -> tuple[int, int]:
        """Letters (to officials) and notices (to supporters) received so far."""
        return int(self.letters.value), int(self.notices.value)

    def close(self) -> None:
        self.stop.set()
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()


@dataclass
class EmailResult:
    actions: int
    setup_seconds: float
    outbox_rate: float  # SMTP messages a second
    baseline_rate: float
    outbox_received: tuple[int, int]
    baseline_received: tuple[int, int]
    delivered: int


def _email_bench(campaign: Any, n: int, server: SmtpServer, run: str) -> EmailResult:
    from django.test import override_settings
    from django.utils import timezone
    from tqdm import tqdm

    from writeathon.actions.models import Channel
    from writeathon.campaigns.models import Appeal
    from writeathon.delivery.channels.email import delivery_email_message
    from writeathon.delivery.models import Delivery
    from writeathon.delivery.services import delivery_claim, delivery_send_claimed
    from writeathon.supporters.models import Supporter
    from writeathon.usecases.intake import action_submit

    waiting = [Delivery.Status.QUEUED, Delivery.Status.FAILED, Delivery.Status.SENDING]
    if Delivery.objects.filter(status__in=waiting).exists():
        raise SystemExit(
            "The database already has deliveries waiting to be sent: the benchmark would send "
            "them too. Run it on an empty database."
        )
    cases = list(campaign.cases.all())
    languages = ["en", "es", "ar"]
    appeals = {(a.case_id, a.language): a for a in Appeal.objects.filter(case__in=cases)}
    now = timezone.now()
    emails = [f"b{run}-{i}@{SUPPORTER_DOMAIN}" for i in range(n)]
    Supporter.objects.bulk_create(
        Supporter(
            email=email, name=f"Bench Writer {i}", language=languages[i % 3], confirmed_at=now
        )
        for i, email in enumerate(emails)
    )
    started = time.perf_counter()
    for i in tqdm(range(n), desc="email actions", unit="action", leave=False):
        case, language = cases[i % len(cases)], languages[i % 3]
        appeal = appeals[(case.pk, language)]
        result = action_submit(
            case=case,
            channel=Channel.EMAIL,
            email=emails[i],
            name=f"Bench Writer {i}",
            country="FR",
            language=language,
            base_url="http://bench",
            subject=appeal.letter_subject,
            body=appeal.letter_body,
        )
        if not result.counted:
            raise RuntimeError("the supporter's action was not confirmed at once")
    setup_seconds = time.perf_counter() - started
    mine = Delivery.objects.filter(action__supporter__email__startswith=f"b{run}-")
    letters = mine.filter(kind=Delivery.Kind.LETTER, status=Delivery.Status.QUEUED).count()
    if letters != n:
        raise RuntimeError(f"{n} actions queued {letters} letters")

    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": server.port,
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": False,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
    }
    with override_settings(**smtp):
        before = server.received()
        started = time.perf_counter()
        with tqdm(total=2 * n, desc="outbox", unit="msg", leave=False) as bar:
            while ids := delivery_claim(worker_id=WORKER_ID):
                batch = delivery_send_claimed(worker_id=WORKER_ID, delivery_ids=ids)
                if batch.failed or batch.dead or batch.postponed:
                    raise RuntimeError(f"the outbox did not deliver everything: {batch}")
                bar.update(len(batch.delivered))
        outbox_seconds = time.perf_counter() - started
        after = server.received()
        outbox_received = (after[0] - before[0], after[1] - before[1])
        delivered = mine.filter(status=Delivery.Status.DELIVERED).count()

        # The same messages, built once, sent by a bare smtplib loop on one connection.
        samples = []
        for kind in (Delivery.Kind.LETTER, Delivery.Kind.NOTICE):
            delivery = mine.filter(kind=kind).order_by("pk").first()
            if delivery is None:
                raise RuntimeError(f"no {kind} was sent")
            message = delivery_email_message(delivery)
            samples.append(
                (
                    parseaddr(str(message.from_email))[1],
                    message.recipients(),
                    message.message().as_bytes(linesep="\r\n"),
                )
            )
        before = server.received()
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", server.port, timeout=20) as connection:
            for i in tqdm(range(2 * n), desc="baseline", unit="msg", leave=False):
                sender, recipients, data = samples[i % 2]
                connection.sendmail(sender, recipients, data)
        baseline_seconds = time.perf_counter() - started
        after = server.received()
        baseline_received = (after[0] - before[0], after[1] - before[1])
    return EmailResult(
        actions=n,
        setup_seconds=setup_seconds,
        outbox_rate=2 * n / outbox_seconds,
        baseline_rate=2 * n / baseline_seconds,
        outbox_received=outbox_received,
        baseline_received=baseline_received,
        delivered=delivered,
    )


def _email_cleanup(campaign: Any, run: str) -> None:
    from writeathon.actions.models import Action
    from writeathon.actions.tallies import tally_reconcile
    from writeathon.delivery.models import Delivery
    from writeathon.supporters.models import Supporter

    prefix = f"b{run}-"
    Delivery.objects.filter(action__supporter__email__startswith=prefix).delete()
    Action.objects.filter(supporter__email__startswith=prefix).delete()
    Supporter.objects.filter(email__startswith=prefix).delete()
    tally_reconcile(campaign=campaign)


# --- PDF ----------------------------------------------------------------------------------------

SCRIPTS = {
    # language: (name, subject, signer, signer's country); en, es and ar letters are the
    # sample campaign's, the others below
    "en": ("English", None, "Amal Writer", "Kenya"),
    "es": ("Spanish", None, "Lucía Escritora", "Kenia"),
    "ru": ("Russian", "Освободите фотожурналиста Шавкана", "Анна Писарева", "Кения"),
    "ar": ("Arabic", None, "أمل الكاتبة", "كينيا"),
    "zh": ("Chinese", "释放摄影记者沙乌坎", "王小明", "肯尼亚"),
    "hi": ("Hindi", "फ़ोटो पत्रकार शौकान को रिहा करें", "अमला लेखिका", "केन्या"),
}
BODIES = {
    "ru": (
        "Уважаемый господин Генеральный прокурор!\n\n"
        "Я пишу вам о Шавкане, фотожурналисте, которого заключили под стражу за то, что он "
        "выполнял свою работу. Amnesty International считает его узником совести, которого "
        "держат в заключении исключительно за мирную журналистскую деятельность.\n\n"
        "Журналистика — не преступление. Журналисты играют важнейшую роль в информировании "
        "общества и должны иметь возможность работать, не опасаясь ареста или тюремного "
        "заключения. Фотожурналистика — законная и важная работа, которая служит всему "
        "обществу. Заключение фотожурналиста под стражу за его работу говорит о том, что "
        "опасна сама журналистика.\n\n"
        "Я уважительно призываю вас немедленно и безоговорочно освободить Шавкана и "
        "обеспечить, чтобы он мог без страха вернуться к своей профессии. Люди во всём мире "
        "следят за его делом и не забудут о нём.\n\n"
        "Благодарю вас за внимание к этому неотложному делу. Надеюсь на ваш ответ.\n\n"
        "С уважением,"
    ),
    "zh": (
        "尊敬的检察长：\n\n"
        "我写信给您，是为了摄影记者沙乌坎的事。他因从事本职工作而身陷囹圄。国际特赦组织认为"
        "他是良心犯，仅因其和平的新闻工作而遭到关押。\n\n"
        "新闻报道不是犯罪。记者在让公众了解情况方面发挥着至关重要的作用，他们必须能够在不必"
        "担心被逮捕或监禁的情况下开展工作。新闻摄影是正当而重要的工作，服务于整个社会。因从事"
        "本职工作而监禁一名摄影记者，传递出的信息是：新闻报道本身就是危险的。\n\n"
        "我恳请您立即无条件释放沙乌坎，并确保他能够毫无畏惧地重返自己的职业。世界各地的人们"
        "都在关注他的案件，他们不会忘记他。\n\n"
        "感谢您对这一紧急事项的关注，期待您的回复。\n\n"
        "此致\n敬礼"
    ),
    "hi": (
        "आदरणीय लोक अभियोजक महोदय,\n\n"
        "मैं आपको फ़ोटो पत्रकार शौकान के बारे में लिख रहा हूँ, जिन्हें अपना काम करने के लिए जेल "
        "में डाल दिया गया है। एमनेस्टी इंटरनेशनल उन्हें अंतरात्मा का बंदी मानता है, जिन्हें केवल "
        "एक पत्रकार के रूप में उनके शांतिपूर्ण काम के लिए बंदी बनाया गया है।\n\n"
        "पत्रकारिता कोई अपराध नहीं है। पत्रकार जनता को सूचित रखने में महत्वपूर्ण भूमिका निभाते हैं, "
        "और उन्हें गिरफ़्तारी या कारावास के डर के बिना काम करने में सक्षम होना चाहिए। फ़ोटो "
        "पत्रकारिता एक वैध और महत्वपूर्ण काम है जो पूरे समाज की सेवा करता है। अपना काम करने के "
        "लिए किसी फ़ोटो पत्रकार को जेल में डालना यह संदेश देता है कि समाचार देना ही ख़तरनाक है।\n\n"
        "मैं आपसे सम्मानपूर्वक आग्रह करता हूँ कि शौकान को तुरंत और बिना शर्त रिहा करें, और "
        "सुनिश्चित करें कि वे बिना डर के अपने पेशे में लौट सकें। दुनिया भर के लोग उनके मामले पर "
        "नज़र रखे हुए हैं, और वे उन्हें नहीं भूलेंगे।\n\n"
        "इस अत्यावश्यक मामले पर ध्यान देने के लिए धन्यवाद। मुझे आपके उत्तर की प्रतीक्षा रहेगी।\n\n"
        "भवदीय,"
    ),
}


@dataclass
class PdfResult:
    letters: int
    baseline_rate: float  # pages a second
    rates: dict[str, float]  # letters a second, by script name
    rendered: dict[str, int]  # new files in the cache: each distinct letter must add one
    hit_rate: float  # identical letters a second, over every script
    hit_ratio: float  # of the identical calls, the share served from the cache


def _pdf_bench(campaign: Any, n: int, cache_dir: Path) -> PdfResult:
    # As the product's renderer does, for both: fontTools logs every font it subsets, and
    # WeasyPrint each step of its work (from import on).
    for name in ("fontTools", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.WARNING)
    import weasyprint
    from tqdm import tqdm

    from writeathon.campaigns.models import Appeal, Target
    from writeathon.delivery.pdf import Letter, letter_pdf

    def cached_files() -> int:
        return len(list(cache_dir.glob("*.pdf"))) if cache_dir.exists() else 0

    weasyprint.HTML(string=MINIMAL_HTML).write_pdf()  # warm-up: loads Pango and fonts
    started = time.perf_counter()
    for _ in tqdm(range(n), desc="baseline", unit="page", leave=False):
        weasyprint.HTML(string=MINIMAL_HTML).write_pdf()
    baseline_rate = n / (time.perf_counter() - started)

    case = campaign.cases.get(slug="shawkan")
    target = Target.objects.filter(case=case).order_by("position").first()
    if target is None:
        raise RuntimeError("the sample case has no official")
    appeals = {a.language: a for a in Appeal.objects.filter(case=case)}
    today = datetime.date.today()  # noqa: DTZ011 - the date printed on a letter

    def letter(language: str, signer: str) -> Letter:
        _name, subject, _signer, country = SCRIPTS[language]
        appeal = appeals.get(language)
        return Letter(
            language=language,
            recipient_name=target.name,
            recipient_title=target.title,
            recipient_address=target.postal_address,
            subject=subject or (appeal.letter_subject if appeal else ""),
            body=BODIES.get(language) or (appeal.letter_body if appeal else ""),
            signer_name=signer,
            signer_country=country,
            date=today,
        )

    rates: dict[str, float] = {}
    rendered: dict[str, int] = {}
    hit_calls, hit_seconds, hit_renders = 0, 0.0, 0
    for language, (script, _subject, signer, _country) in SCRIPTS.items():
        letter_pdf(letter(language, f"{signer} 0"))  # warm-up: this script's fonts
        files = cached_files()
        started = time.perf_counter()
        for i in tqdm(range(1, n + 1), desc=script, unit="letter", leave=False):
            letter_pdf(letter(language, f"{signer} {i}"))
        rates[script] = n / (time.perf_counter() - started)
        rendered[script] = cached_files() - files
        same = letter(language, f"{signer} {n}")  # rendered just above: cached
        files = cached_files()
        started = time.perf_counter()
        for _ in range(n):
            letter_pdf(same)
        hit_seconds += time.perf_counter() - started
        hit_calls += n
        hit_renders += cached_files() - files
    return PdfResult(
        letters=n,
        baseline_rate=baseline_rate,
        rates=rates,
        rendered=rendered,
        hit_rate=hit_calls / hit_seconds,
        hit_ratio=(hit_calls - hit_renders) / hit_calls,
    )


# --- Report -------------------------------------------------------------------------------------


def _print_email(result: EmailResult, vendor: str) -> list[str]:
    """Print the email figures; return what went wrong."""
    n = result.actions
    print(
        f"\nEmail. Database: {vendor}; {n:,} confirmed email actions (action_submit, "
        f"{n / result.setup_seconds:,.0f}/s), one worker, SMTP on loopback"
    )
    print(f"{'measure':48} {'messages/s':>11} {'ratio to baseline':>18}")
    rows = {
        "baseline: bare smtplib, one connection": result.baseline_rate,
        "outbox: delivery_claim + delivery_send_claimed": result.outbox_rate,
    }
    for name, rate in rows.items():
        print(f"{name:48} {rate:11,.0f} {rate / result.baseline_rate:17.2f}x")
    label = "outbox: letters delivered/s (each with its notice)"
    print(f"{label:48} {result.outbox_rate / 2:11,.0f}")
    errors = []
    for name, (letters, notices) in (
        ("outbox", result.outbox_received),
        ("baseline", result.baseline_received),
    ):
        print(
            f"SMTP server received from the {name}: {letters:,} letters + {notices:,} notices"
            f" = {letters + notices:,} messages"
        )
        if (letters, notices) != (n, n):
            errors.append(f"the {name} should have sent {n} letters and {n} notices")
    if result.delivered != 2 * n:
        errors.append(f"{result.delivered} deliveries delivered, not {2 * n}")
    return errors


def _print_pdf(result: PdfResult) -> list[str]:
    import weasyprint

    n = result.letters
    print(
        f"\nPDF. WeasyPrint {weasyprint.__version__}; {n:,} distinct letters per script "
        f"(each a cache miss), one process"
    )
    print(f"{'measure':48} {'letters/s':>11} {'ms each':>8} {'ratio to baseline':>18}")
    rows = {"baseline: bare WeasyPrint, minimal page": result.baseline_rate}
    rows.update({f"letter_pdf, {script}": rate for script, rate in result.rates.items()})
    rows["letter_pdf, identical letter (cache hit)"] = result.hit_rate
    for name, rate in rows.items():
        print(f"{name:48} {rate:11,.1f} {1000 / rate:8.2f} {rate / result.baseline_rate:17.2f}x")
    print(f"Cache hits for identical letters: {result.hit_ratio:.1%}")
    return [
        f"{script}: {count} of {n} distinct letters were rendered (cache hits?)"
        for script, count in result.rendered.items()
        if count != n
    ] + ([] if result.hit_ratio == 1 else ["identical letters were rendered again"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emails", type=int, default=2000, help="email actions (letters)")
    parser.add_argument("--letters", type=int, default=40, help="PDF letters per script")
    parser.add_argument("--only", choices=["email", "pdf"])
    args = parser.parse_args()
    server = SmtpServer.start() if args.only != "pdf" else None
    errors: list[str] = []
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            campaign = sample_site(
                data_dir, TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend"
            )
            from django.db import connection
            from django.test import override_settings

            if server is not None:
                run = f"{time.time_ns()}"
                try:
                    email = _email_bench(campaign, args.emails, server, run)
                finally:
                    _email_cleanup(campaign, run)
                errors += _print_email(email, connection.vendor)
            if args.only != "email":
                cache_dir = Path(data_dir) / "pdf-cache"
                files = 6 * (args.letters + 1) + 100
                with override_settings(PDF_CACHE_DIR=cache_dir, PDF_CACHE_MAX_FILES=files):
                    errors += _print_pdf(_pdf_bench(campaign, args.letters, cache_dir))
    finally:
        if server is not None:
            server.close()
    for error in errors:
        print(f"ERROR: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
