from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "treem.geo"
    label = "geo"
    verbose_name = "Địa bàn"
    default_auto_field = "django.db.models.BigAutoField"
