"""Benchmark: pages served by `writeathon serve` under load, against a minimal page.

Starts the production server (gunicorn, threaded workers) on loopback with the sample
campaign, and drives it with wrk (Debian package `wrk`) for a few seconds per page. The
baseline is `/healthz`: one `SELECT 1` through the same stack, measured in the same run.

    python bench/serve.py                                   # SQLite
    DATABASE_URL=postgres://... REDIS_URL=redis://.../14 python bench/serve.py
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

COMMAND = str(Path(sys.executable).parent / "writeathon")
PAGES = {
    "baseline: /healthz": "/healthz",
    "/counter.json": "/counter.json",
    "campaign page /": "/",
    "case page": "/campaigns/write-for-rights-2016/cases/shawkan/",
}


def _wrk(url: str, seconds: int, connections: int, threads: int) -> float:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"errors while loading {url}:\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if match is None:
        raise RuntimeError(out)
    return float(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as data_dir:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env.update(
            WRITEATHON_MODE="production",
            WRITEATHON_DATA_DIR=data_dir,
            SECRET_KEY="bench-" + "x7Kq9" * 10,
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_COOKIES="false",
        )
        subprocess.run([COMMAND, "migrate"], env=env, check=True, capture_output=True)
        subprocess.run(
            [COMMAND, "manage", "load_sample_campaign"], env=env, check=True, capture_output=True
        )
        port = 18000 + os.getpid() % 1000
        server = subprocess.Popen(
            [COMMAND, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)],
            env={**env, "LOG_LEVEL": "WARNING"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2).close()  # noqa: S310
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("the server did not start") from None
                    time.sleep(0.3)
            for path in PAGES.values():  # warm every worker's caches and connections
                _wrk(base + path, 1, args.connections, 2)
            results = {
                name: _wrk(base + path, args.seconds, args.connections, 2)
                for name, path in PAGES.items()
            }
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    database = (
        "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    )
    cache = "Redis" if os.environ.get("REDIS_URL") else "local memory"
    print(
        f"\n{database}, {cache} cache; {args.workers} gunicorn workers x 4 threads; "
        f"wrk {args.connections} connections, {args.seconds} s per page, on the same 2 cores"
    )
    baseline = results["baseline: /healthz"]
    print(f"{'page':28} {'requests/s':>11} {'ratio to baseline':>18}")
    for name, rate in results.items():
        print(f"{name:28} {rate:11.0f} {rate / baseline:17.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
