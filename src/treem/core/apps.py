from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "treem.core"
    label = "core"
    verbose_name = "Lõi hệ thống"
    default_auto_field = "django.db.models.BigAutoField"
