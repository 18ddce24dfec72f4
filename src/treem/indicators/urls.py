from django.urls import path

from treem.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("so-sanh/", views.compare, name="compare"),
    path("adx/", views.adx_export, name="adx"),
    path("nhap-so-lieu/", views.enter_values, name="enter"),
    path("muc-tieu/", views.targets, name="targets"),
]
