from django.urls import path

from treem.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("tiep-nhan/", views.case_intake, name="intake"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/chuyen/", views.case_transition, name="transition"),
    # The default step of each multi-argument page is reachable with the case id alone.
    path("<int:case_id>/danh-gia/", views.case_assess, {"kind": "initial"}, name="assess"),
    path("<int:case_id>/danh-gia/<str:kind>/", views.case_assess, name="assess"),
    path("<int:case_id>/ke-hoach/", views.case_plan, name="plan"),
    path("<int:case_id>/chuyen-gui/", views.case_referral, name="referral"),
    path("chuyen-gui/<int:referral_id>/", views.referral_respond, name="referral_respond"),
    path("<int:case_id>/mo-khan-cap/", views.case_break_glass, name="break_glass"),
    path("<int:case_id>/xin-xem/", views.case_access_request, name="access_request"),
    path("mo-ho-so/", views.access_review, name="access_review"),
    path("yeu-cau-xem/<int:request_id>/", views.access_request_decide, name="access_decide"),
    path("<int:case_id>/phan-cong/", views.case_assign, name="assign"),
    path("<int:case_id>/cap-quyen/", views.case_grant, name="grant"),
    path("<int:case_id>/tai-lieu/", views.attachment_upload, name="attachment_upload"),
    path("tai-lieu/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:case_id>/mau/", views.case_document, {"form_no": 1}, name="document"),
    path("<int:case_id>/mau/<int:form_no>/", views.case_document, name="document"),
]
