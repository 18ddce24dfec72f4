import logging
from typing import Any

from django.apps import AppConfig

logger = logging.getLogger(__name__)


class IndicatorsConfig(AppConfig):
    name = "treem.indicators"
    label = "indicators"
    verbose_name = "Chỉ tiêu, chỉ số"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from treem.registry.signals import children_imported

        children_imported.connect(_fold_after_import, dispatch_uid="indicators_fold_after_import")


def _fold_after_import(sender: Any, **kwargs: Any) -> None:
    """An import can mark a great many children changed (its circumstances, its updates); every read of
    the catalogue corrects for each until the fold (ADR 0033), so fold now rather than within five
    minutes: the figures stay fast right after a large import."""
    from treem.indicators import numerators

    try:
        numerators.fold()
    except Exception:  # the rows are committed; the periodic fold (every five minutes) tries again
        logger.exception("Folding the kept numerators after an import failed")
