"""What the register tells the apps above it, without importing them (ARCHITECTURE §3)."""

from django.dispatch import Signal

# Sent after an import's rows have committed (``commune``, ``created``, ``updated``): the apps that keep
# figures derived from the register bring them up to date at once (indicators: ADR 0033's fold), instead
# of waiting for their periodic job.
children_imported = Signal()
