"""A local stand-in for Statistics Finland's PxWeb API (v1), replaying answers in the real table's
shape: GET on a table gives its metadata (variables with codes, values and the time flag), POST
with a JSON query gives a JSON-stat 2.0 dataset of the selected areas, newest months and contents.

Faults are scripted per request: `server.faults` is a list consumed in order, one entry per
request ("timeout", "429", "500" or None for a normal answer). Runs on this helper's port range
(8150 + the xdist worker's number), so parallel test processes do not collide.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from monitoring.reports import add_months
from tests.factories.statfin import CONTENTS, national_12r5


def port_for_this_process(base: int = 8150) -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return base + int(worker.removeprefix("gw") or 0) % 10


class FakePxWeb:
    def __init__(self, registry, *, last_month: dt.date, months_available: int = 24, geo_name: str = "Alue",
                 contents: list[str] | None = None, port: int | None = None):
        self.registry = registry
        self.last_month = last_month
        self.months_available = months_available
        self.geo_name = geo_name
        self.contents = contents or CONTENTS
        self.faults: list[str | None] = []
        self.requests: list[tuple[float, str, str]] = []  # (time, method, path)
        self.port = port or port_for_this_process()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/PxWeb/api/v1/fi/StatFin"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def months(self) -> list[str]:
        first = add_months(self.last_month, -(self.months_available - 1))
        return [f"{m:%Y}M{m:%m}" for m in (add_months(first, k) for k in range(self.months_available))]

    def metadata(self) -> dict:
        areas = sorted(self.registry.by_code)
        return {"title": "Työttömät työnhakijat ja työttömien osuus työvoimasta muuttujina Alue, Kuukausi ja Tiedot",
                "variables": [
                    {"code": self.geo_name, "text": self.geo_name, "values": areas,
                     "valueTexts": [self.registry.name(c) for c in areas]},
                    {"code": "Kuukausi", "text": "Kuukausi", "values": self.months(), "valueTexts": self.months(),
                     "time": True},
                    {"code": "Tiedot", "text": "Tiedot", "values": self.contents, "valueTexts": self.contents}]}

    def answer(self, query: dict) -> bytes:
        selections = {q["code"]: q["selection"] for q in query["query"]}
        geo = selections[self.geo_name]["values"]
        top = int(selections["Kuukausi"]["values"][0])
        return national_12r5(self.registry, self.last_month, months=top, area_codes=geo, geo_name=self.geo_name)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _fault(self) -> bool:
                fake.requests.append((time.monotonic(), self.command, self.path))
                fault = fake.faults.pop(0) if fake.faults else None
                if fault == "timeout":
                    time.sleep(3)
                    return True
                if fault == "429":
                    self.send_response(429)
                    self.send_header("Retry-After", "1")
                    self.end_headers()
                    return True
                if fault == "500":
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b"Internal error")
                    return True
                return False

            def _send(self, body: bytes):
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if not self._fault():
                    self._send(json.dumps(fake.metadata()).encode())

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                query = json.loads(self.rfile.read(length) or b"{}")
                if self._fault():
                    return
                try:
                    body = fake.answer(query)
                except KeyError:
                    self.send_response(400)
                    self.end_headers()
                    return
                self._send(body)

        return Handler
