"""Measure: how tall the sample case page is in Chromium, on a desktop and on a phone.

Renders the page through Django's test client (no server: Playwright's request routing
answers each request with the client's response) and prints the document height in CSS
pixels at 1280 and 360 px widths, with and without JavaScript, in English and Arabic.

    python bench/case_page_height.py
"""

from __future__ import annotations

import argparse
import functools
import os
import tempfile

from sample_site import sample_site

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desktop 1280 px": (1280, 800), "phone 360 px": (360, 740)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", default="shawkan")
    args = parser.parse_args()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with tempfile.TemporaryDirectory() as data_dir:
        campaign = sample_site(data_dir)
        from django.test import Client
        from playwright.sync_api import Route, sync_playwright

        case = campaign.cases.get(slug=args.case)
        base = "http://writeathon.test"

        def answer(route: Route, *, language: str) -> None:
            path = route.request.url.removeprefix(base)
            response = Client(HTTP_ACCEPT_LANGUAGE=language).get(path)
            body = (
                b"".join(response.streaming_content)  # type: ignore[attr-defined]
                if response.streaming
                else response.content
            )
            route.fulfill(
                status=response.status_code,
                headers={"Content-Type": response.get("Content-Type", "text/html")},
                body=body,
            )

        print(f"| {case.slug} | language | JavaScript | height px |")
        print("|---|---|---|---:|")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for label, (width, height) in WIDTHS.items():
                for language in ("en", "ar"):
                    for javascript in (True, False):
                        context = browser.new_context(
                            viewport={"width": width, "height": height},
                            java_script_enabled=javascript,
                            locale=language,
                        )
                        page = context.new_page()
                        page.route(f"{base}/**", functools.partial(answer, language=language))
                        page.goto(base + case.get_absolute_url())
                        measured = page.evaluate("document.documentElement.scrollHeight")
                        on = "on" if javascript else "off"
                        print(f"| {label} | {language} | {on} | {measured:,} |")
                        context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
