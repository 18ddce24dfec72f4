from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "treem.registry"
    label = "registry"
    verbose_name = "Cơ sở dữ liệu trẻ em"
    default_auto_field = "django.db.models.BigAutoField"
