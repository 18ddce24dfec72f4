"""``./treem backup`` / ``restore`` (ADR 0013): back up, wipe, restore, compare rows and the audit chain."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

from treem.audit.seals import audit_seal, verify
from treem.audit.services import audit_log
from treem.core.backup import BackupError, _row_counts, backup, read_manifest, restore


def _admin() -> psycopg.Connection[Any]:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture
def empty_database() -> Iterator[str]:
    """A second, empty database on the test server: the wiped target of the restore."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    connection.close()
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def connected_to(name: str) -> Iterator[None]:
    connection.close()
    old = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = old


def test_backup_wipe_restore(live_db: Any, empty_database: str, tmp_path: Path, settings: Any) -> None:
    from treem.accounts.services import role_sync

    var = tmp_path / "var"
    settings.MEDIA_ROOT = var / "media"
    settings.TREEM_AUDIT_SEALS_FILE = var / "audit" / "seals.jsonl"
    settings.TREEM_AUDIT_SEAL_KEY_FILE = tmp_path / "keys" / "seal.key"  # kept apart from var/
    role_sync()
    (var / "media" / "evidence").mkdir(parents=True)
    (var / "media" / "evidence" / "bien-ban.pdf").write_bytes(b"%PDF-1.4 bien ban")
    for n in range(3):
        audit_log(actor="system", action="test.backup", extra={"n": n})
    audit_seal()
    audit_log(actor="system", action="test.backup.after_seal")
    with connection.cursor() as cur:
        before = _row_counts(cur)
        cur.execute("SELECT hash FROM audit_auditevent ORDER BY id DESC LIMIT 1")
        last_hash = cur.fetchone()[0]

    archive = tmp_path / "treem.tar"
    result = backup(archive)
    assert archive.stat().st_mode & 0o777 == 0o600
    manifest = read_manifest(archive)
    assert manifest["row_counts"] == before and manifest["seal_key_included"] is False
    assert "media/evidence/bien-ban.pdf" in manifest["files"]
    assert (tmp_path / "treem.tar.sha256").read_text().startswith(result.sha256)
    with tarfile.open(archive) as tar:
        assert not any("key" in name for name in tar.getnames())

    # The source still holds everything: restoring over it is refused.
    with pytest.raises(BackupError, match="Không khôi phục vào nơi đã có dữ liệu"):
        restore(archive)

    # Without its seal key the restore is refused before anything is touched.
    settings.TREEM_AUDIT_SEAL_KEY_FILE = tmp_path / "elsewhere" / "seal.key"
    with connected_to(empty_database), pytest.raises(BackupError, match="khóa"):
        restore(archive, media_root=tmp_path / "none", seals_file=tmp_path / "none.jsonl")
    settings.TREEM_AUDIT_SEAL_KEY_FILE = tmp_path / "keys" / "seal.key"

    # Wiped: an empty database, an empty var/ (the key stays where it is kept, outside var/).
    fresh = tmp_path / "var2"
    settings.MEDIA_ROOT = fresh / "media"
    settings.TREEM_AUDIT_SEALS_FILE = fresh / "audit" / "seals.jsonl"
    with connected_to(empty_database):
        restored = restore(archive)
        with connection.cursor() as cur:
            assert _row_counts(cur) == before
            cur.execute("SELECT hash FROM audit_auditevent ORDER BY id DESC LIMIT 1")
            assert cur.fetchone()[0] == last_hash
        verdict = verify()
        # The backup sealed the event added after the first seal: every event is sealed.
        assert verdict.ok and verdict.checked == before["audit_auditevent"] == 4
        assert len(verdict.seals) == 2 and verdict.after_last_seal == 0
    assert "4 sự kiện, 2 niêm phong" in restored.audit_message
    copy = fresh / "media" / "evidence" / "bien-ban.pdf"
    assert copy.read_bytes() == b"%PDF-1.4 bien ban" and copy.stat().st_mode & 0o777 == 0o600


def _archive(tmp_path: Path, members: dict[str, bytes], listed: dict[str, bytes]) -> Path:
    manifest = {
        "format": "treem-backup/1",
        "files": {n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in listed.items()},
    }
    path = tmp_path / "x.tar"
    with tarfile.open(path, "w") as tar:
        for name, data in {**members, "manifest.json": json.dumps(manifest).encode()}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_a_damaged_archive_is_refused_before_anything_is_touched(tmp_path: Path) -> None:
    good = {"database.dump": b"dump", "audit/seals.jsonl": b""}
    assert read_manifest(_archive(tmp_path, good, good))["format"] == "treem-backup/1"
    damaged = _archive(tmp_path, {**good, "database.dump": b"dumq"}, good)
    with pytest.raises(BackupError, match="không khớp mã SHA-256"):
        read_manifest(damaged)
    smuggled = _archive(tmp_path, {**good, "media/../../etc/x": b"x"}, good)
    with pytest.raises(BackupError, match="không an toàn"):
        read_manifest(smuggled)
