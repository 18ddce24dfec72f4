from django.urls import path

from treem.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("ghi-nhan/", views.activity_create, name="create"),
    path("<int:activity_id>/", views.activity_detail, name="detail"),
    path("<int:activity_id>/sua/", views.activity_edit, name="edit"),
    path("minh-chung/<int:file_id>/", views.file_download, name="file"),
    path("mang-luoi/", views.network_index, name="network_index"),
    path("mang-luoi/<int:commune_id>/", views.network, name="network"),
    path("cong-tac-vien/<int:post_id>/", views.post_edit, name="post_edit"),
    path("diem-vui-choi/<int:commune_id>/", views.places_page, name="places"),
    path("diem-vui-choi/sua/<int:place_id>/", views.place_edit, name="place_edit"),
]
