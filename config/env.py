"""Reading configuration from the environment (and secret files), in one place."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TREEM_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def get_secret(name: str) -> str | None:
    """A secret from the environment, or from the file named by ``<NAME>_FILE`` (Zulip's habit)."""
    if os.environ.get(name):
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return None


def local_secret_key() -> str:
    """For the demo and development only: a key generated once and kept in var/."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def database_from_url(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ValueError("DATABASE_URL must be a postgresql:// URL; Treem runs on PostgreSQL only.")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "ATOMIC_REQUESTS": False,
        **connection_pooling(),
    }


def connection_pooling() -> dict[str, object]:
    """How connections are pooled (docs/operations.md): by default each web or worker thread keeps its
    own for 60 s. TREEM_DB_POOL_MAX=N: a psycopg pool of at most N connections per process (Django's
    ``pool`` option; persistent connections off). TREEM_DB_PGBOUNCER=1: behind PgBouncer in transaction
    mode — no server-side cursors, no prepared statements (nothing else in Treem holds session state:
    its advisory locks and ``set_config`` calls are transaction-scoped)."""
    if env_bool("TREEM_DB_PGBOUNCER"):
        return {"DISABLE_SERVER_SIDE_CURSORS": True, "OPTIONS": {"prepare_threshold": None}}
    pool_max = env_int("TREEM_DB_POOL_MAX", 0)
    if pool_max > 0:
        pool = {
            "min_size": min(env_int("TREEM_DB_POOL_MIN", 2), pool_max),
            "max_size": pool_max,
            "timeout": env_int("TREEM_DB_POOL_TIMEOUT", 10),
        }
        return {"CONN_MAX_AGE": 0, "OPTIONS": {"pool": pool}}
    return {}


def database_role() -> str:
    """``owner`` when TREEM_DB_ROLE=owner (migrations and other admin work), else ``app``."""
    return "owner" if env_str("TREEM_DB_ROLE").strip().lower() == "owner" else "app"


def default_database() -> dict[str, object]:
    """The application role's DATABASE_URL, or DATABASE_OWNER_URL under TREEM_DB_ROLE=owner (ADR 0013);
    without DATABASE_URL, the embedded server under var/ (started by ./treem) with the same two roles."""
    url = get_secret("DATABASE_URL")
    if database_role() == "owner":
        url = get_secret("DATABASE_OWNER_URL") or url
    if url:
        return database_from_url(url)
    from treem.core.pgserver import EmbeddedPostgres

    server = EmbeddedPostgres(VAR_DIR)
    if not server.is_initialised() or not server.has_roles():
        # Not started through ./treem: describe the embedded server anyway so errors are clear.
        return database_from_url("postgresql://treem_app@127.0.0.1:54329/treem")
    info = server.owner_info() if database_role() == "owner" else server.app_info()
    return database_from_url(info.url)


def media_root() -> Path:
    """Where uploaded and exported files live: TREEM_MEDIA_ROOT, else var/media. With several web or
    worker machines it must be one shared folder (an NFS or CephFS mount), the same path on every one."""
    return Path(env_str("TREEM_MEDIA_ROOT") or VAR_DIR / "media")


def storage_settings() -> dict[str, object]:
    """STORAGES["default"]: every upload and export goes through it (ADR 0030). The shared folder of
    ``media_root()``, or any Django storage class named by TREEM_STORAGE_BACKEND (an object store, e.g.
    django-storages' S3 backend once installed) with its options as JSON in TREEM_STORAGE_OPTIONS."""
    import json

    backend = env_str("TREEM_STORAGE_BACKEND") or "django.core.files.storage.FileSystemStorage"
    options = json.loads(get_secret("TREEM_STORAGE_OPTIONS") or "{}")
    if not isinstance(options, dict):
        raise ValueError("TREEM_STORAGE_OPTIONS must be a JSON object.")
    return {"BACKEND": backend, "OPTIONS": options}


def replica_database() -> dict[str, object] | None:
    """The ``replica`` alias (ADR 0030): DATABASE_REPLICA_URL, a streaming standby of the primary,
    reached as the application role; None when not set. A short connect timeout, so that a standby
    that is down costs a page little before it falls back to the primary."""
    url = get_secret("DATABASE_REPLICA_URL")
    if not url:
        return None
    db = database_from_url(url)
    options = dict(db.get("OPTIONS") or {})  # type: ignore[call-overload]
    db["OPTIONS"] = {**options, "connect_timeout": env_int("TREEM_REPLICA_CONNECT_TIMEOUT", 3)}
    db["TEST"] = {"MIRROR": "default"}  # a test run never creates a database on it
    return db


def database_app_role() -> str:
    """The application role that the grants step after ``migrate`` gives its rights to: TREEM_DB_APP_ROLE,
    else the user of DATABASE_URL when a different DATABASE_OWNER_URL is set, else the embedded one's."""
    explicit = env_str("TREEM_DB_APP_ROLE")
    if explicit:
        return explicit
    url, owner_url = get_secret("DATABASE_URL"), get_secret("DATABASE_OWNER_URL")
    if url:
        app_user = unquote(urlparse(url).username or "")
        owner_user = unquote(urlparse(owner_url).username or "") if owner_url else ""
        return app_user if owner_url and app_user != owner_user else ""
    from treem.core.pgserver import APP_ROLE

    return APP_ROLE
