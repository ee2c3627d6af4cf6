#!/usr/bin/env python3
"""A small client for the Writeathon partner API, to copy into a section's own tools.

It needs nothing but Python 3.9+. Two things a section does with it:

    # New supporters of the section since a day, as CSV for the CRM (needs people:read)
    WRITEATHON_TOKEN=wat_... python writeathon_client.py https://act.example.org \
        pull-people --since 2026-12-01 > new-supporters.csv

    # Letters counted offline (needs actions:write); a CSV with the columns
    # reference,advocacy_campaign,type,count,date,country
    WRITEATHON_TOKEN=wat_... python writeathon_client.py https://act.example.org \
        push-tallies school-tallies.csv

Every POST carries an Idempotency-Key and every tally row its own reference, so running
the same push twice, or retrying after a timeout, never counts twice. A 429 or a 5xx is
retried after the time the server asks for.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

RETRYABLE = {429, 500, 502, 503, 504}


class ApiError(Exception):
    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        super().__init__(f"{status} {problem.get('title', '')}: {problem.get('detail', '')}")
        self.status = status
        self.problem = problem


class WriteathonClient:
    def __init__(self, base_url: str, token: str, *, attempts: int = 5) -> None:
        if urllib.parse.urlsplit(base_url).scheme not in ("http", "https"):
            raise ValueError("The site address must start with https:// (or http://)")
        self.base_url = base_url.rstrip("/") + "/api/v1"
        self.token = token
        self.attempts = attempts

    def _call(self, method: str, path: str, body: Any = None, key: str | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
            headers["Idempotency-Key"] = key or str(uuid.uuid4())
        for attempt in range(1, self.attempts + 1):
            request = urllib.request.Request(  # noqa: S310 - http(s) only, checked in __init__
                self.base_url + path, data=data, headers=headers, method=method
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    return json.loads(response.read() or b"null")
            except urllib.error.HTTPError as error:
                if error.code in RETRYABLE and attempt < self.attempts:
                    time.sleep(float(error.headers.get("Retry-After") or 2**attempt))
                    continue
                try:
                    problem = json.loads(error.read())
                except ValueError:
                    problem = {"title": error.reason}
                raise ApiError(error.code, problem) from None
            except urllib.error.URLError:
                if attempt < self.attempts:
                    time.sleep(2**attempt)
                    continue
                raise
        raise AssertionError("unreachable")

    def people(
        self, *, since: str | None = None, country: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every person the token's section holds, page after page."""
        params = {k: v for k, v in {"since": since, "country": country, "limit": 100}.items() if v}
        cursor = None
        while True:
            query = urllib.parse.urlencode({**params, **({"cursor": cursor} if cursor else {})})
            page = self._call("GET", f"/people?{query}")
            yield from page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return

    def push_tallies(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Report offline counts, 500 rows a request; returns what each row did."""
        results: list[dict[str, Any]] = []
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            # The key is made from the rows, so a re-run of the same file replays the answer.
            key = "tallies-" + uuid.uuid5(uuid.NAMESPACE_URL, json.dumps(chunk, sort_keys=True)).hex
            results += self._call("POST", "/tallies", {"tallies": chunk}, key=key)["results"]
        return results


def _read_tallies(path: str) -> list[dict[str, Any]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return [
            {
                "reference": row["reference"],
                "advocacy_campaign": row["advocacy_campaign"],
                "type": row["type"],
                "count": int(row["count"]),
                "date": row["date"],
                "country": row.get("country", ""),
            }
            for row in csv.DictReader(handle)
        ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", help="The campaign site's address, e.g. https://act.example.org")
    commands = parser.add_subparsers(dest="command", required=True)
    pull = commands.add_parser("pull-people", help="Write the section's supporters as CSV")
    pull.add_argument("--since", help="Only people who joined on or after this day (YYYY-MM-DD)")
    push = commands.add_parser("push-tallies", help="Report offline counts from a CSV file")
    push.add_argument("file")
    args = parser.parse_args(argv)
    token = os.environ.get("WRITEATHON_TOKEN", "")
    if not token:
        parser.error("set WRITEATHON_TOKEN to the token campaign staff gave you")
    client = WriteathonClient(args.site, token)
    try:
        if args.command == "pull-people":
            out = csv.writer(sys.stdout)
            out.writerow(
                ["name", "email", "email_status", "country", "language", "updates", "joined"]
            )
            for person in client.people(since=args.since):
                email = person["email_addresses"][0]
                out.writerow(
                    [
                        person["given_name"],
                        email["address"],
                        email["status"],
                        (person["postal_addresses"] or [{"country": ""}])[0]["country"],
                        ",".join(person["languages_spoken"]),
                        "yes" if person["campaign_updates"] else "no",
                        person["created_date"],
                    ]
                )
        else:
            for result in client.push_tallies(_read_tallies(args.file)):
                print(f"{result['reference']}: {result['status']}, moved by {result['moved_by']}")
    except ApiError as error:
        print(f"The API refused: {error}", file=sys.stderr)
        for problem in error.problem.get("errors", []):
            print(f"  {problem.get('field')}: {problem.get('message')}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
