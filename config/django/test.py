"""Tests: the same PostgreSQL engine, a private throw-away embedded server unless DATABASE_URL is set."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from config.django.base import *  # noqa: F403
from config.env import database_from_url

# A parallel run (pytest-xdist, ``./treem test``): each worker inherits the environment of the process
# that started it, which has started an embedded server of its own; a worker starts its own too, so that
# every worker has a whole server to itself, as a serial run has.
if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("DATABASE_URL") == os.environ.get(
    "TREEM_TEST_EMBEDDED_URL"
):
    del os.environ["DATABASE_URL"]

if not os.environ.get("DATABASE_URL"):
    from treem.core.pgserver import EmbeddedPostgres

    _root = Path(tempfile.mkdtemp(prefix="treem-testdb-"))
    _server = EmbeddedPostgres(_root)
    _info = _server.start()  # creates the owner and application roles too (ADR 0013)
    os.environ["DATABASE_URL"] = _info.url  # child processes (live server, worker) share it
    os.environ["TREEM_TEST_EMBEDDED_URL"] = _info.url
    # The suite connects as the superuser (pytest-django creates the test database); migrate grants
    # the application role its rights there, and test_roles connects as that role.
    os.environ["TREEM_DB_APP_ROLE"] = _server.app_info().user
    os.environ["TREEM_TEST_APP_DATABASE_URL"] = _server.app_info().url
    # The read-replica test takes its base backup as the superuser (REPLICATION).
    os.environ["TREEM_TEST_REPLICATION_URL"] = _info.url

    def _stop_test_server() -> None:
        try:
            _server.stop()
        finally:
            shutil.rmtree(_root, ignore_errors=True)

    atexit.register(_stop_test_server)
    _SUITE_URL = os.environ["DATABASE_URL"]
else:
    # An outside server (CI's Debian PostgreSQL, ADR 0030), with the two roles of production:
    # DATABASE_URL is the application role, DATABASE_OWNER_URL the owner. The suite runs as the owner
    # (which creates the test database, so it needs CREATEDB there); migrate grants the application
    # role its rights in the test database, and test_roles connects as that role.
    _SUITE_URL = os.environ["DATABASE_URL"]
    _owner_url = os.environ.get("DATABASE_OWNER_URL", "")
    _app_user = unquote(urlparse(_SUITE_URL).username or "")
    if _owner_url and unquote(urlparse(_owner_url).username or "") != _app_user:
        os.environ.setdefault("TREEM_DB_APP_ROLE", _app_user)
        os.environ.setdefault("TREEM_TEST_APP_DATABASE_URL", _SUITE_URL)
        _SUITE_URL = _owner_url

DATABASES = {"default": database_from_url(_SUITE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = 0
TREEM_DB_APP_ROLE = os.environ.get("TREEM_DB_APP_ROLE", "")
TREEM_TEST_APP_DATABASE_URL = os.environ.get("TREEM_TEST_APP_DATABASE_URL", "")
# A role with REPLICATION on the test server, for the hot standby of core/tests/test_replica.py (ADR 0030);
# an outside server gives it (CI's .ci/postgres-smoke does), else that test is skipped.
TREEM_TEST_REPLICATION_URL = os.environ.get("TREEM_TEST_REPLICATION_URL", "")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TREEM_TASKS_INLINE = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="treem-testmedia-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="treem-teststatic-"))
_AUDIT_DIR = Path(tempfile.mkdtemp(prefix="treem-testaudit-"))
TREEM_AUDIT_SEALS_FILE = _AUDIT_DIR / "seals.jsonl"
TREEM_AUDIT_SEAL_KEY_FILE = _AUDIT_DIR / "seal.key"
atexit.register(shutil.rmtree, _AUDIT_DIR, ignore_errors=True)
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
atexit.register(shutil.rmtree, STATIC_ROOT, ignore_errors=True)
WHITENOISE_USE_FINDERS = True  # the live server of browser tests serves static files from the apps
AXES_ENABLED = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
