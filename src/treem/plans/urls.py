from django.urls import path

from treem.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/giao/", views.plan_derive, name="derive"),
    path("van-ban/<int:document_id>/", views.document_detail, name="document"),
    path("nhiem-vu/<int:task_id>/", views.task_detail, name="task"),
    path("chi-tieu/<int:target_id>/", views.target_adjust, name="target"),
    path("minh-chung/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("co-quan/<int:agency_id>/", views.agency_detail, name="agency"),
    path("nhap/", views.import_upload, name="import"),
    path("nhap/<int:import_id>/", views.import_review, name="import_review"),
]
