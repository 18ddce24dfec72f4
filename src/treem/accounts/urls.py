from django.urls import path

from treem.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("xac-thuc-hai-lop/", views.otp_view, name="otp"),
    path("dat-mat-khau/<uidb64>/<token>/", views.PasswordLinkView.as_view(), name="password_link"),
]

urlpatterns += [
    path("nguoi-dung/", views.user_list, name="users"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:user_id>/", views.user_detail, name="user_detail"),
    path("nguoi-dung/<int:user_id>/sua/", views.user_edit, name="user_edit"),
    path("phe-duyet/", views.approvals, name="approvals"),
]
