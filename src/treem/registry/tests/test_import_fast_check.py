"""The fast path of the row check (ADR 0039) accepts only rows the reference check accepts, with the same
``PlannedRow``; every other row is left to the reference, which gives its errors as before.

Each file below is checked twice, row by row in file order — once by ``_RowChecker.check`` (the fast
path, falling back to the reference), once by ``_RowChecker.reference_check`` alone — and every row's
outcome (the planned row with its data, cleaned values, hamlet, guardians, household; or the errors with
their column, value and message) and the IDs seen must be equal. The rows mix valid and hostile values:
impossible and ambiguous dates, 11- and 13-digit IDs, IDs with letters or the wrong sex or century,
TCVN3-looking text, spreadsheet formulas, empty and short rows, over-long cells, decomposed and odd
Unicode, non-ASCII digits, and (for an XLSX-like table) numbers, dates and empty cells.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from django.utils import timezone

from treem.registry import importing

pytestmark = pytest.mark.django_db

HEADERS = list(importing.FIELDS.values())


def _today_minus(years: int, days: int = 0) -> str:
    today = timezone.localdate()
    return f"{today.replace(year=today.year - years) - datetime.timedelta(days=days):%d/%m/%Y}"


def _choices() -> dict[str, list[Any]]:
    """Candidate values per field: mostly valid, many hostile."""
    return {
        "full_name": [
            "Nguyễn Văn An",
            "Trần Thị Bình",
            "  Đặng   Thị\u00a0Ửng ",
            "Lê Văn Ý".replace("Ý", "Y\u0301"),  # decomposed
            "Ǆoković Ŧrần",
            "Nguyễn Văn 2",
            "A" * 150,
            "A" * 151,
            "",
            "   ",
            '=HYPERLINK("x")',
            "Hä vµ tªn",  # TCVN3 read as Latin-1
            "O'Neil Mary-Anne",
            "Trần.",
            "Nguyễn\tVăn\u3000Út",
            "Ⅻ Ω Ж",
        ],
        "date_of_birth": [
            "05/06/2015",
            "1/2/2019",
            " 29/02/2020 ",
            "29/02/2019",
            "31/02/2015",
            "2015-06-05",
            "05-06-2015",
            "٠٥/٠٦/٢٠١٥",
            "05/06/2015x",
            _today_minus(-1),
            _today_minus(18),
            _today_minus(18, -1),
            _today_minus(0),
            "",
            "=TODAY()",
        ],
        "sex": ["Nam", "Nữ", "nu", "F", "m", "1", "2", "Không rõ", "u", "", "X", " nam ", "NỮ"],
        "personal_id": [
            "",
            "079215012345",
            "079 215.012-345",
            "079315012346",
            "07921501234",
            "0792150123456",
            "07921501234A",
            "003215012345",
            "079015012345",
            "079216012347",
            "٠٧٩٢١٥٠١٢٣٤٥",
            "079219000001",
            "079319000002",
            "079220000003",
            "079120000004",
            "+79215012345",
        ],
        "ethnicity": ["", "Kinh", "kinh ", "01", "1", "tay", "Tày", "Martian", "99", "١"],
        "address": ["", "12  Lê Lợi,\u00a0Q1", "x" * 1001, "x" * 1000, "Thôn 3", "=A1"],
        "hamlet": ["", "Khu phố 1", "26740-kp1", "khu pho 1", "Thôn Xa"],
        "birth_registered": ["", "có", "Không", "x", "có lẽ", "TRUE", "1"],
        "birth_registration_date": ["", "10/06/2015", "01/01/2015", _today_minus(-1), "31/13/2015"],
        "birth_registration_place": ["", "UBND Phường Bến Nghé", "y" * 300],
        "health_insurance_number": ["", "hs 4797912345678", "HS12", "0123456789", "ß4797912345678"],
        "health_insurance_valid_until": ["", "31/12/2026", "31/13/2026", "2026-12-31"],
        "schooling": ["", "Tiểu học", "tiểu học", "Đại học", "primary"],
        "school_name": ["", "Trường TH  Kết Đoàn", "z" * 250],
        "disability_type": ["", "Khuyết tật nhìn", "khác"],
        "disability_level": ["", "nhe", "vừa", "Nhẹ"],
        "hiv_status": ["", "không", "có", "?"],
        "father_name": ["", "Nguyễn Văn Bảo", "Ǆoković Ω"],
        "father_id": ["", "079085000111", "12345", "079 085 000 111", "٠٧٩٠٨٥٠٠٠١١١"],
        "father_phone": ["", "0912 345 678", "+84912345678", "12", "０９１２３４５６７８", "=0912345678"],
        "mother_name": ["", "Lê Thị Mai"],
        "mother_id": ["", "079185000222", "0791850002221"],
        "mother_phone": ["", "0987654321", "(+84) 987-654-321", "٠٩٨٧٦٥٤٣٢١"],
        "caregiver_name": ["", "Trần Thị Ơn"],
        "caregiver_id": ["", "079185000333"],
        "caregiver_phone": ["", "0912345678"],
        "household_head": ["", "Nguyễn Văn Bảo", "h" * 151],
        "relation_to_head": ["", "Con", "r" * 51],
    }


def _rows(seed: int, count: int, *, hostile: int) -> list[list[Any]]:
    """Rows in the Treem template's column order: ``hostile`` fields drawn from all their candidates, the
    others from their first two (valid-looking) values; some rows short or with cells beyond the headers."""
    rng = random.Random(seed)
    choices = _choices()
    keys = list(importing.FIELDS)
    rows: list[list[Any]] = []
    for _ in range(count):
        wild = set(rng.sample(keys, hostile))
        row: list[Any] = []
        for key in keys:
            values = choices[key]
            if key in wild:
                pick = rng.choice(values)
            elif key == "personal_id" and rng.random() < 0.7:
                pick = _matching_id(row[1], row[2], rng)
            else:
                pick = rng.choice(values[:2])
            row.append(pick)
        shape = rng.random()
        if shape < 0.03:
            row = row[: rng.randrange(len(row))]  # a short row
        elif shape < 0.05:
            row = [*row, "thừa", ""]  # cells beyond the headers
        rows.append(row)
    return rows


def _matching_id(dob: str, sex: str, rng: random.Random) -> str:
    """A valid ID for this birth date and sex (random serial), or "" when they do not parse."""
    try:
        day = datetime.datetime.strptime(dob.strip(), "%d/%m/%Y")  # noqa: DTZ007
    except ValueError:
        return ""
    female = sex.strip().lower() in ("nữ", "nu", "f", "2")
    digit = (day.year // 100 - 19) * 2 + female
    return f"079{digit}{day.year % 100:02d}{rng.randrange(10**6):06d}"


def _spreadsheet_cells(rows: list[list[Any]], seed: int) -> list[list[Any]]:
    """As a spreadsheet gives them: some cells numbers, dates or empty."""
    rng = random.Random(seed)
    out = []
    for row in rows:
        cells: list[Any] = []
        for index, cell in enumerate(row):
            draw = rng.random()
            if draw < 0.05:
                cells.append(None)
            elif draw < 0.08 and isinstance(cell, str) and cell.strip().isdigit() and cell.isascii():
                cells.append(float(cell) if rng.random() < 0.5 else int(cell))
            elif draw < 0.10 and index == 1:
                cells.append(datetime.datetime(2015, 6, 5))
            elif draw < 0.11:
                cells.append(True)
            else:
                cells.append(cell)
        out.append(cells)
    return out


def _compare(world: Any, rows: list[list[Any]], *, text_only: bool, fmt: str = "dd/mm/yyyy") -> int:
    """Both checks over ``rows`` in order; returns how many rows the fast path accepted."""
    table = importing.Table(
        headers=HEADERS, rows=[(n, r) for n, r in enumerate(rows, start=2)], text_only=text_only
    )
    mapping = importing.PRESETS["treem"][1]
    fast = importing._RowChecker(commune=world.a1, table=table, mapping=mapping, date_format=fmt)
    reference = importing._RowChecker(commune=world.a1, table=table, mapping=mapping, date_format=fmt)
    assert fast.fast is not None
    accepted = 0
    for line, cells in table.rows:
        quick = fast.fast.check(line, cells)  # what _RowChecker.check does, counting the accepted rows
        accepted += quick is not None
        got = (quick, []) if quick is not None else fast.reference_check(line, cells)
        want = reference.reference_check(line, cells)
        assert got == want, (line, cells)
        assert fast.seen_ids == reference.seen_ids, (line, cells)
    return accepted


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_rows_equal_the_reference_on_text_files(world: Any, catalogues: None, seed: int) -> None:
    rows = _rows(seed, 1500, hostile=1)
    accepted = _compare(world, rows, text_only=True)
    assert 100 < accepted < len(rows)  # both paths exercised


def test_fast_rows_equal_the_reference_on_hostile_text(world: Any, catalogues: None) -> None:
    rows = _rows(11, 3000, hostile=2)
    assert _compare(world, rows, text_only=True) > 0


def test_fast_rows_equal_the_reference_on_spreadsheet_cells(world: Any, catalogues: None) -> None:
    rows = _spreadsheet_cells(_rows(5, 2000, hostile=1), seed=5)
    assert 10 < _compare(world, rows, text_only=False) < len(rows)  # most rows have a number or a date


@pytest.mark.parametrize("fmt", ["mm/dd/yyyy", "yyyy-mm-dd"])
def test_fast_rows_equal_the_reference_in_other_date_formats(world: Any, catalogues: None, fmt: str) -> None:
    rows = _rows(7, 800, hostile=1)
    for row in rows[::2]:
        if len(row) > 1 and isinstance(row[1], str) and row[1].count("/") == 2:
            d, m, y = row[1].strip().split("/")
            row[1] = f"{y}-{m}-{d}" if fmt == "yyyy-mm-dd" else f"{m}/{d}/{y}"
    assert _compare(world, rows, text_only=True, fmt=fmt) > 0


def test_a_repeated_id_is_left_to_the_reference(world: Any, catalogues: None) -> None:
    row = ["Nguyễn Văn An", "05/06/2015", "Nam", "079215012345"] + [""] * (len(HEADERS) - 4)
    table = importing.Table(headers=HEADERS, rows=[(2, row), (3, list(row))], text_only=True)
    checker = importing._RowChecker(
        commune=world.a1, table=table, mapping=importing.PRESETS["treem"][1], date_format="dd/mm/yyyy"
    )
    first, errors = checker.check(2, row)
    assert first is not None and errors == []
    second, errors = checker.check(3, list(row))
    assert second is None
    assert [e.message for e in errors] == ["Số định danh cá nhân trùng với dòng 2 trong cùng tệp."]
