from django.urls import include, path

from treem.web.api import api

urlpatterns = [
    path("", include("treem.web.urls")),
    path("tai-khoan/", include("treem.accounts.urls")),
    path("dia-ban/", include("treem.geo.urls")),
    path("nhat-ky/", include("treem.audit.urls")),
    path("lich-lam-viec/", include("treem.core.urls")),
    path("tre-em/", include("treem.registry.urls")),
    path("vu-viec/", include("treem.cases.urls")),
    path("chi-tieu/", include("treem.indicators.urls")),
    path("ke-hoach/", include("treem.plans.urls")),
    path("hoat-dong/", include("treem.activities.urls")),
    path("danh-gia-xa/", include("treem.assessment.urls")),
    path("bao-cao/", include("treem.reporting.urls")),
    path("tep-xuat/", include("treem.core.urls_exports")),
    path("api/v1/", api.urls),
]

handler404 = "treem.web.views.not_found"
handler403 = "treem.web.views.forbidden"
handler500 = "treem.web.views.server_error"
