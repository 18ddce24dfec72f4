"""The demo and a developer's machine: base settings, mail written to var/mail.

Two-factor authentication is off by default here so that the demo logins work without an
authenticator app; production (and the tests) enforce it. TREEM_ENFORCE_2FA=1 turns it on.
"""

from config.django.base import *  # noqa: F403
from config.env import env_bool

TREEM_ENFORCE_2FA = env_bool("TREEM_ENFORCE_2FA", False)
