"""Local stand-ins for the cloud, for `dragonfly release demo`: deploy hooks, the apps'
`/version` endpoints and a Discord-like receiver, on 127.0.0.1. They stop on their own."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEPLOY_DELAY_SECONDS = 0.5  # a "deploy" takes this long before /version reports the commit


@dataclass
class StandInState:
    commit: str
    broken: set[str]
    deploy_delay: float = DEPLOY_DELAY_SECONDS
    deployed: dict[str, str] = field(default_factory=dict)
    messages: list[dict[str, Any]] = field(default_factory=list)
    hook_calls: list[str] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    server: StandInServer

    def log_message(self, format: str, *args: Any) -> None:
        return  # the demo prints its own story

    def _reply(self, status: int, body: dict[str, Any] | None = None) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _read_json(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            return json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            return None

    def do_GET(self) -> None:
        parts = self.path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "version":
            commit = self.server.state.deployed.get(parts[1], "0" * 40)
            self._reply(200, {"version": "demo", "commit": commit, "schema_version": None})
        else:
            self._reply(404, {"error": "not found"})

    def do_POST(self) -> None:
        state = self.server.state
        parts = self.path.strip("/").split("/")
        body = self._read_json()
        if len(parts) == 2 and parts[0] == "hooks":
            target = parts[1]
            state.hook_calls.append(target)
            if target in state.broken:
                self._reply(500, {"error": "deploy refused (demo --break)"})
                return
            flip = threading.Timer(
                state.deploy_delay, state.deployed.__setitem__, (target, state.commit)
            )
            flip.daemon = True
            flip.start()
            self._reply(202, {"status": "deploying"})
        elif parts == ["discord"] and isinstance(body, dict):
            state.messages.append(body)
            self._reply(204)
        else:
            self._reply(404, {"error": "not found"})


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, state: StandInState, max_seconds: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state
        host, port = self.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._deadline = threading.Timer(max_seconds, self.stop)  # never outlives the demo
        self._deadline.daemon = True

    def start(self) -> StandInServer:
        self._thread.start()
        self._deadline.start()
        return self

    def stop(self) -> None:
        self._deadline.cancel()
        self.shutdown()
        self.server_close()
