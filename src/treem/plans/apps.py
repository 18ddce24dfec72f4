from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treem.plans"
    label = "plans"
    verbose_name = "Kế hoạch và nhiệm vụ"
