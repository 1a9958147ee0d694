"""Real HTTP servers on 127.0.0.1 standing in for Railway, Vercel, the backend's /version and
Discord. One threaded server answers every path; each test gets its own."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Discord's published limits for a webhook message, checked independently of the product code.
LIMITS = {"content": 2000, "title": 256, "description": 4096, "fields": 25, "field_name": 256}
LIMITS |= {"field_value": 1024, "footer": 2048, "total": 6000, "embeds": 10}


def discord_problems(payload: Any) -> list[str]:
    """Every way `payload` breaks Discord's limits (empty when Discord would accept it)."""
    if not isinstance(payload, dict):
        return ["payload is not an object"]
    problems = []
    if len(payload.get("content") or "") > LIMITS["content"]:
        problems.append("content too long")
    embeds = payload.get("embeds") or []
    if not payload.get("content") and not embeds:
        problems.append("empty message")
    if len(embeds) > LIMITS["embeds"]:
        problems.append("too many embeds")
    total = 0
    for embed in embeds:
        title = embed.get("title", "")
        description = embed.get("description", "")
        footer = (embed.get("footer") or {}).get("text", "")
        fields = embed.get("fields", [])
        problems += [f"title {len(title)}"] if len(title) > LIMITS["title"] else []
        if len(description) > LIMITS["description"]:
            problems.append(f"description {len(description)}")
        problems += ["too many fields"] if len(fields) > LIMITS["fields"] else []
        problems += ["footer too long"] if len(footer) > LIMITS["footer"] else []
        for f in fields:
            if not f.get("name") or len(f["name"]) > LIMITS["field_name"]:
                problems.append(f"field name {f.get('name')!r:.40}")
            if not f.get("value") or len(f["value"]) > LIMITS["field_value"]:
                problems.append(f"field value of {f.get('name')!r:.40}")
        total += len(title) + len(description) + len(footer)
        total += sum(len(f.get("name", "")) + len(f.get("value", "")) for f in fields)
    if total > LIMITS["total"]:
        problems.append(f"embeds total {total}")
    return problems


@dataclass
class Cloud:
    """State shared with the handler: what each path answers and what it received."""

    released_commit: str = ""
    hook_status: dict[str, int] = field(default_factory=dict)  # default 200
    hook_sets_version: bool = True
    version_commit: dict[str, str] = field(default_factory=dict)
    hook_calls: dict[str, int] = field(default_factory=dict)
    discord_script: list[str] = field(default_factory=list)  # ok | 500 | 429 | 429-header | hang
    discord_delivered: list[dict[str, Any]] = field(default_factory=list)
    discord_attempts: int = 0
    discord_rejections: list[list[str]] = field(default_factory=list)
    webhook_delivered: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def discord_mode(self) -> str:
        with self.lock:
            self.discord_attempts += 1
            return self.discord_script.pop(0) if self.discord_script else "ok"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return

    def _reply(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw else None

    def do_GET(self) -> None:
        cloud = self.server.cloud
        parts = self.path.strip("/").split("/")
        if parts[0] == "version" and len(parts) >= 2:
            commit = cloud.version_commit.get(parts[1], "0" * 40)
            self._reply(200, {"version": "0.1.0", "commit": commit, "schema_version": "x"})
            return
        self._reply(404, {"error": "no such path"})

    def do_POST(self) -> None:
        cloud = self.server.cloud
        parts = self.path.strip("/").split("/")
        if parts[0] == "hooks":
            self._hook(cloud, parts[1])
        elif parts[0] == "discord":
            self._discord(cloud)
        elif parts[0] == "notify":
            cloud.webhook_delivered.append(self._body())
            self._reply(200, {"ok": True})
        else:
            self._reply(404, {"error": "no such path"})

    def _hook(self, cloud: Cloud, name: str) -> None:
        self._body()
        with cloud.lock:
            cloud.hook_calls[name] = cloud.hook_calls.get(name, 0) + 1
        status = cloud.hook_status.get(name, 200)
        if status < 300 and cloud.hook_sets_version:
            cloud.version_commit[name] = cloud.released_commit
        self._reply(status, {"job": "started"} if status < 300 else {"error": "boom"})

    def _discord(self, cloud: Cloud) -> None:
        payload = self._body()
        mode = cloud.discord_mode()
        if mode == "hang":
            time.sleep(2.0)
            return
        if mode == "500":
            self._reply(500, {"message": "Internal Server Error"})
            return
        if mode == "429":
            self._reply(429, {"message": "rate limited", "retry_after": 0.2, "global": False})
            return
        if mode == "429-header":  # some proxies only send the header
            self.send_response(429)
            self.send_header("Retry-After", "0.3")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        problems = discord_problems(payload)
        if problems:
            cloud.discord_rejections.append(problems)
            self._reply(400, {"message": "Invalid Form Body", "problems": problems})
            return
        cloud.discord_delivered.append(payload)
        self._reply(204)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    cloud: Cloud


@contextmanager
def running_cloud() -> Iterator[Cloud]:
    """Start the server on a free port; stop it when the test ends."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.cloud = Cloud()
    host, port = server.server_address[:2]
    server.cloud.base_url = f"http://{host!s}:{port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server.cloud
    finally:
        server.shutdown()
        server.server_close()
