from __future__ import annotations

from ninja import NinjaAPI

from treem.accounts.tokens import BearerTokenAuth, SessionAuth
from treem.cases.api import router as cases_router
from treem.core.api import router as exports_router
from treem.geo.api import router as geo_router
from treem.indicators.api import router as analytics_router
from treem.registry.api import router as registry_router
from treem.web import api_errors

api = NinjaAPI(
    title="Treem API",
    version="1",
    description="API của Treem. Xác thực bằng phiên đăng nhập (trình duyệt) hoặc mã Bearer (hệ thống khác). "
    "Mọi kết quả chỉ gồm dữ liệu trong phạm vi địa bàn của người dùng.",
    auth=[SessionAuth(), BearerTokenAuth()],
    docs_url="/docs",
    urls_namespace="api",
)
api_errors.install(api)
api.add_router("/geo", geo_router)
api.add_router("/cases", cases_router)
api.add_router("/children", registry_router)
api.add_router("/analytics", analytics_router)
api.add_router("/exports", exports_router)
