"""A real SMTP server on 127.0.0.1 (aiosmtpd) with a certificate of its own, speaking STARTTLS or
TLS from the start, asking for a login; it keeps every message it receives."""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Mailbox:
    host: str
    port: int
    cert: Path
    messages: list[EmailMessage] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    refused_logins: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def make_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        data = bytes(envelope.original_content or envelope.content)
        parsed = message_from_bytes(data, policy=policy.default)
        with self.box.lock:
            self.box.raw.append(data)
            self.box.messages.append(parsed)  # type: ignore[arg-type]
        return "250 Message accepted"


class _PlainUnrecognized(_Handler):
    """Offers PLAIN but answers it as an unknown method (504), as some servers do."""

    async def auth_PLAIN(self, server: Any, args: list[str]) -> AuthResult:
        await server.push("504 5.5.4 Unrecognized authentication type")
        return AuthResult(success=False, handled=True)


@contextmanager
def running_smtp(
    folder: Path,
    *,
    security: str = "starttls",
    username: str,
    password: str,
    plain: str = "offered",  # or "absent" (LOGIN only) or "unrecognized" (offered, answers 504)
) -> Iterator[Mailbox]:
    cert, key = make_certificate(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    box = Mailbox(host="127.0.0.1", port=_free_port(), cert=cert)

    def authenticate(
        server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        ) == (username, password)
        if ok:
            box.logins.append(username)
        else:
            box.refused_logins += 1
        # handled=False: aiosmtpd answers a refusal with 535, as a real server does (its
        # default, handled=True, would leave the client waiting for an answer).
        return AuthResult(success=ok, handled=False)

    tls = {"tls_context": context, "require_starttls": True} if security == "starttls" else {}
    if security == "ssl":
        tls = {"ssl_context": context}
    handler = _PlainUnrecognized(box) if plain == "unrecognized" else _Handler(box)
    controller = Controller(
        handler, hostname="127.0.0.1", port=box.port, authenticator=authenticate,
        # Over SSL the whole connection is TLS, but aiosmtpd only counts STARTTLS as such.
        auth_require_tls=security == "starttls", server_hostname="127.0.0.1",
        auth_exclude_mechanism=["PLAIN"] if plain == "absent" else [], **tls,
    )  # fmt: skip
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
