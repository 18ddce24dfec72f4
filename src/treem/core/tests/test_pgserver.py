"""The embedded PostgreSQL (``core.pgserver``): a port taken between its check and the server's start; its
shared buffers sized to the machine (ADR 0054)."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from treem.core import pgserver


def test_a_port_taken_after_its_check_makes_the_server_start_on_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two servers starting at once (two test workers, two checkouts' tests) both find the preferred port
    free, and the second to bind fails: the server then starts on another free port and keeps it. Another
    failure of the start is not retried."""
    server = pgserver.EmbeddedPostgres(tmp_path / "pg")
    server.init()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server.port_file.write_text(f"{port}\n")
        monkeypatch.setattr(pgserver, "_port_is_free", lambda port: True)  # free when it was checked
        try:
            info = server.start()
            assert info.port != port and int(server.port_file.read_text()) == info.port
            assert server.is_running()
        finally:
            server.stop()
    (server.pgdata / "postgresql.conf").write_text("no_such_setting = on\n")
    with pytest.raises(subprocess.CalledProcessError):
        server.start()
    assert not server.is_running()


def test_the_shared_buffers_are_an_eighth_of_the_memory_between_128_mb_and_1_gb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ADR 0054: an eighth of the machine's memory, at least 128 MB and at most 1 GB; TREEM_PG_SHARED_BUFFERS
    sets it. The server started runs with it."""
    import os

    import psycopg

    monkeypatch.delenv("TREEM_PG_SHARED_BUFFERS", raising=False)
    pages = {"SC_PAGE_SIZE": 4096}
    monkeypatch.setattr(os, "sysconf", lambda name: pages.get(name, 0))
    for memory_mb, expected in ((512, "128MB"), (4096, "512MB"), (24 * 1024, "1024MB")):
        pages["SC_PHYS_PAGES"] = memory_mb * 256
        assert pgserver.shared_buffers() == expected
    monkeypatch.undo()
    monkeypatch.setenv("TREEM_PG_SHARED_BUFFERS", "160MB")
    server = pgserver.EmbeddedPostgres(tmp_path / "pg")
    try:
        with psycopg.connect(server.start().url) as conn:
            assert conn.execute("SHOW shared_buffers").fetchone() == ("160MB",)
    finally:
        server.stop()
