from django.urls import path

from treem.geo import views

app_name = "geo"

urlpatterns = [
    path("", views.unit_browse, name="browse"),
    path("<int:unit_id>/", views.unit_detail, name="unit"),
]
