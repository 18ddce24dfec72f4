from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "treem.reporting"
    label = "reporting"
    verbose_name = "Báo cáo định kỳ"
    default_auto_field = "django.db.models.BigAutoField"
