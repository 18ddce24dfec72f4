from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "treem.indicators"
    label = "indicators"
    verbose_name = "Chỉ tiêu, chỉ số"
    default_auto_field = "django.db.models.BigAutoField"
