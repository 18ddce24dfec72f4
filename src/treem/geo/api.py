from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from treem.geo import selectors
from treem.geo.models import Generation, Level

router = Router(tags=["geo"])


class BoundedPagination(LimitOffsetPagination):
    """Limit and offset that PostgreSQL accepts (a bigint overflow answered 500): 422 beyond them."""

    class Input(Schema):
        limit: int = Field(500, ge=1, le=2**31 - 1)
        offset: int = Field(0, ge=0, le=2**31 - 1)


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    unit_type: str
    generation: str
    parent_code: str | None
    valid_from: date | None
    valid_to: date | None

    @staticmethod
    def resolve_parent_code(obj: object) -> str | None:
        parent = getattr(obj, "parent", None)
        return parent.code if parent is not None else None


@router.get("/units", response=list[UnitOut], summary="Đơn vị hành chính trong phạm vi người dùng")
@paginate(BoundedPagination, page_size=500)
def list_units(
    request: HttpRequest,
    level: Level | None = None,
    parent: str | None = None,
    generation: Generation = Generation.CURRENT,
):
    """Units of the current map (or ``generation=2008`` for the former one), optionally one level or
    the children of the unit whose official code is ``parent``. Only units inside the caller's
    jurisdiction are listed."""
    return selectors.unit_list(
        user=request.user,
        level=level.value if level else None,
        parent_code=parent,
        generation=generation.value,
    )
