"""The `writeathon` command: demo, serve, worker, migrate, and Django's commands under `manage`."""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any


def _setup(mode: str | None = None, data_dir: Path | None = None) -> None:
    if mode is not None:
        os.environ["WRITEATHON_MODE"] = mode
    if data_dir is not None:
        os.environ["WRITEATHON_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "writeathon.settings")
    import django

    django.setup()


def _warn_about_configuration() -> None:
    """Print the production configuration warnings before serving."""
    from django.core import checks

    for message in checks.run_checks(include_deployment_checks=True, tags=["compatibility"]):
        if message.id and message.id.startswith("writeathon."):
            print(f"writeathon: warning: {message.msg} {message.hint}", file=sys.stderr)


def _default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


# Seconds gunicorn gives a web process to finish its requests (and its worker its message).
_GRACEFUL_SECONDS = 30


def _serve(*, bind: str, workers: int, threads: int, with_worker: bool) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    # The background worker of this web process (set in the forked process only).
    background: list[tuple[Any, threading.Thread]] = []

    def post_worker_init(_worker: Any) -> None:
        if with_worker:
            from writeathon.worker import BackgroundWorker

            worker = BackgroundWorker()
            background.append((worker, worker.start_in_thread()))

    def worker_exit(_server: Any, _worker: Any) -> None:
        # The outbox finishes the message in hand and gives the rest of its batch back, so
        # that no claim waits for its lease to run out; gunicorn kills after its grace time.
        for worker, thread in background:
            worker.stop()
            thread.join(timeout=_GRACEFUL_SECONDS - 5)

    options = {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": "-",
        "timeout": 60,
        "graceful_timeout": _GRACEFUL_SECONDS,
        "post_worker_init": post_worker_init,
        "worker_exit": worker_exit,
        # One shared control socket per user would clash between several instances.
        "control_socket_disable": True,
    }

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from writeathon.wsgi import application

            return application

    # Workers are forked: they must not share the parent's database connections.
    connections.close_all()
    Server().run()


def _demo_secret_key(data_dir: Path) -> str:
    path = data_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _demo_staff_login(data_dir: Path) -> tuple[str, str]:
    from django.contrib.auth import get_user_model

    username = "staff"
    password_file = data_dir / "staff-password.txt"
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None or not password_file.exists():
        password = secrets.token_urlsafe(12)
        if user is None:
            user_model.objects.create_superuser(username=username, email="", password=password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        password_file.write_text(password)
        password_file.chmod(0o600)
    return username, password_file.read_text().strip()


def _demo_second_factor_link(username: str, site: str) -> str | None:
    """With STAFF_REQUIRE_2FA on (it is off in the demo unless asked), a one-time link with
    which the demo's staff account sets up its authenticator, until it has one."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from writeathon.core.second_factor import (
        second_factor_enrolment_issue,
        second_factor_enrolment_url,
        staff_totp_device,
    )

    if not settings.STAFF_REQUIRE_2FA:
        return None
    user = get_user_model().objects.get(username=username)
    if staff_totp_device(user) is not None:
        return None
    _enrolment, token = second_factor_enrolment_issue(user=user)
    return second_factor_enrolment_url(token=token, base_url=site)


def cmd_demo(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["SECRET_KEY"] = _demo_secret_key(data_dir)
    os.environ.setdefault("WRITEATHON_SITE_URL", f"http://127.0.0.1:{args.port}")
    _setup("demo", data_dir)
    from django.conf import settings
    from django.core.management import call_command

    _verify_delivery_timing()

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_sample_campaign")
    username, password = _demo_staff_login(data_dir)
    site = f"http://127.0.0.1:{args.port}"
    mail = settings.EMAIL_BACKEND.endswith("EmlFileBackend")
    enrolment_link = _demo_second_factor_link(username, site)
    print(
        "\nWriteathon demo\n"
        f"  Site:        {site}/\n"
        f"  Staff login: {site}/admin/  user: {username}  password: {password}\n"
        + (
            f"  Second factor: sign in, then set it up at {enrolment_link}\n"
            if enrolment_link
            else ""
        )
        + (
            f"  Sent mail:   {site}/staff/mail/  (files in {settings.MAIL_DIR})\n"
            if mail
            else "  Sent mail:   through EMAIL_URL\n"
        )
        + f"  Data:        {data_dir}\n"
        "  Stop with Ctrl+C.\n",
        flush=True,
    )
    _serve(bind=f"127.0.0.1:{args.port}", workers=1, threads=8, with_worker=True)
    return 0


def _verify_delivery_timing() -> None:
    """Refuse to start when a claim on a delivery could run out in the middle of a send."""
    from writeathon.delivery.timing import delivery_timing_verify

    delivery_timing_verify()


def cmd_serve(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings
    from django.core.management import call_command

    _verify_delivery_timing()

    if settings.MODE == "production":
        _warn_about_configuration()
        call_command("collectstatic", interactive=False, verbosity=0)
    _serve(bind=args.bind, workers=args.workers, threads=args.threads, with_worker=args.with_worker)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _setup()
    from writeathon.worker import BackgroundWorker

    _verify_delivery_timing()
    _warn_about_configuration()
    worker = BackgroundWorker(interval=args.interval)

    def stop(signum: int, _frame: FrameType | None) -> None:
        print(
            f"{signal.strsignal(signum)}: finishing the task and the delivery in hand, "
            "giving the rest back, then stopping.",
            flush=True,
        )
        worker.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("Writeathon worker running. Stop with Ctrl+C or SIGTERM.", flush=True)
    worker.run()
    return 0


def cmd_migrate(_args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False)
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["writeathon manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="writeathon",
        description="Writeathon: letter-writing campaigns for people whose rights are at risk.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="run the whole product on this machine with sample data")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--data-dir", default="./writeathon-data")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="run the production web server")
    serve.add_argument("--bind", default=os.environ.get("WRITEATHON_BIND", "0.0.0.0:8000"))
    serve.add_argument("--workers", type=int, default=_default_workers())
    serve.add_argument("--threads", type=int, default=4)
    serve.add_argument(
        "--with-worker", action="store_true", help="also run a background worker in each process"
    )
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run a background worker")
    worker.add_argument("--interval", type=float, default=0.5, help="seconds between polls")
    worker.set_defaults(func=cmd_worker)

    migrate = sub.add_parser("migrate", help="create or update the database tables")
    migrate.set_defaults(func=cmd_migrate)

    manage = sub.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    from django.core.exceptions import ImproperlyConfigured

    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        result: int = args.func(args)
    except ImproperlyConfigured as exc:
        # A configuration mistake deserves a sentence, not a stack trace.
        print(f"writeathon: configuration error: {exc}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    raise SystemExit(main())
