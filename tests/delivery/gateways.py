"""A fax or SMS gateway on loopback: a real HTTP server that records what it receives.

The fixtures at the end (`fax_gateway`, `sms_gateway`, `sms_webhook`, `outbox_dir`) are
made available to tests/delivery/ by its conftest.py.

It answers from a queue of programmed responses (200 with a fresh id once the queue is
empty) and, like a real provider, recognises a repeated Idempotency-Key: a request that
repeats the key of an accepted one gets the first answer again and is not a new message.
Refusals and failures are not remembered, so a retry after a 5xx is processed afresh.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

from tests.conftest import free_port

FAX_TOKEN = "fax-token-for-tests"
SMS_TOKEN = "sms-token-for-tests"
SMS_WEBHOOK_SECRET = "webhook-secret-for-tests"
SMS_FROM_NUMBER = "+12025550100"


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: Any = None  # JSON-encoded unless bytes or str
    delay: float = 0.0  # seconds before answering (to test timeouts)
    content_type: str = "application/json"

    def encoded(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, tuple[str, str, bytes]]:
        """A multipart/form-data body: {field name: (filename, content type, content)}."""
        head = f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode()
        parser = email.parser.BytesParser(policy=email.policy.HTTP)
        message = parser.parsebytes(head + self.body)
        assert message.is_multipart()
        fields: dict[str, tuple[str, str, bytes]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            content = part.get_payload(decode=True)
            fields[str(name)] = (
                str(part.get_filename() or ""),
                part.get_content_type() if part.get("content-type") else "",
                content if isinstance(content, bytes) else b"",
            )
        return fields


@dataclass
class FakeGateway:
    """Start with `with FakeGateway() as gateway:`; `gateway.url` is where it listens."""

    requests: list[ReceivedRequest] = field(default_factory=list)
    # Accepted messages, one per idempotency key.
    messages: list[ReceivedRequest] = field(default_factory=list)
    answers: deque[Answer] = field(default_factory=deque)
    _answered: dict[str, Answer] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _count: int = 0

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def answer(
        self, status: int = 200, body: Any = None, *, delay: float = 0.0, times: int = 1
    ) -> None:
        """Queue the next answer(s); without a body a 2xx carries a fresh {"id": ...}."""
        for _ in range(times):
            self.answers.append(Answer(status=status, body=body, delay=delay))

    def _respond(self, request: ReceivedRequest) -> Answer:
        with self._lock:
            self.requests.append(request)
            key = request.headers.get("idempotency-key")
            if key is not None and key in self._answered:
                return self._answered[key]
            answer = self.answers.popleft() if self.answers else Answer()
            if 200 <= answer.status < 300:
                body = answer.body
                if body is None:
                    self._count += 1
                    body = {"id": f"gw-{self._count}"}
                answer = Answer(status=answer.status, body=body, delay=answer.delay)
                self.messages.append(request)
                if key is not None:
                    # A replay is answered at once, with what the first request got.
                    self._answered[key] = Answer(status=answer.status, body=body)
            return answer

    def __enter__(self) -> FakeGateway:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request = ReceivedRequest(
                    method="POST",
                    path=self.path,
                    headers={name.lower(): value for name, value in self.headers.items()},
                    body=self.rfile.read(length),
                )
                answer = gateway._respond(request)
                if answer.delay:
                    time.sleep(answer.delay)
                payload = answer.encoded()
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", answer.content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


# --- Fixtures -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def outbox_dir(settings: Any, tmp_path: Path) -> Path:
    """Where the file channels write, and the PDF cache: never the checkout's data folder."""
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    return Path(settings.OUTBOX_DIR)


@pytest.fixture
def fax_gateway(settings: Any) -> Iterator[FakeGateway]:
    """A fax gateway on loopback, with the fax channel sending through it."""
    with FakeGateway() as gateway:
        settings.FAX_GATEWAY_URL = gateway.url + "/v1/faxes"
        settings.FAX_GATEWAY_TOKEN = FAX_TOKEN
        settings.GATEWAY_TIMEOUT_SECONDS = 5.0
        settings.DELIVERY_TRANSPORTS = {
            **settings.DELIVERY_TRANSPORTS,
            "fax": "writeathon.delivery.channels.fax.GatewayFaxTransport",
        }
        yield gateway


@pytest.fixture
def sms_gateway(settings: Any) -> Iterator[FakeGateway]:
    """An SMS gateway on loopback, with text messages sent through it."""
    with FakeGateway() as gateway:
        settings.SMS_GATEWAY_URL = gateway.url + "/v1/messages"
        settings.SMS_GATEWAY_TOKEN = SMS_TOKEN
        settings.SMS_FROM_NUMBER = SMS_FROM_NUMBER
        settings.GATEWAY_TIMEOUT_SECONDS = 5.0
        settings.DELIVERY_TRANSPORTS = {
            **settings.DELIVERY_TRANSPORTS,
            "sms": "writeathon.delivery.channels.sms.GatewaySmsTransport",
        }
        yield gateway


@pytest.fixture
def sms_webhook(settings: Any) -> str:
    """The inbound SMS webhook, switched on; returns its shared secret."""
    settings.SMS_WEBHOOK_SECRET = SMS_WEBHOOK_SECRET
    return SMS_WEBHOOK_SECRET
