"""The demo and a developer's machine: base settings, mail written to var/mail."""

from config.django.base import *  # noqa: F403
