from django.urls import path

from treem.core import views as core_views
from treem.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("chon-dia-ban/", views.switch_unit, name="switch_unit"),
    path("thong-bao/", core_views.notification_list, name="notifications"),
    path("thong-bao/<int:notification_id>/", core_views.notification_open, name="notification_open"),
]
