from django.urls import path

from treem.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.obligation_list, name="list"),
    path("<int:obligation_id>/", views.obligation_detail, name="detail"),
    path("<int:obligation_id>/duyet/", views.obligation_review, name="review"),
    path("<int:obligation_id>/tai-ve/", views.obligation_download, name="download"),
    path("lan-gui/<int:submission_id>/", views.submission_download, name="submission"),
    path("quy-dinh/", views.rule_edit, name="rules"),
]
