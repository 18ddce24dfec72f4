from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings


@pytest.fixture
def agency_types(world: Any) -> dict[str, Any]:
    return load_agency_types()


def load_agency_types() -> dict[str, Any]:
    """The agency catalogue (what ``load_reference`` loads), for tests that match agency names."""
    from treem.geo.models import AgencyType

    path = Path(settings.BASE_DIR) / "data" / "reference" / "agency_types.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["code"]: AgencyType.objects.create(
            code=r["code"], name=r["name"], sector=r["sector"], levels=r["levels"], sort_order=i
        )
        for i, r in enumerate(rows)
    }


def ref(text: str, code: str | None, level: str | None = None) -> dict[str, Any]:
    return {"text": text, "type_code": code, "level": level}


def hand_draft(**over: Any) -> dict[str, Any]:
    """A draft as the parser produces it for a small district plan (see test_services)."""
    draft: dict[str, Any] = {
        "document": {
            "doc_type": "ke_hoach",
            "number": "12/KH-UBND",
            "date": "2024-03-01",
            "issuer": "Ủy ban nhân dân quận Tân Bình",
            "place": "Tân Bình",
            "title": "Thực hiện Kế hoạch số 3597/KH-UBND về chăm sóc, giáo dục và bảo vệ trẻ em năm 2024",
            "lines": [1, 4],
        },
        "cites": [
            {
                "doc_type": "chi_thi",
                "number": "28-CT/TW",
                "date": "2023-12-25",
                "issuer": "Bộ Chính trị",
                "title": "Tăng cường công tác chăm sóc, giáo dục và bảo vệ trẻ em",
                "lines": [5, 6],
            },
            {
                "doc_type": "ke_hoach",
                "number": "3597/KH-UBND",
                "date": "2024-06-28",
                "issuer": "Ủy ban nhân dân Thành phố",
                "title": "",
                "lines": [7, 8],
            },
        ],
        "purposes": ["Triển khai hiệu quả Chỉ thị số 28-CT/TW."],
        "tasks": [
            {
                "number": "II",
                "level": 1,
                "title": "NHIỆM VỤ, GIẢI PHÁP",
                "body": "",
                "lead": [],
                "cooperating": [],
                "timeframe": {"kind": "", "text": ""},
                "indicator_refs": [],
                "lines": [10, 10],
                "is_heading": True,
            },
            {
                "number": "II.1",
                "level": 2,
                "title": "Tuyên truyền Luật Trẻ em",
                "body": "",
                "lead": [ref("Phòng Lao động - Thương binh và Xã hội", "phong_ldtbxh_cu", "district")],
                "cooperating": [ref("UBND các phường", "ubnd", "commune")],
                "timeframe": {
                    "kind": "yearly",
                    "start_year": None,
                    "end_year": None,
                    "on": None,
                    "text": "Hằng năm",
                },
                "indicator_refs": [],
                "lines": [11, 14],
                "is_heading": False,
            },
            {
                "number": "II.2",
                "level": 2,
                "title": "Khám sức khỏe cho trẻ em",
                "body": "",
                "lead": [ref("Sở Y tế", "so_y_te", "province")],
                "cooperating": [ref("Ban Quản lý khu công nghệ cao", None, None)],
                "timeframe": {
                    "kind": "date",
                    "start_year": None,
                    "end_year": None,
                    "on": "2024-06-30",
                    "text": "Trước ngày 30/6/2024",
                },
                "indicator_refs": [],
                "lines": [15, 17],
                "is_heading": False,
            },
        ],
        "targets": [
            {
                "label": "Chỉ tiêu 1",
                "text": "Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh đạt 99%",
                "indicator": "QD23-14",
                "values": {"2025": 99, "2030": 99.5},
                "comparator": "ge",
                "direction": "raise",
                "unit": "percent",
                "lead": [ref("Sở Tư pháp", "so_tu_phap", "province")],
                "lines": [20, 21],
            },
        ],
        "deadlines": [
            {
                "periodicity": "yearly",
                "day": 5,
                "month": 12,
                "text": "trước ngày 05 tháng 12 hằng năm",
                "lines": [30, 30],
                "recipient": "Sở Lao động - Thương binh và Xã hội",
            },
        ],
        "criteria": [],
        "unmatched_agencies": ["Ban Quản lý khu công nghệ cao"],
        "warnings": [],
    }
    draft.update(over)
    return draft


def hand_pdf(content: str, *, width: int = 612, height: int = 792) -> bytes:
    """A one-page PDF written by hand: the page's text ``content`` (PDF operators) in Helvetica (ASCII
    only), on a page of ``width`` × ``height`` points."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out
