"""Benchmark: Writeathon under load as deployed, against baselines served the same way.

One command starts the real production server (`writeathon serve`: gunicorn, gthread) on
PostgreSQL and Redis with the sample campaign, and beside it a minimal Django 5.2 app
(bench/baseline_site.py) under the same gunicorn settings on the same database and cache.
wrk (Debian package `wrk`) drives both on loopback; every figure of a row comes from the
same run, and the table gives the ratio to its baseline with p50 and p99 latencies:

| row | Writeathon | baseline |
|---|---|---|
| pages | the case page, the campaign page | a static file served by the same server |
| counter | `/counter.json` | a minimal view returning a cached count |
| intake | the signature form POSTed in full (CSRF, validation, screening, supporter, action, confirmation queued) | a minimal form with CSRF + one INSERT |

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/13 \\
        python bench/load.py [--seconds 10] [--connections 32] [--workers 3] [--threads 4]

It makes (and drops afterwards) its own database, `writeathon_bench`, beside the one named.
Run it on a quiet machine: the server, the baseline and wrk share the cores.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMAND = str(Path(sys.executable).parent / "writeathon")
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
BENCH_DATABASE = "writeathon_bench"
CASE_PATH = "/campaigns/write-for-rights-2016/cases/shawkan/"


@dataclass(frozen=True)
class Load:
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk(url: str, *, seconds: int, connections: int, script: str | None = None) -> Load:
    """Drive `url` for `seconds` and read wrk's rate, latency distribution and errors."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", script]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    if rate is None or p50 is None or p99 is None:
        raise RuntimeError(f"cannot read wrk's output for {url}:\n{out}")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Load(float(rate.group(1)), _ms(p50.group(1)), _ms(p99.group(1)), errors)


def _wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - loopback
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{url} did not come up") from None
            time.sleep(0.3)


@contextlib.contextmanager
def bench_database(url: str) -> Iterator[str]:
    """A fresh database beside the one `url` names, dropped at the end."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    try:
        yield parts._replace(path=f"/{BENCH_DATABASE}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


@contextlib.contextmanager
def running(
    command: list[str], env: dict[str, str], ready_url: str, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=output
        )
    try:
        try:
            _wait_for(ready_url, process)
        except RuntimeError:
            print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
            raise
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


def resident_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn's workers), in MB."""
    total = 0
    pids = [pid]
    with contextlib.suppress(FileNotFoundError, ValueError):
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(child) for child in children]
    for each in pids:
        with contextlib.suppress(FileNotFoundError):
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL server (and REDIS_URL)", file=sys.stderr)
        return 2
    rows: list[tuple[str, Load, str, Load]] = []
    with tempfile.TemporaryDirectory() as data_dir, bench_database(database_url) as bench_url:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env.update(
            DATABASE_URL=bench_url,
            WRITEATHON_MODE="production",
            WRITEATHON_DATA_DIR=data_dir,
            SECRET_KEY="bench-" + "x7Kq9" * 10,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_COOKIES="false",
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(ROOT),
        )
        print("Preparing the database and the sample campaign…", file=sys.stderr)
        subprocess.run([COMMAND, "migrate"], env=env, check=True, capture_output=True)
        subprocess.run(
            [COMMAND, "manage", "load_sample_campaign"], env=env, check=True, capture_output=True
        )
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "baseline_site.py")], env=env, check=True
        )
        port = 18100 + os.getpid() % 500
        ours = f"http://127.0.0.1:{port}"
        theirs = f"http://127.0.0.1:{port + 1}"
        serve = [
            COMMAND, "serve", "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.workers), "--threads", str(args.threads),
        ]
        baseline = [
            GUNICORN, "-k", "gthread", "-w", str(args.workers), "--threads", str(args.threads),
            "--bind", f"127.0.0.1:{port + 1}", "--access-logfile", "-", "--timeout", "60",
            "bench.baseline_site:application",
        ]
        logs = Path(data_dir)
        with running(serve, env, ours + "/healthz", logs / "serve.log") as server, running(
            baseline, env, theirs + "/count", logs / "baseline.log"
        ):
            static = ours + "/static/writeathon/site.css"
            pairs = [
                ("case page", ours + CASE_PATH, "a static file, same server", static),
                ("campaign page", ours + "/", "a static file, same server", static),
                ("/counter.json", ours + "/counter.json", "minimal cached view", theirs + "/count"),
            ]
            for _name, url, _base, base_url in pairs:  # warm caches and connections
                wrk(url, seconds=1, connections=args.connections)
                wrk(base_url, seconds=1, connections=args.connections)
            for name, url, base_name, base_url in pairs:
                print(f"Loading {name}…", file=sys.stderr)
                rows.append(
                    (
                        name,
                        wrk(url, seconds=args.seconds, connections=args.connections),
                        base_name,
                        wrk(base_url, seconds=args.seconds, connections=args.connections),
                    )
                )
            memory = resident_mb(server.pid)
    print(
        f"\nPostgreSQL + Redis; writeathon serve and the baseline each with {args.workers} "
        f"gunicorn workers x {args.threads} threads; wrk, {args.connections} connections, "
        f"{args.seconds} s per figure, on this machine's {os.cpu_count()} cores.\n"
    )
    print("| path | Writeathon req/s | p50 ms | p99 ms | baseline | baseline req/s | ratio |")
    print("|---|---:|---:|---:|---|---:|---:|")
    for name, load, base_name, base in rows:
        flag = f" ({load.errors} errors)" if load.errors else ""
        print(
            f"| {name}{flag} | {load.rate:,.0f} | {load.p50_ms:.1f} | {load.p99_ms:.1f} "
            f"| {base_name} | {base.rate:,.0f} | {load.rate / base.rate:.2f} |"
        )
    print(f"\nResident memory of the web server after the load: {memory:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
