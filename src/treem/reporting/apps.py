from typing import Any

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "treem.reporting"
    label = "reporting"
    verbose_name = "Báo cáo định kỳ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(
            _compact_after_migrate, sender=self, dispatch_uid="reporting_compact_after_migrate"
        )


def _compact_after_migrate(sender: Any, **kwargs: Any) -> None:
    """Every release runs ``migrate``: the report pages' kept figures (ADR 0049) are dropped with it, so
    that none worked out by the code before the release is shown after it."""
    from django.db import DEFAULT_DB_ALIAS, connections

    from treem.reporting import content
    from treem.reporting.models import ReportChange

    using = kwargs.get("using") or DEFAULT_DB_ALIAS
    if ReportChange._meta.db_table in connections[using].introspection.table_names():  # not unapplied
        content.report_changes_compact(using=using)
