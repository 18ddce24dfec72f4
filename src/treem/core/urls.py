from django.urls import path

from treem.core import views

app_name = "core"

urlpatterns = [
    path("", views.calendar_view, name="calendar"),
    path("xoa/", views.calendar_override_remove_view, name="calendar_remove"),
]
