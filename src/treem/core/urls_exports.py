from django.urls import path

from treem.core import views_exports

app_name = "exports"

urlpatterns = [
    path("", views_exports.export_list, name="list"),
    path("<int:job_id>/", views_exports.export_detail, name="detail"),
    path("<int:job_id>/tien-do/", views_exports.export_progress, name="progress"),
    path("<int:job_id>/tai-ve/", views_exports.export_download, name="download"),
    path("<int:job_id>/tao-lai/", views_exports.export_retry, name="retry"),
]
