from django.urls import path

from treem.registry import views

urlpatterns = [
    path("", views.child_list, name="list"),
    path("them/", views.child_create, name="create"),
    path("<int:child_id>/", views.child_detail, name="detail"),
    path("<int:child_id>/hien-thi/", views.child_reveal, name="reveal"),
    path("<int:child_id>/sua/", views.child_edit, name="edit"),
    path("<int:child_id>/nguoi-giam-ho/", views.child_guardians, name="guardians"),
    path("<int:child_id>/hoan-canh/", views.child_circumstances, name="circumstances"),
    path("<int:child_id>/theo-doi/", views.child_tracking, name="tracking"),
    path("<int:child_id>/ho-tro/", views.child_support, name="support"),
    path("<int:child_id>/chuyen-di/", views.child_move, name="move"),
]
