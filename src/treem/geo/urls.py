from django.urls import path

from treem.geo import views

app_name = "geo"

urlpatterns = [
    path("", views.unit_browse, name="browse"),
    path("tim/", views.unit_search, name="search"),
    path("<int:unit_id>/", views.unit_detail, name="unit"),
    path("<int:unit_id>/thon/", views.hamlet_list, name="hamlets"),
    path("thon/<int:hamlet_id>/sua/", views.hamlet_edit, name="hamlet_edit"),
    path("<int:unit_id>/co-quan/", views.agency_list, name="agencies"),
]
