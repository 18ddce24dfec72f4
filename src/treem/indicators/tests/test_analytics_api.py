"""GET /api/v1/analytics: exact values (ratio of sums), sex breakdown, scoping (out of scope = missing),
bad parameters answered 400 with a Vietnamese message."""

from __future__ import annotations

from typing import Any

import pytest

from treem.indicators import analytics
from treem.indicators.models import Indicator
from treem.indicators.services import reported_value_set

pytestmark = pytest.mark.django_db

URL = "/api/v1/analytics"


def _rows(body: dict[str, Any], by: str = "sex") -> dict[tuple[str, str, str, str | None], dict[str, Any]]:
    names = [h["name"] for h in body["headers"]]
    out = {}
    for row in body["rows"]:
        item = dict(zip(names, row, strict=True))
        out[(item["dx"], item["ou"], item["pe"], item[by])] = item
    return out


def test_values_are_ratios_of_sums(world: Any, births: None, login: Any) -> None:
    client = login(world.province_a)
    response = client.get(URL, {"dx": "QD23-14;QD23-08a", "ou": "79;26740;26968", "pe": "2025"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [h["name"] for h in body["headers"]][:9] == [
        "dx",
        "ou",
        "pe",
        "sex",
        "value",
        "numerator",
        "denominator",
        "target",
        "status",
    ]
    assert body["width"] == len(body["headers"]) and body["height"] == len(body["rows"]) == 6
    rows = _rows(body)
    hcmc = rows[("QD23-14", "79", "2025", None)]
    assert (hcmc["value"], hcmc["numerator"], hcmc["denominator"]) == ("60.00", "3", "5")
    # the merged city has no target of its own (QĐ 4063's are the former city's, ADR 0024): the nation's
    assert (hcmc["target"], hcmc["target_comparator"], hcmc["target_year"]) == ("98.5", "ge", "2025")
    assert hcmc["status"] == "off_track"
    a1 = rows[("QD23-14", "26740", "2025", None)]
    assert (a1["value"], a1["numerator"], a1["denominator"]) == ("33.33", "1", "3")
    a2 = rows[("QD23-14", "26968", "2025", None)]
    assert (a2["value"], a2["numerator"], a2["denominator"]) == ("100.00", "2", "2")
    share = rows[("QD23-08a", "79", "2025", None)]
    assert (share["value"], share["numerator"], share["denominator"]) == ("0.00", "0", "5")
    items = body["metaData"]["items"]
    assert items["79"]["name"] == "Thành phố Hồ Chí Minh"
    assert items["QD23-14"]["name"] == "Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh"
    assert items["QD23-14"]["measure"] == "%"
    assert items["off_track"]["name"] == "Chậm tiến độ"
    assert body["metaData"]["dimensions"] == {
        "dx": ["QD23-14", "QD23-08a"],
        "ou": ["79", "26740", "26968"],
        "pe": ["2025"],
        "sex": [],
    }


def test_by_sex_parts_add_up_to_the_total(world: Any, births: None, login: Any) -> None:
    client = login(world.province_a)
    body = client.get(URL, {"dx": "QD23-14", "ou": "79;26740", "pe": "2025;2024", "by": "sex"}).json()
    rows = _rows(body)
    assert len(rows) == 2 * 2 * 3
    for ou in ("79", "26740"):
        for pe in ("2025", "2024"):
            total = rows[("QD23-14", ou, pe, None)]
            male, female = rows[("QD23-14", ou, pe, "M")], rows[("QD23-14", ou, pe, "F")]
            for part in ("numerator", "denominator"):
                assert int(male[part]) + int(female[part]) == int(total[part]), (ou, pe, part)
            assert male["target"] is None and male["status"] is None
    assert rows[("QD23-14", "79", "2025", "M")]["value"] == "100.00"  # 2 of 2 boys
    assert rows[("QD23-14", "79", "2025", "F")]["value"] == "33.33"  # 1 of 3 girls
    assert body["metaData"]["items"]["F"]["name"] == "Nữ"


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        # The births fixture: every child was born in 2023 (age 2 at 31/12/2025), none has an ethnicity
        # recorded, and both HCMC wards are phường.
        ("age", {"0-4": ("3", "5")}),
        ("ethnicity", {"unknown": ("3", "5")}),
        ("area", {"urban": ("3", "5")}),
    ],
)
def test_other_breakdowns_split_the_computed_totals(
    world: Any, births: None, login: Any, by: str, expected: dict[str, tuple[str, str]]
) -> None:
    from treem.indicators import selectors
    from treem.registry.models import Child, Ethnicity

    kinh, _ = Ethnicity.objects.get_or_create(code=selectors.KINH_CODE, defaults={"name": "Kinh"})
    Child.objects.filter(commune=world.a2).update(ethnicity=kinh)  # Tân Sơn Nhất: 2 of 2, Kinh
    if by == "ethnicity":
        expected = {"kinh": ("2", "2"), "unknown": ("1", "3")}
    body = (
        login(world.province_a).get(URL, {"dx": "QD23-14;QD23-05", "ou": "79", "pe": "2025", "by": by}).json()
    )
    assert body["headers"][3]["name"] == by
    rows = _rows(body, by)
    total = rows[("QD23-14", "79", "2025", None)]
    assert (total["numerator"], total["denominator"]) == ("3", "5")
    parts = {
        key: (row["numerator"], row["denominator"])
        for (dx, _, _, key), row in rows.items()
        if key and dx == "QD23-14"
    }
    assert {k: v for k, v in parts.items() if v != ("0", "0") and v != (None, None)} == expected
    assert not [key for key in rows if key[0] == "QD23-05" and key[3]]  # reported: no such breakdown
    assert body["metaData"]["dimensions"][by] == sorted(
        parts, key=list(body["metaData"]["dimensions"][by]).index
    )


def test_reported_indicator_rolls_up_as_ratio_of_sums(world: Any, catalogues: None, login: Any) -> None:
    vaccination = Indicator.objects.get(code="QD23-05")
    for unit, num, den in ((world.a1, 9, 10), (world.a2, 1, 10)):
        reported_value_set(
            actor=world.province_a,
            unit=unit,
            indicator=vaccination,
            year=2025,
            numerator=num,
            denominator=den,
        )
    rows = _rows(login(world.province_a).get(URL, {"dx": "QD23-05", "ou": "79", "pe": "2025"}).json())
    hcmc = rows[("QD23-05", "79", "2025", None)]
    assert (hcmc["value"], hcmc["numerator"], hcmc["denominator"]) == ("50.00", "10", "20")


def test_default_unit_is_the_callers_jurisdiction(world: Any, births: None, login: Any) -> None:
    body = login(world.worker_a1).get(URL, {"dx": "QD23-14", "pe": "2025"}).json()
    assert body["metaData"]["dimensions"]["ou"] == ["26740"]
    assert body["rows"][0][4] == "33.33"


@pytest.mark.parametrize(
    ("username", "ou"),
    [
        ("worker_b1", "79"),
        ("worker_b1", "26740"),
        ("province_b", "79"),
        ("province_b", "VN"),
        ("worker_a1", "79"),  # a commune worker cannot read the province
        ("worker_a1", "26968"),  # nor the next commune
        ("worker_a1", "26740;26968"),  # one unit out of scope spoils the whole request
    ],
)
def test_out_of_scope_answers_like_missing(
    world: Any, births: None, login: Any, username: str, ou: str
) -> None:
    client = login(getattr(world, username))
    response = client.get(URL, {"dx": "QD23-14", "ou": ou, "pe": "2025"})
    assert response.status_code == 404
    missing = client.get(URL, {"dx": "QD23-14", "ou": "99999", "pe": "2025"})
    assert missing.status_code == 404
    code = ou.split(";")[-1]
    assert response.json()["detail"] == missing.json()["detail"].replace("99999", code)


def test_province_b_reads_its_own(world: Any, births: None, login: Any) -> None:
    rows = _rows(login(world.province_b).get(URL, {"dx": "QD23-14", "ou": "01", "pe": "2025"}).json())
    assert rows[("QD23-14", "01", "2025", None)]["value"] == "100.00"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"dx": "QD23-99;QD23-14"}, "Không có chỉ tiêu mã: QD23-99."),
        ({"dx": "x\x00y"}, "ký tự NUL"),  # refused by core.input_guard before the API
        ({}, "Thiếu tham số dx"),
        ({"dx": "QD23-14", "pe": "2025S1"}, "Kỳ 2025S1 chưa được hỗ trợ"),
        ({"dx": "QD23-14", "pe": "2025Q3"}, "Kỳ 2025Q3 chưa được hỗ trợ"),
        ({"dx": "QD23-14", "pe": "202507"}, "Kỳ 202507 chưa được hỗ trợ"),
        ({"dx": "QD23-14", "pe": "năm ngoái"}, "Kỳ năm ngoái không hợp lệ"),
        ({"dx": "QD23-14", "pe": "1999"}, "Năm 1999 nằm ngoài khoảng 2000–2100."),
        ({"dx": "QD23-14", "by": "religion"}, "Tham số by chỉ nhận một trong các giá trị sex"),
        ({"dx": ";".join(f"QD23-{n:02d}" for n in range(1, 60))}, "Tham số dx có tối đa 50 mục"),
    ],
)
def test_bad_parameters(
    world: Any, catalogues: None, login: Any, params: dict[str, str], message: str
) -> None:
    response = login(world.province_a).get(URL, params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_too_many_cells(world: Any, catalogues: None, login: Any) -> None:
    codes = list(Indicator.objects.values_list("code", flat=True))
    response = login(world.province_a).get(
        URL, {"dx": ";".join(codes), "ou": "79;26740", "pe": "LAST_5_YEARS"}
    )
    assert response.status_code == 400
    assert f"{len(codes) * 2 * 5} tổ hợp" in response.json()["detail"]


def test_relative_periods() -> None:
    assert analytics.parse_periods("THIS_YEAR", today_year=2026) == [("2026", 2026)]
    assert analytics.parse_periods("LAST_YEAR;2025", today_year=2026) == [("2025", 2025)]
    assert [y for _, y in analytics.parse_periods("last_5_years", today_year=2026)] == [
        2021,
        2022,
        2023,
        2024,
        2025,
    ]


def test_needs_authentication(world: Any, client: Any) -> None:
    assert client.get(URL, {"dx": "QD23-14"}).status_code == 401


def test_bearer_token(world: Any, births: None, client: Any) -> None:
    from treem.accounts.tokens import token_create

    _, raw = token_create(user=world.province_b, name="thử nghiệm")
    response = client.get(
        URL, {"dx": "QD23-14", "ou": "01", "pe": "2025"}, headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 200
    assert response.json()["rows"][0][:7] == ["QD23-14", "01", "2025", None, "100.00", "1", "1"]


def test_openapi_documents_the_endpoint(world: Any, client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    op = schema["paths"]["/api/v1/analytics"]["get"]
    assert {p["name"] for p in op["parameters"]} == {"dx", "ou", "pe", "by"}
    assert set(op["responses"]) == {"200", "400", "404"}
    assert "AnalyticsOut" in schema["components"]["schemas"]
