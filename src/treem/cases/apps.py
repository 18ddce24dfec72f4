from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "treem.cases"
    label = "cases"
    verbose_name = "Vụ việc bảo vệ trẻ em"
    default_auto_field = "django.db.models.BigAutoField"
