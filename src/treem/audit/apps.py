from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "treem.audit"
    label = "audit"
    verbose_name = "Nhật ký"
    default_auto_field = "django.db.models.BigAutoField"
