from django.urls import path

from treem.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("xac-thuc-hai-lop/", views.otp_view, name="otp"),
]

urlpatterns += [
    path("nguoi-dung/", views.user_list, name="users"),
]
