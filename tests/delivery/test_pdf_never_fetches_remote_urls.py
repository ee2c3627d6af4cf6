"""Rendering a PDF fetches nothing: not a URL a supporter typed, not one in markup, no file.

A server on loopback counts requests; a control shows WeasyPrint left to itself does call it.
"""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import weasyprint
from PIL import Image

from tests.conftest import free_port
from tests.delivery.pdf_reading import image_count, page_texts, sample_letter
from writeathon.delivery import pdf
from writeathon.delivery.pdf import SolidarityCard, cards_pdf, letter_pdf


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


class CountingServer:
    def __init__(self) -> None:
        self.paths: list[str] = []
        self.url = ""


@pytest.fixture
def server() -> Iterator[CountingServer]:
    counting = CountingServer()
    image = png_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            counting.paths.append(self.path)
            body = image if self.path.endswith(".png") else b"body { color: red }"
            self.send_response(200)
            self.send_header("Content-Type", "image/png" if body is image else "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    counting.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield counting
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(autouse=True)
def _pdf_cache(settings: Any, tmp_path: Path) -> None:
    settings.PDF_CACHE_DIR = tmp_path / "cache"


def test_weasyprint_alone_would_fetch(server: CountingServer) -> None:
    """The control: the server below would see a fetch if one were made."""
    weasyprint.HTML(string=f'<img src="{server.url}/control.png">').write_pdf()

    assert server.paths == ["/control.png"]


def test_urls_in_supporter_text_are_not_fetched(server: CountingServer) -> None:
    letter = sample_letter(
        body=f"<img src={server.url}/body.png>\n\n"
        f'<link rel="stylesheet" href="{server.url}/body.css">',
        signer_name=f'<img src="{server.url}/name.png">',
    )
    card = SolidarityCard(
        language="en",
        case_name="Shawkan",
        message=f"<img src='{server.url}/card.png'>",
        signer_name="Amal",
        signer_country="",
    )

    letter_text = page_texts(letter_pdf(letter))[0]
    cards_pdf([card])

    assert server.paths == []
    assert f"<img src={server.url}/body.png>" in letter_text


def test_the_renderer_refuses_every_url_but_data(server: CountingServer, tmp_path: Path) -> None:
    """Even markup that asks for resources (were a template to) gets none but data: URIs."""
    local_image = tmp_path / "local.png"
    local_image.write_bytes(png_bytes())
    inline = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    html = f"""<!DOCTYPE html><html><head>
      <link rel="stylesheet" href="{server.url}/linked.css">
      <style>
        @import url("{server.url}/imported.css");
        @font-face {{ font-family: Remote; src: url("{server.url}/font.woff2"); }}
        body {{ font-family: Remote; background: url("{server.url}/background.png"); }}
      </style></head><body>
      <p>Remote and local resources</p>
      <img src="{server.url}/image.png">
      <img src="{local_image.as_uri()}">
      <img src="{inline}">
    </body></html>"""

    rendered = pdf._render_pdf(html)

    assert server.paths == []
    assert "Remote and local resources" in page_texts(rendered)[0]
    assert image_count(rendered) == 1  # the data: URI only
