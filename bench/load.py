"""Benchmark: Writeathon under load as deployed, against baselines served the same way.

One command starts the real production server (`writeathon serve`: gunicorn, gthread) on
PostgreSQL and Redis with the sample campaign, and beside it a minimal Django 5.2 app
(bench/baseline_site.py) under the same gunicorn settings on the same database and cache.
wrk (Debian package `wrk`) drives both on loopback; every figure of a row comes from the
same run, and the table gives the ratio to its baseline with p50 and p99 latencies:

- pages: the case page and the campaign page, against a static file from the same server;
- counter: `/counter.json`, against a minimal view returning a cached count;
- intake: the case's one form POSTed in full (CSRF, validation, screening, supporter,
  action, confirmation queued), against a minimal form with CSRF + one INSERT.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/13 \\
        python bench/load.py [--seconds 10] [--connections 32] [--workers 3] [--threads 4]

It makes (and drops afterwards) its own database, `writeathon_bench`, beside the one named.
Run it on a quiet machine: the server, the baseline and wrk share the cores.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
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
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Load(float(rate.group(1)), _ms(p50.group(1)), _ms(p99.group(1)), errors)


def _wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 600) -> None:
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


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _expect_ok(url: str) -> None:
    """The URL answers 200 itself (a redirect would be measured instead of the page)."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{url} answered {error.code}") from None


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


class _FormReader(HTMLParser):
    """The fields of the first form whose action contains `action_part`, as a browser would
    send them untouched: hidden and text inputs, checked boxes, textareas, selected options."""

    def __init__(self, action_part: str) -> None:
        super().__init__()
        self.action_part = action_part
        self.action = ""
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and self.action_part in a.get("action", ""):
            self.inside, self.action = True, a.get("action", "")
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def _page_with_cookie(url: str) -> tuple[str, str]:
    """The page's HTML and the CSRF cookie it set."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(url, timeout=30) as response:
        html = response.read().decode()
    cookie = next((c.value for c in jar if c.name == "csrftoken"), "")
    return html, cookie or ""


def _lua_post_script(
    folder: Path, *, path: str, fields: list[tuple[str, str]], cookie: str, stamps: Path | None
) -> str:
    """A wrk script that POSTs the form with a new email address each time (and, for
    Writeathon, a new one-use form stamp from `stamps`)."""
    fixed = "&".join(
        urllib.parse.quote_plus(k) + "=" + urllib.parse.quote_plus(v)
        for k, v in fields
        if k not in ("email", "shown")
    )
    script = folder / f"post-{abs(hash(path))}.lua"
    script.write_text(
        f"""
local counter = 0
local stamps = {{}}
local thread_id = 0
local ids = 0
function setup(thread)
  ids = ids + 1
  thread:set("thread_id", ids)
end
function init(args)
  local file = {"io.open(" + repr(str(stamps)) + ")" if stamps else "nil"}
  if file then
    local n = 0
    for line in file:lines() do
      n = n + 1
      if n % 2 == thread_id % 2 then stamps[#stamps + 1] = line end
    end
    file:close()
  end
end
local function escape(s)
  return (string.gsub(s, "[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end
function request()
  counter = counter + 1
  local body = "{fixed}&email=" .. escape("load-" .. thread_id .. "-" .. counter .. "@example.org")
  if #stamps > 0 then body = body .. "&shown=" .. escape(stamps[counter]) end
  return wrk.format("POST", "{path}", {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken={cookie}",
  }}, body)
end
""",
        encoding="utf-8",
    )
    return str(script)


def _stamps(env: dict[str, str], count: int, folder: Path) -> Path:
    """One-use form stamps, shown a minute ago, made with the server's own key."""
    out = folder / "stamps.txt"
    code = (
        "import time; from writeathon.abuse.forms import form_token_make; "
        f"print('\\n'.join(form_token_make(shown_at=time.time() - 60) for _ in range({count})))"
    )
    made = subprocess.run(
        [COMMAND, "manage", "shell", "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    out.write_text(made.stdout)
    return out


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
            # Every request comes from 127.0.0.1 here; behind a load balancer each person
            # has an address of their own.
            RATE_LIMIT_FORM_PER_IP="100000000/m",
            # Plain HTTP on loopback, as behind a proxy that ends TLS.
            SECURE_SSL_REDIRECT="false",
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
            COMMAND,
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ]
        baseline = [
            GUNICORN,
            "-k",
            "gthread",
            "-w",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--bind",
            f"127.0.0.1:{port + 1}",
            "--access-logfile",
            "-",
            "--timeout",
            "60",
            "bench.baseline_site:application",
        ]
        logs = Path(data_dir)
        with (
            running(serve, env, ours + "/healthz", logs / "serve.log") as server,
            running(baseline, env, theirs + "/count", logs / "baseline.log"),
        ):
            static = ours + "/static/writeathon/site.css"
            pairs = [
                ("case page", ours + CASE_PATH, "a static file, same server", static),
                ("campaign page", ours + "/", "a static file, same server", static),
                ("/counter.json", ours + "/counter.json", "minimal cached view", theirs + "/count"),
            ]
            for _name, url, _base, base_url in pairs:
                for each in (url, base_url):  # a page, not a redirect or an error
                    _expect_ok(each)
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
            print("Loading the intake…", file=sys.stderr)
            html, cookie = _page_with_cookie(ours + CASE_PATH)
            form = _FormReader("/act/")
            form.feed(html)
            fields = [(k, v) for k, v in form.fields if k != "ways"] + [("ways", "signature")]
            fields = [(k, "Load Tester" if k == "name" else v) for k, v in fields]
            fields = [(k, "FR" if k == "country" else v) for k, v in fields]
            intake = _lua_post_script(
                logs,
                path=form.action,
                fields=fields,
                cookie=cookie,
                stamps=_stamps(env, 60_000, logs),
            )
            base_html, base_cookie = _page_with_cookie(theirs + "/form")
            base_form = _FormReader("")
            base_form.feed(base_html)
            base_fields = [(k, "Load Tester" if k == "name" else v) for k, v in base_form.fields]
            base_intake = _lua_post_script(
                logs, path="/form", fields=base_fields, cookie=base_cookie, stamps=None
            )
            rows.append(
                (
                    "signature form POST, full intake",
                    wrk(
                        ours + form.action,
                        seconds=args.seconds,
                        connections=args.connections,
                        script=intake,
                    ),
                    "minimal form + one INSERT",
                    wrk(
                        theirs + "/form",
                        seconds=args.seconds,
                        connections=args.connections,
                        script=base_intake,
                    ),
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
        base_flag = f" ({base.errors} errors)" if base.errors else ""
        print(
            f"| {name}{flag} | {load.rate:,.0f} | {load.p50_ms:.1f} | {load.p99_ms:.1f} "
            f"| {base_name}{base_flag} | {base.rate:,.0f} | {load.rate / base.rate:.2f} |"
        )
    print(f"\nResident memory of the web server after the load: {memory:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
