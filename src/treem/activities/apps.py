from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "treem.activities"
    label = "activities"
    verbose_name = "Hoạt động và mạng lưới cộng tác viên"

    def ready(self) -> None:
        from treem.activities import indicators, places

        indicators.register()
        places.register()
