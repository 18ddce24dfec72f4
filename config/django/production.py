"""Production: everything from base, hardened. Secrets and hosts come only from the environment."""

from config.django.base import *  # noqa: F403
from config.env import env_int, env_list, get_secret

DEBUG = False
SECRET_KEY = get_secret("DJANGO_SECRET_KEY") or ""
if len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) must hold at least 50 characters."
    )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("TREEM_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_NAME = "__Host-treem_session"
CSRF_COOKIE_NAME = "__Host-treem_csrf"

# Two-factor authentication is required for every role that opens children's records or case files, or
# approves access to them (accounts/roles.py asserts it); in production nothing switches it off —
# TREEM_ENFORCE_2FA is read only by the local/demo settings (ADR 0019).
TREEM_ENFORCE_2FA = True
