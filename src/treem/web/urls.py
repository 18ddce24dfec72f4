from django.urls import path

from treem.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("chon-dia-ban/", views.switch_unit, name="switch_unit"),
]
