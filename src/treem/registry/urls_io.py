from django.urls import path

from treem.registry import views_io

urlpatterns = [
    path("nhap/", views_io.import_upload, name="import"),
    path("nhap/<int:job_id>/", views_io.import_job, name="import_job"),
    path("nhap/<int:job_id>/tien-do/", views_io.import_progress, name="import_progress"),
    path("nhap/<int:job_id>/loi.xlsx", views_io.import_errors, name="import_errors"),
    path("nhap/<int:job_id>/ghi/", views_io.import_commit, name="import_commit"),
    path("nhap/<int:job_id>/chay-lai/", views_io.import_retry, name="import_retry"),
    path("xuat/", views_io.export, name="export"),
    path("hoan-canh-dac-biet/", views_io.special_list, name="special_list"),
]
