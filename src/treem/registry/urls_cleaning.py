from django.urls import path

from treem.registry import views_cleaning as views

urlpatterns = [
    path("lam-sach/", views.overview, name="cleaning"),
    path("lam-sach/<int:unit_id>/", views.commune_lists, name="cleaning_list"),
    path("lam-sach/<int:unit_id>/xuat.xlsx", views.export_xlsx, name="cleaning_export"),
    path("lam-sach/<int:unit_id>/nhap/", views.import_verified, name="cleaning_import"),
    path("trung-lap/", views.duplicates, name="duplicates"),
    path("trung-lap/<int:pair_id>/", views.duplicate_detail, name="duplicate"),
    path("trung-lap/<int:pair_id>/quyet-dinh/", views.duplicate_decide, name="duplicate_decide"),
]
