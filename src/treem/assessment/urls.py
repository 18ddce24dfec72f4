from django.urls import path

from treem.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.home, name="home"),
    path("xa/<int:unit_id>/", views.standing, name="standing"),
    path("xa/<int:unit_id>/loai-xa/", views.commune_type, name="commune_type"),
    path("tinh/<int:unit_id>/", views.province, name="province"),
    path("tinh/<int:unit_id>/tinh-lai/", views.province_refresh, name="province_refresh"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tu-danh-gia/", views.self_assessment, name="self_assessment"),
    path("<int:pk>/nhap-diem/", views.entry, name="entry"),
    path("<int:pk>/chuyen/", views.transition, name="transition"),
    path("<int:pk>/ho-so/", views.dossier, name="dossier"),
    path("<int:pk>/quyet-dinh/", views.decision, name="decision"),
    path("minh-chung/<int:entry_id>/", views.evidence, name="evidence"),
]
