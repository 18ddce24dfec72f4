"""``./treem demo | test | manage … | worker | db`` — the commands behind the launcher script.

``demo`` starts the embedded PostgreSQL (unless DATABASE_URL is set), migrates, loads the reference
data and the demo province, then runs the web server and the job worker until Ctrl-C, when it
stops all of them, seals the audit chain and stops the database.

Two database roles (ADR 0013): admin work (``migrate``, the loaders and seeders, backup, restore) runs
as the owner (DATABASE_OWNER_URL, TREEM_DB_ROLE=owner in the child's environment); the web server,
the worker and every other command run as the application role (DATABASE_URL), which owns nothing.
A web server or worker that dies is started again (after the recovery of interrupted jobs, for the
worker), at most five times a minute.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# gunicorn's access log: the path only (%(U)s, not the request line %(r)s), no query string (%(q)s) and
# no referer (%(f)s), so searched names and personal IDs never reach a log (ADR 0017).
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
HOST = os.environ.get("TREEM_HOST", "127.0.0.1")
PORT = os.environ.get("TREEM_PORT", "8000")


def say(msg: str) -> None:
    """The launcher's own messages go to stderr, so that ``./treem manage … --json`` prints pure JSON."""
    print(f"» {msg}", file=sys.stderr, flush=True)


@contextmanager
def database() -> Iterator[None]:
    """Make DATABASE_URL point at a running server for the duration; stop the embedded one we started."""
    if os.environ.get("DATABASE_URL"):
        yield
        return
    from treem.core.pgserver import EmbeddedPostgres, default_root

    server = EmbeddedPostgres(default_root())
    started_here = not server.is_running()
    if started_here:
        say(f"Khởi động PostgreSQL nhúng (embedded PostgreSQL) trong {server.root} ...")
    server.start()  # also creates (or upgrades to) the owner and application roles
    os.environ["DATABASE_URL"] = server.app_info().url
    os.environ["DATABASE_OWNER_URL"] = server.owner_info().url
    try:
        yield
    finally:
        if started_here:
            say("Dừng PostgreSQL nhúng (stopping embedded PostgreSQL) ...")
            server.stop()


def run_child(argv: list[str], env: dict[str, str]) -> int:
    """Run a child process; on Ctrl-C let it finish its own shutdown (then stop it) instead of dying."""
    proc = subprocess.Popen(argv, cwd=ROOT, env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        try:
            return proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.terminate()
            return proc.wait()


# Management commands that run as the owner role: schema changes, bulk loaders, backup and restore.
OWNER_COMMANDS = {
    "migrate",
    "load_reference",
    "flush",
    "dbshell",
    "createcachetable",
    "backup",
    "restore",
}


def needs_owner(command: str) -> bool:
    return command in OWNER_COMMANDS or command.startswith("seed_demo")


def role_env(owner: bool) -> dict[str, str]:
    """The environment of a child connecting as the owner role, or as the application role."""
    return {**os.environ, "TREEM_DB_ROLE": "owner" if owner else "app"}


def manage(
    *args: str, check: bool = True, settings: str = "config.django.local", owner: bool | None = None
) -> int:
    if owner is None:  # by the command, or TREEM_DB_ROLE=owner asked for by the operator
        asked = os.environ.get("TREEM_DB_ROLE", "").lower() == "owner"
        owner = asked or (bool(args) and needs_owner(args[0]))
    env = {**role_env(owner), "DJANGO_SETTINGS_MODULE": settings}
    code = run_child([PY, str(ROOT / "manage.py"), *args], env)
    if check and code != 0:
        raise SystemExit(code)
    return code


def cmd_manage(args: list[str]) -> int:
    with database():
        return manage(*args, check=False)


def cmd_backup(args: list[str]) -> int:
    """``./treem backup [FILE]``: the database, the uploads and the audit seals in one archive."""
    with database():
        return manage("backup", *args, check=False, owner=True)


def cmd_restore(args: list[str]) -> int:
    """``./treem restore FILE``: into an empty var/ (or an empty database at DATABASE_OWNER_URL)."""
    if not args:
        print("usage: ./treem restore FILE [--without-seal-key]", file=sys.stderr)
        return 2
    with database():
        return manage("restore", *args, check=False, owner=True)


def web_argv() -> list[str]:
    """gunicorn: ``TREEM_WEB_WORKERS`` processes (3) of ``TREEM_WEB_THREADS`` threads (4, the gthread worker
    class), so that the pages waiting on PostgreSQL do not hold every worker while cheap ones queue
    behind them; keep-alive off, as the sync workers had it (a request sent on a kept connection that the
    server closes at that moment fails, gunicorn #1698). ADR 0029 §6, bench/README.md."""
    return [
        PY,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{HOST}:{PORT}",
        "--workers",
        os.environ.get("TREEM_WEB_WORKERS", "3"),
        "--threads",
        os.environ.get("TREEM_WEB_THREADS", "4"),
        "--keep-alive",
        "0",
        "--access-logfile",
        "-",
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--graceful-timeout",
        "5",
    ]


WORKER_ARGV = [PY, str(ROOT / "manage.py"), "procrastinate", "worker", "--concurrency", "2"]
RECOVER_ARGV = [PY, str(ROOT / "manage.py"), "jobs_recover"]
MAX_RESTARTS_PER_MINUTE = 5


class Supervised:
    """A child process of ``./treem demo`` that is started again when it dies (at most
    ``MAX_RESTARTS_PER_MINUTE`` times a minute; beyond that the launcher gives up and stops Treem)."""

    def __init__(
        self,
        name_vi: str,
        name_en: str,
        argv: list[str],
        env: dict[str, str],
        before_restart: list[str] | None = None,
    ) -> None:
        self.name_vi, self.name_en, self.argv, self.env = name_vi, name_en, argv, env
        self.before_restart = before_restart
        self.restarts: list[float] = []
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env)

    def keep_alive(self) -> bool:
        """True while the process runs or could be started again; False when Treem should stop."""
        code = self.proc.poll()
        if code is None:
            return True
        now = time.monotonic()
        self.restarts = [t for t in self.restarts if now - t < 60]
        if len(self.restarts) >= MAX_RESTARTS_PER_MINUTE:
            say(
                f"{self.name_vi.capitalize()} dừng {len(self.restarts) + 1} lần trong một phút; dừng Treem "
                f"({self.name_en} exited too often, exit {code}; stopping Treem)."
            )
            return False
        self.restarts.append(now)
        say(
            f"{self.name_vi.capitalize()} đã dừng (mã thoát {code}); đang khởi động lại "
            f"({self.name_en} exited with code {code}; restarting) ..."
        )
        if self.before_restart:
            subprocess.run(self.before_restart, cwd=ROOT, env=self.env, check=False)
        self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=self.env)
        return True


def cmd_demo(args: list[str]) -> int:
    with database():
        say("Áp dụng migration (applying migrations) ...")
        manage("migrate", "--no-input")
        say("Nạp dữ liệu tham chiếu (loading reference data) ...")
        manage("load_reference")
        say("Tạo dữ liệu mẫu (creating demo data) ...")
        manage("seed_demo")
        manage("collectstatic", "--no-input", "--verbosity", "0")
        env = {**role_env(owner=False), "DJANGO_SETTINGS_MODULE": "config.django.local"}
        manage("jobs_recover", check=False)  # jobs left running by a crash: failed or queued again
        web = Supervised("máy chủ web", "web server", web_argv(), env)
        worker = Supervised("tiến trình nền", "job worker", WORKER_ARGV, env, before_restart=RECOVER_ARGV)
        manage("demo_logins", check=False)
        say(f"Treem đang chạy tại http://{HOST}:{PORT}/ — nhấn Ctrl-C để dừng (press Ctrl-C to stop).")
        stop = False

        def _stop(signum: int, frame: object) -> None:
            nonlocal stop
            stop = True

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        try:
            while not stop:
                time.sleep(0.5)  # a Ctrl-C interrupts the sleep: ``stop`` is set before any restart
                if stop or not (web.keep_alive() and worker.keep_alive()):
                    break
        finally:
            say("Đang dừng máy chủ web và tiến trình nền (stopping web server and worker) ...")
            for proc in (web.proc, worker.proc):
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in (web.proc, worker.proc):
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
            say("Niêm phong nhật ký (sealing the audit trail) ...")
            manage("audit_seal", check=False)
        return 0


def cmd_worker(args: list[str]) -> int:
    with database():
        manage("jobs_recover", check=False)  # jobs a crash left running: failed or queued again
        return manage("procrastinate", "worker", *args, check=False)


def run_step(title: str, argv: list[str], env: dict[str, str] | None = None) -> None:
    say(title)
    result = subprocess.run(argv, cwd=ROOT, env={**os.environ, **(env or {})}, check=False)
    if result.returncode != 0:
        print(f"✗ {title} — thất bại (failed, exit {result.returncode})", flush=True)
        raise SystemExit(result.returncode)


def cmd_lint(args: list[str]) -> int:
    bin_dir = Path(PY).parent
    run_step("ruff check", [str(bin_dir / "ruff"), "check", "."])
    run_step("ruff format --check", [str(bin_dir / "ruff"), "format", "--check", "."])
    run_step("mypy", [str(bin_dir / "mypy"), "src/treem", "config"])
    return 0


def cmd_test(args: list[str]) -> int:
    """Lint, type check, Django checks, migrations check, then the whole pytest suite."""
    if not args:
        cmd_lint([])
        test_env = {"DJANGO_SETTINGS_MODULE": "config.django.test"}
        run_step(
            "manage.py check --deploy (production settings)",
            [PY, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            env={
                "DJANGO_SETTINGS_MODULE": "config.django.production",
                "DJANGO_SECRET_KEY": "ci-only-" + "x" * 60,
                "DJANGO_ALLOWED_HOSTS": "treem.example.gov.vn",
                "DATABASE_URL": "postgresql://treem_app@127.0.0.1:1/treem",
                "DATABASE_OWNER_URL": "postgresql://treem_owner@127.0.0.1:1/treem",
                "TREEM_AUDIT_SEAL_KEY_FILE": "/etc/treem/audit-seal.key",
            },
        )
        run_step(
            "makemigrations --check",
            [PY, "manage.py", "makemigrations", "--check", "--dry-run"],
            env=test_env,
        )
        if shutil.which("chromium") or os.path.exists("/usr/bin/chromium"):
            say("Chromium có sẵn: chạy cả kiểm thử trình duyệt (browser tests included).")
        else:
            say("Không có Chromium: bỏ qua kiểm thử trình duyệt (no Chromium: browser tests skipped).")
    if not args:
        args = test_workers_args()
    say("pytest " + " ".join(args))
    return subprocess.run([PY, "-m", "pytest", *args], cwd=ROOT, check=False).returncode


def test_workers_args() -> list[str]:
    """The whole suite in parallel, one pytest worker per core (pytest-xdist; TREEM_TEST_WORKERS=1 runs it
    in one process), each with its own embedded PostgreSQL (config/django/test.py); a test file stays in
    one worker, so that the world a module keeps is built once (conftest.py)."""
    wanted = os.environ.get("TREEM_TEST_WORKERS", "")
    workers = int(wanted) if wanted.isdigit() else min(os.cpu_count() or 1, 4)
    return ["-n", str(workers), "--dist", "loadfile"] if workers > 1 else []


def cmd_db(args: list[str]) -> int:
    """``./treem db start|stop|url`` for maintenance."""
    from treem.core.pgserver import EmbeddedPostgres, default_root

    server = EmbeddedPostgres(default_root())
    action = args[0] if args else "url"
    if action == "start":
        server.start()
        print(server.app_info().url)
    elif action == "stop":
        server.stop()
    elif action == "url":
        # The application role's URL; ``url owner`` the owner's (migrations), ``url superuser``.
        which = args[1] if len(args) > 1 else "app"
        if not server.is_initialised() or not server.has_roles():
            print("")
        else:
            info = {"owner": server.owner_info, "superuser": server.info}.get(which, server.app_info)()
            print(info.url)
    else:
        print("usage: ./treem db start|stop|url [app|owner|superuser]", file=sys.stderr)
        return 2
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "test": cmd_test,
    "lint": cmd_lint,
    "manage": cmd_manage,
    "worker": cmd_worker,
    "db": cmd_db,
    "backup": cmd_backup,
    "restore": cmd_restore,
}

USAGE = """Cách dùng / usage:
  ./treem demo              cài đặt và chạy Treem với dữ liệu mẫu tại http://127.0.0.1:8000
  ./treem test [pytest …]   cài đặt và chạy kiểm tra mã, kiểu và toàn bộ kiểm thử
  ./treem manage <lệnh>     chạy một lệnh quản trị Django trên cùng cơ sở dữ liệu
  ./treem worker            chạy tiến trình xử lý công việc nền
  ./treem db start|stop|url quản lý PostgreSQL nhúng
  ./treem backup [TỆP]      sao lưu cơ sở dữ liệu, tệp tải lên và niêm phong nhật ký vào một tệp
  ./treem restore TỆP       khôi phục một bản sao lưu vào var/ trống (hoặc cơ sở dữ liệu trống)
"""


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(USAGE)
        return 0 if len(sys.argv) < 2 else 2
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
