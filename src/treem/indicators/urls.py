from django.urls import path

from treem.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.scorecard, name="scorecard"),
]
