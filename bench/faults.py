#!/usr/bin/env python
"""Fault runs: the monthly report pipeline under real faults, on real services of its own.

    .venv/bin/python bench/faults.py            # all four: a b c d
    .venv/bin/python bench/faults.py a c        # some of them
    make faults                                 # the same as slow tests (pytest -m faults)

It starts a private PostgreSQL cluster (initdb/pg_ctl under /tmp, port FAULTS_PG_PORT, default
8102) and a private redis-server (FAULTS_REDIS_PORT, default 8101) — never the machine's shared
servers, which it restarts and stops — migrates, seeds the parties and the StatFin sample, and
starts a real Celery worker with embedded beat (so the 15 s sweep runs as in production). This
process is the web side: pages and the API through Django's test client, and the command.

  (a) kill -9 the worker mid-render -> the row queued again within 60 s, exactly one ready version
  (b) broker down, 20 requests through page, API and command, broker up -> 20 ready, no duplicates
  (c) PostgreSQL restarted under load -> the app recovers by itself, no half-written rows, no orphans
  (d) a poison render and a persistent storage error -> failed after bounded attempts, no server path

Each prints what it did and the invariant it checked; the exit status is 1 if any failed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_PORT = int(os.environ.get("FAULTS_PG_PORT", "8102"))
REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "8101"))
WORK = Path(tempfile.mkdtemp(prefix="portal-faults-"))
MEDIA = WORK / "media"
MONTH = "2025-10"

ENV = {
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/faults",
    "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "MEDIA_ROOT": str(MEDIA),
    "PORTAL_VAR_DIR": str(WORK / "var"),
    "DJANGO_SETTINGS_MODULE": "cooperation.settings",
    # Production values except these two, so the run fits in minutes: rows never delivered are
    # re-sent after 10 s (not 120 s).
    "MONITORING_QUEUED_STALE_SECONDS": "10",
}


def say(text: str) -> None:
    print(text, flush=True)


def run(*args: str, user: str | None = None, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    if user and os.geteuid() == 0:
        args = ("runuser", "-u", user, "--", *args)
    return subprocess.run(args, check=check, capture_output=True, text=True, **kwargs)


class PrivatePostgres:
    """A throwaway cluster under WORK, on its own port (initdb refuses root: run as postgres)."""

    def __init__(self):
        self.bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self.data = WORK / "pg"
        self.log = WORK / "pg.log"

    def init(self) -> None:
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(WORK, "postgres")
            shutil.chown(self.data, "postgres")
        run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            user="postgres")
        self.start()
        run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "faults")

    def ctl(self, *args: str) -> None:
        run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", *args,
            user="postgres")

    def start(self) -> None:
        self.ctl("-o", f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {WORK} -c fsync=off", "start")

    def restart(self) -> None:
        self.ctl("-m", "fast", "restart")

    def stop(self) -> None:
        self.ctl("-m", "immediate", "stop")


class PrivateRedis:
    def __init__(self):
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(WORK)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if run("redis-cli", "-p", str(REDIS_PORT), "ping", check=False).stdout.strip() == "PONG":
                return
            time.sleep(0.1)
        raise RuntimeError("the private redis did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class Worker:
    """celery worker with embedded beat, in its own process group (kill -9 takes all of it)."""

    def __init__(self, name: str, **env: str):
        self.name, self.env = name, env
        self.log = WORK / f"worker-{name}.log"

    def start(self) -> Worker:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "cooperation", "worker", "--beat", "--loglevel=INFO",
             "--concurrency=2", f"--schedule={WORK / f'beat-{self.name}'}", f"--hostname={self.name}@faults"],
            cwd=ROOT, env={**os.environ, **self.env}, stdout=open(self.log, "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if value := predicate():
                return value
        except Exception:  # the database may be restarting: ask again
            from django.db import connection

            connection.close()
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


# --- the portal side ---------------------------------------------------------------------------

def setup_portal():
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from monitoring import services
    from parties.models import User

    call_command("migrate", verbosity=0)
    call_command("seed_parties", verbosity=0)
    sample = Path("/work/shared/samples/statfin_12r5_sample.json")
    if not sample.exists():
        sample = ROOT / "tests" / "monitoring" / "data" / "statfin_12r5_sample.json"
    services.import_content(content=sample.read_bytes(), file_name=sample.name, acting_user=None)
    from django.contrib.auth.models import Group

    from parties import roles
    from parties.models import Party

    roles.sync_roles()
    official = User.objects.create_user(email="virkailija@faults.example", password="x",
                                        party=Party.objects.get(name_fi="Lahden kaupunki"))
    official.groups.add(Group.objects.get(name=roles.OFFICIAL))
    return official


def rows():
    from monitoring.models import ReportRequest

    return ReportRequest.objects.filter(month=f"{MONTH}-01")


def files_on_disk() -> set[str]:
    found = set()
    for folder, _dirs, names in os.walk(MEDIA):
        found |= {os.path.relpath(os.path.join(folder, n), MEDIA) for n in names}
    return found


def check_no_half_written(expect_ready: int | None = None) -> str:
    """Every ready row names a file that exists with its size; no other file exists anywhere."""
    import hashlib

    ready = list(rows().filter(status="ready"))
    for row in ready:
        data = (MEDIA / row.file.name).read_bytes()
        assert len(data) == row.size and hashlib.sha256(data).hexdigest() == row.checksum, row
    assert files_on_disk() == {r.file.name for r in ready}, f"orphans: {files_on_disk() - {r.file.name for r in ready}}"
    versions = list(rows().values_list("authority_id", "language", "version"))
    assert len(versions) == len(set(versions)), "a duplicated version"
    if expect_ready is not None:
        assert len(ready) == expect_ready, f"{len(ready)} ready, expected {expect_ready}"
    return f"{len(ready)} ready rows, each with its file (size and checksum match), no other file, no duplicate"


def reset():
    from cooperation.celery import app
    from monitoring.models import ReportRequest

    ReportRequest.objects.all().delete()
    shutil.rmtree(MEDIA, ignore_errors=True)
    app.control.purge()


def request_report(channel: str, client=None, api=None):
    from django.core.management import call_command

    if channel == "page":
        assert client.post("/monitoring/reports/", {"month": MONTH, "language": "fi"}).status_code == 302
    elif channel == "api":
        assert api.post("/api/v1/monitoring/reports/", {"month": MONTH, "language": "fi"},
                        format="json").status_code == 201
    else:
        call_command("render_report", "--month", MONTH, stdout=open(os.devnull, "w"))  # noqa: SIM115


# --- the faults --------------------------------------------------------------------------------

def fault_a(official, pg, redis):
    say("(a) kill -9 the worker mid-render")
    reset()
    slow = Worker("slow", MONITORING_TEST_RENDER_DELAY="60").start()
    request_report("command")
    row = wait_for(lambda: rows().filter(status="rendering").first(), 120, "the worker to start rendering")
    slow.kill()
    killed_at = time.monotonic()
    say(f"    report {row.pk} was rendering; the worker's whole process group got SIGKILL")
    fresh = Worker("fresh").start()
    try:
        # Queued again, then at once claimed by the fresh worker: seen as a second claim (or done).
        wait_for(lambda: (lambda r: r.attempts >= 2 or r.status != "rendering")(rows().get()), 90,
                 "the row to be queued again")
        back = time.monotonic() - killed_at
        say(f"    the row was queued again and re-claimed {back:.0f} s after the kill (heartbeat lost, "
            f"sweep every 15 s)")
        assert back < 60, f"{back:.0f} s"
        wait_for(lambda: rows().get().status == "ready", 120, "the report to be ready")
    finally:
        fresh.stop()
    row = rows().get()
    assert rows().count() == 1 and row.status == "ready"
    say(f"    invariant: back to queued within 60 s; exactly one version, ready after {row.attempts} attempts; "
        + check_no_half_written(1))


def fault_b(official, pg, redis):
    from django.test import Client
    from rest_framework.test import APIClient

    say("(b) broker down, 20 requests through page, API and command, broker up")
    reset()
    worker = Worker("b").start()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(official)
    api = APIClient(HTTP_HOST="127.0.0.1")
    api.force_login(official)
    try:
        redis.stop()
        say("    the private redis-server stopped")
        channels = ["page"] * 7 + ["api"] * 7 + ["command"] * 6
        started = time.monotonic()
        for channel in channels:
            request_report(channel, client, api)
        say(f"    20 requests (7 page, 7 API, 6 command) answered in {time.monotonic() - started:.1f} s "
            f"with the broker down; {rows().filter(status='queued').count()} rows queued")
        assert rows().count() == 20
        redis.start()
        say("    redis-server started again")
        wait_for(lambda: rows().filter(status="ready").count() == 20, 400, "20 ready reports")
    finally:
        worker.stop()
    assert sorted(rows().values_list("version", flat=True)) == list(range(1, 21))
    say("    invariant: versions 1–20 once each, all ready; " + check_no_half_written(20))


def fault_c(official, pg, redis):
    from django.test import Client

    say("(c) PostgreSQL restarted under load")
    reset()
    worker = Worker("c").start()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(official)
    try:
        for _ in range(6):
            request_report("page", client)
        wait_for(lambda: rows().filter(status="rendering").exists(), 120, "a render to start")
        pg.restart()
        say("    PostgreSQL restarted (pg_ctl restart -m fast) while reports were rendering")
        # The web side: the next request gets a fresh connection (CONN_HEALTH_CHECKS), no restart.
        status = wait_for(lambda: client.get("/monitoring/reports/").status_code, 30, "a page after the restart")
        say(f"    the reports page answers {status} after the restart")
        assert status == 200
        wait_for(lambda: rows().exclude(status__in=["queued", "rendering"]).count() == 6, 300, "all six done")
    finally:
        worker.stop()
    states = sorted(rows().values_list("status", flat=True))
    say(f"    statuses: {states}; attempts: {sorted(rows().values_list('attempts', flat=True))}")
    assert states == ["ready"] * 6
    say("    invariant: recovered by itself, no half-written rows, no orphan files; " + check_no_half_written(6))


def fault_d(official, pg, redis):
    say("(d) a poison render and a persistent storage error")
    reset()
    poison = Worker("poison", MONITORING_TEST_RENDER_FAULT="raise").start()
    try:
        request_report("command")
        wait_for(lambda: rows().get().status == "failed", 120, "the poison render to fail")
    finally:
        poison.stop()
    row = rows().get()
    say(f"    poison: failed after {row.attempts} attempt(s): “{row.error}”")
    assert row.attempts <= 4 and "/" not in row.error and "poison" not in row.error

    reset()
    blocked = WORK / "not-a-directory"
    blocked.write_text("a file where the media directory should be")
    storage = Worker("storage", MEDIA_ROOT=str(blocked / "media")).start()
    try:
        request_report("command")
        started = time.monotonic()
        wait_for(lambda: rows().get().status == "failed", 300, "the storage error to end as failed")
    finally:
        storage.stop()
    row = rows().get()
    say(f"    storage: failed after {row.attempts} attempts in {time.monotonic() - started:.0f} s: “{row.error}”")
    assert row.attempts == 4 and str(WORK) not in row.error and "/" not in row.error
    say("    invariant: failed after a bounded number of attempts; the message names no server path; "
        + check_no_half_written(0))


FAULTS = {"a": fault_a, "b": fault_b, "c": fault_c, "d": fault_d}


def main(argv: list[str]) -> int:
    chosen = argv or list(FAULTS)
    pg, redis = PrivatePostgres(), PrivateRedis()
    failures = 0
    started = time.monotonic()
    try:
        pg.init()
        redis.start()
        say(f"private PostgreSQL on {PG_PORT} and redis-server on {REDIS_PORT} under {WORK}")
        official = setup_portal()
        for name in chosen:
            t = time.monotonic()
            try:
                FAULTS[name](official, pg, redis)
                say(f"    PASS ({time.monotonic() - t:.0f} s)")
            except Exception as exc:  # report and go on with the next fault
                failures += 1
                say(f"    FAIL: {exc.__class__.__name__}: {exc}")
                for log in sorted(WORK.glob("worker-*.log")):
                    say(f"    --- {log.name} (last lines)\n" + "\n".join(log.read_text(errors="replace")
                                                                       .splitlines()[-25:]))
    finally:
        from django.db import connections

        connections.close_all()
        redis.stop()
        with contextlib.suppress(Exception):  # already stopped
            pg.stop()
        shutil.rmtree(WORK, ignore_errors=True)
    say(f"{len(chosen) - failures}/{len(chosen)} fault runs passed in {time.monotonic() - started:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
