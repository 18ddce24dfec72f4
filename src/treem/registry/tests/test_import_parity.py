"""The fast text and import helpers give exactly what their plain definitions give.

``core.text.nfc`` / ``fold`` (``str.split`` and a translation table), the regex fast path of
``validation.parse_date`` and ``importing._on_register`` (one array parameter per query) are checked
against the plain definitions below (regular expressions and NFD, ``strptime``, a Django ``IN`` list)
over every code point or a grid of inputs, and the whole import is run twice on the same files — once with
the reference helpers patched in — comparing row errors (row, column, value, message), counts, the stored
children and guardians, and the audit events. The reference run also takes the sequential path (check every
row, then write: ``importing.STREAM = False``), so a real import's streamed path (ADR 0035: new children
written into an open COPY while the next rows are checked) is compared with it on the same files, with
upserts, households, IDs held elsewhere and possible duplicates; a failure in the middle of the stream
leaves nothing written.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import sys
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
import xlsxwriter
from django.db import transaction
from django.utils import timezone

from treem.audit.models import AuditEvent
from treem.core import text
from treem.registry import actions, bulk, importing, legacy_encodings, services, validation
from treem.registry.models import Child, Guardian

# --------------------------------------------------------------------------- the helpers, exhaustively
_SPACES = re.compile(r"\s+")


def reference_nfc(value: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def reference_fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFD", value.translate(str.maketrans({"đ": "d", "Đ": "d"})))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


_INERT = ("Cn", "Co")  # unassigned and private use: no decomposition, case, mark or space in any form
_BLOCK = 512


def _code_points() -> Iterator[str]:
    """Every code point but the surrogates: each assigned one alone, and the inert ones (unassigned or
    private use, about 1 million of the 1.1 million) in runs of ``_BLOCK``. An inert code point is
    its own NFC and NFD, has no case, is not a mark and is not whitespace, so a run of them passes
    through both definitions exactly as each would alone — and the sweep takes a seventh of the time."""
    run: list[str] = []
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if unicodedata.category(ch) in _INERT:
            run.append(ch)
            if len(run) == _BLOCK:
                yield "".join(run)
                run = []
        else:
            yield ch
    if run:
        yield "".join(run)


def test_the_sweep_covers_every_code_point_once() -> None:
    swept = "".join(_code_points())
    assert len(swept) == sys.maxunicode + 1 - 0x800
    assert len(set(swept)) == len(swept)


def test_nfc_equals_its_definition_for_every_code_point() -> None:
    for ch in _code_points():
        for sample in (ch, f" a{ch}{ch}b {ch}", f"{ch}Nguyễn  Văn{ch}"):
            assert text.nfc(sample) == reference_nfc(sample), hex(ord(ch[0]))


def test_nfc_of_its_own_output_is_itself_for_every_code_point() -> None:
    """The import's fast row check (ADR 0039) keeps ``nfc(cell)`` where the reference cleans it twice."""
    for ch in _code_points():
        for sample in (ch, f" a{ch}{ch}b {ch}", f"{ch}Nguyễn  Văn{ch}", f"{ch}\u0301 {ch}\u0323\u0302"):
            once = text.nfc(sample)
            assert text.nfc(once) == once, hex(ord(ch[0]))


def reference_detect(value: str) -> str | None:
    """``legacy_encodings.detect`` before ADR 0039: every character counted."""
    tcvn3 = sum(1 for ch in value if ch in legacy_encodings._TCVN3_SIGNS)
    vni = len(legacy_encodings._VNI_SIGNS.findall(value))
    if tcvn3 >= 2:
        return legacy_encodings.TCVN3
    if vni >= 2:
        return legacy_encodings.VNI
    return None


def test_legacy_detection_equals_its_definition() -> None:
    signs = sorted(legacy_encodings._TCVN3_SIGNS)
    samples = ["", "plain ascii, 12/05/2015", "Nguyễn Văn An, Lê Thị Mai", "Hä vµ tªn", "Hoï vaø teân"]
    samples += [legacy_encodings.encode("Nguyễn Văn Ẩn, Đặng Thị Ửng", e) for e in legacy_encodings.NAMES]
    samples += [s + " " + t for s in samples for t in samples]
    samples += [f"x{a}y" for a in signs] + [f"{a}{b}" for a in signs[:6] for b in signs[-6:]]
    samples += ["aø", "aøeû", "ñ", "ñÑ", "aâ Lâm", "Lâm Kê", "aêaê", "\u00a1" * 2 + "aøeû"]
    import random

    rng = random.Random(20)
    alphabet = "aeouyAEOUYiIbc đăâêôơưĐ" + "".join(signs[:8]) + "øûïåäëüØÛÏÅÄËÜâÂêÊñÑöÖ"
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 12))) for _ in range(30_000)]
    for sample in samples:
        assert legacy_encodings.detect(sample) == reference_detect(sample), sample


def test_fold_equals_its_definition_for_every_code_point() -> None:
    for ch in _code_points():
        for sample in (f"A{ch}b {ch}", f"{ch}Đặng  Thị{ch}"):
            assert text.fold(sample) == reference_fold(sample), hex(ord(ch[0]))


def test_fold_on_names_in_every_normal_form() -> None:
    import random

    from treem.registry import synthetic

    rng = random.Random(7)
    names = [synthetic.person_name(rng, rng.choice("MF")) for _ in range(5000)]
    names += ["Ðặng Thị Ơn", "Ông  Ưng\u00a0Ẩn", "Ǆoković İlker", "Ŧrần ǅ", "Nguyễn\tVăn\u3000Út", "Ⅻ Ω Ж"]
    for name in names:
        for form in ("NFC", "NFD", "NFKD"):
            sample = unicodedata.normalize(form, name)
            assert text.fold(sample) == reference_fold(sample), sample


def _strptime_only(value: str, fmt: str) -> Any:
    quick = validation._QUICK_DATES
    validation._QUICK_DATES = {}
    try:
        return validation.parse_date(value, fmt)
    except ValueError as exc:
        return str(exc)
    finally:
        validation._QUICK_DATES = quick


def _parsed(value: str, fmt: str) -> Any:
    try:
        return validation.parse_date(value, fmt)
    except ValueError as exc:
        return str(exc)


@pytest.mark.parametrize("fmt", list(validation.DATE_FORMATS))
def test_quick_dates_equal_strptime(fmt: str) -> None:
    days = [f"{n:02d}" for n in range(0, 40)] + ["1", "9", " 5", "٠٥", "05 "]
    years = ["2015", "2016", "2000", "1900", "0000", "0001", "9999", "201", "20155", "２０１５"]
    for a in days:
        for b in days:
            for y in years:
                for value in (
                    f"{a}/{b}/{y}",
                    f"{y}-{a}-{b}",
                    f" {a}/{b}/{y} ",
                    f"{a}-{b}-{y}",
                    f"{y}/{a}/{b}",
                    f"{a}/{b}/{y}x",
                ):
                    assert _parsed(value, fmt) == _strptime_only(value, fmt), (value, fmt)


# --------------------------------------------------------------------------- the whole import, twice

pytestmark = pytest.mark.django_db


def _reference_on_register(
    actor: Any, personal_ids: list[str]
) -> tuple[dict[str | None, int], set[str | None]]:
    """The lookup as it was: Django ``IN`` lists of 5,000 IDs."""
    from treem.accounts import access

    editable = access.scope(Child.objects.all(), actor, "registry.edit_child", field="area")
    mine: dict[str | None, int] = {}
    held: set[str | None] = set()
    for start in range(0, len(personal_ids), 5000):
        chunk = personal_ids[start : start + 5000]
        mine.update(editable.filter(personal_id__in=chunk).values_list("personal_id", "pk"))
        held.update(Child.objects.filter(personal_id__in=chunk).values_list("personal_id", flat=True))
    return mine, held


def _reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validation, "nfc", reference_nfc)
    monkeypatch.setattr(validation, "_QUICK_DATES", {})
    monkeypatch.setattr(importing, "nfc", reference_nfc)
    monkeypatch.setattr(importing, "fold", reference_fold)
    monkeypatch.setattr(importing, "_on_register", _reference_on_register)
    monkeypatch.setattr(bulk, "fold", reference_fold)
    monkeypatch.setattr(importing, "STREAM", False)
    monkeypatch.setattr(importing, "FAST_CHECK", False)


class _Undo(Exception):
    pass


def _child_key(c: dict[str, Any]) -> tuple[str, str, str]:
    return (c["personal_id"] or "", c["full_name"], str(c["date_of_birth"]))


def _state() -> dict[str, Any]:
    volatile = {"id", "created_at", "updated_at", "household_id", "merged_into_id"}
    children = {c["id"]: c for c in Child.objects.values()}
    rows = sorted(
        (
            {k: (bytes(v) if isinstance(v, memoryview) else v) for k, v in c.items() if k not in volatile}
            for c in children.values()
        ),
        key=_child_key,
    )
    guardians = sorted(
        (
            _child_key(children[g["child_id"]]),
            g["relationship"],
            g["full_name"],
            g["name_folded"],
            g["personal_id"],
            g["phone"],
            g["lives_with_child"],
        )
        for g in Guardian.objects.values()
    )
    events = []
    for e in AuditEvent.objects.order_by("id"):
        extra = {k: v for k, v in (e.extra or {}).items() if k not in ("created_ids", "job")}
        events.append((e.action, getattr(e, "before", None), getattr(e, "after", None), extra))
    return {"children": rows, "guardians": guardians, "events": events}


def _outcome(
    world: Any, data: bytes, *, dry_run: bool, fmt: str = "dd/mm/yyyy", create_duplicates: bool = False
) -> dict[str, Any]:
    """The import's result and the database state it leaves, then rolled back."""
    found: dict[str, Any] = {}
    try:
        with transaction.atomic():
            events_before = AuditEvent.objects.count()
            result = importing.import_table(
                actor=world.worker_a1,
                commune=world.a1,
                table=importing.read_table(data),
                mapping=importing.PRESETS["treem"][1],
                date_format=fmt,
                dry_run=dry_run,
                create_duplicates=create_duplicates,
            )
            state = _state()
            state["events"] = state["events"][events_before:]
            found = {
                "errors": [e.as_dict() for e in result.errors],
                "counts": (
                    result.rows,
                    result.valid,
                    result.created,
                    result.updated,
                    result.encoding,
                    result.matched,
                ),
                "possible_duplicates": result.possible_duplicates,
                "ignored_columns": result.ignored_columns,
                "state": state,
            }
            raise _Undo
    except _Undo:
        pass
    return found


def _both(world: Any, monkeypatch: pytest.MonkeyPatch, data: bytes, **kwargs: Any) -> dict[str, Any]:
    new = _outcome(world, data, **kwargs)
    with monkeypatch.context() as patch:
        _reference(patch)
        old = _outcome(world, data, **kwargs)
    assert new["errors"] == old["errors"]
    assert new["counts"] == old["counts"]
    assert new["possible_duplicates"] == old["possible_duplicates"]
    assert new["ignored_columns"] == old["ignored_columns"]
    assert new["state"] == old["state"]
    return new


HEADERS = list(importing.FIELDS.values())


def _row(**values: str) -> list[str]:
    return [values.get(key, "") for key in importing.FIELDS]


def _today_minus(years: int, days: int = 0) -> str:
    today = timezone.localdate()
    return f"{today.replace(year=today.year - years) - datetime.timedelta(days=days):%d/%m/%Y}"


def _valid_rows() -> list[list[str]]:
    return [
        _row(
            full_name="Nguyễn Văn An",
            date_of_birth="05/06/2015",
            sex="Nam",
            personal_id="079 215.012-345",
            ethnicity="Kinh",
            address="12  Lê Lợi,\u00a0Q1",
            hamlet="Khu phố 1",
            birth_registered="có",
            birth_registration_date="10/06/2015",
            birth_registration_place="UBND Phường Bến Nghé",
            health_insurance_number="hs 4797912345678",
            health_insurance_valid_until="31/12/2026",
            schooling="Tiểu học",
            school_name="Trường TH  Kết Đoàn",
            disability_type="Khuyết tật nhìn",
            disability_level="nhe",
            hiv_status="không",
            father_name="Nguyễn Văn Bảo",
            father_id="079085000111",
            father_phone="0912 345 678",
            mother_name="Lê Thị Mai",
            mother_phone="+84912345678",
            caregiver_name="Trần Thị Ơn",
            household_head="Nguyễn Văn Bảo",
            relation_to_head="Con",
        ),
        _row(full_name="Trần Thị Bình", date_of_birth="20/11/2016", sex="Nữ", personal_id="079316000123"),
        _row(
            full_name="Đặng   Thị Ửng",
            date_of_birth="1/2/2019",
            sex="f",
            ethnicity="01",
            mother_name="Đỗ Thị Ý",
        ),
        _row(
            full_name="Hoàng Văn Ơn",
            date_of_birth=" 29/02/2020 ",
            sex="1",
            ethnicity="tay",
            hamlet="26740-kp1",
        ),
        # NFD spelling (a legacy keyboard), a non-Latin letter and the upsert of a child already in A1
        _row(full_name="Lê Văn Ý".replace("Ý", "Y\u0301"), date_of_birth="01/01/2012", sex="Nam"),
        _row(full_name="Ǆoković Ŧrần", date_of_birth="03/03/2013", sex="Nữ", father_name="Ǆoković Ω"),
        _row(full_name="Phạm Văn Cũ", date_of_birth="01/02/2016", sex="Nam", personal_id="079216000777"),
    ]


def _error_rows() -> list[list[str]]:
    return [
        _row(full_name="", date_of_birth="", sex="", address="12 Lê Lợi"),
        _row(full_name="Nguyễn Văn 2", date_of_birth="31/02/2015", sex="X"),
        _row(full_name="A" * 151, date_of_birth="2015-06-05", sex="Nam"),
        _row(full_name="Lê Thị Tương Lai", date_of_birth=_today_minus(-1), sex="Nữ"),
        _row(full_name="Lê Văn Lớn", date_of_birth=_today_minus(18), sex="Nam"),
        _row(full_name="Lê Văn Vừa", date_of_birth=_today_minus(18, -1), sex="Nam"),  # 17: no error
        _row(full_name="Vũ Văn Số", date_of_birth="05/06/2015", sex="Nam", personal_id="07921501234A"),
        _row(full_name="Vũ Văn Tỉnh", date_of_birth="05/06/2015", sex="Nam", personal_id="003215012345"),
        _row(full_name="Vũ Văn Thế", date_of_birth="05/06/2015", sex="Nam", personal_id="079015012345"),
        _row(full_name="Vũ Văn Giới", date_of_birth="05/06/2015", sex="Nam", personal_id="079315012346"),
        _row(full_name="Vũ Văn Năm", date_of_birth="05/06/2015", sex="Nam", personal_id="079216012347"),
        _row(full_name="Vũ Văn Ngắn", date_of_birth="05/06/2015", sex="Nam", personal_id="07921501234"),
        _row(full_name="Vũ Văn Trùng", date_of_birth="05/06/2015", sex="Nam", personal_id="079215012345"),
        _row(full_name="Vũ Văn Ngoài", date_of_birth="01/02/2016", sex="Nam", personal_id="001216000001"),
        _row(full_name="Vũ Văn Tộc", date_of_birth="05/06/2015", sex="Nam", ethnicity="Martian"),
        _row(full_name="Vũ Văn Thôn", date_of_birth="05/06/2015", sex="Nam", hamlet="Thôn Xa"),
        _row(
            full_name="Vũ Văn Khai",
            date_of_birth="05/06/2015",
            sex="Nam",
            birth_registered="có lẽ",
            birth_registration_date="01/01/2015",
            health_insurance_valid_until="31/13/2026",
        ),
        _row(
            full_name="Vũ Văn Sau",
            date_of_birth="05/06/2015",
            sex="Nam",
            birth_registration_date=_today_minus(-1),
        ),
        _row(
            full_name="Vũ Văn Thẻ",
            date_of_birth="05/06/2015",
            sex="Nam",
            health_insurance_number="HS12",
            schooling="Đại học",
            disability_type="khác",
            disability_level="vừa",
            hiv_status="?",
        ),
        _row(
            full_name="Vũ Văn Cha",
            date_of_birth="05/06/2015",
            sex="Nam",
            father_id="079085000111",
            mother_name="Lê Thị Mẹ",
            mother_id="12345",
            mother_phone="12",
            caregiver_phone="0912345678",
        ),
        _row(full_name="Vũ Văn Dài", date_of_birth="05/06/2015", sex="Nam", address="x" * 1001),
    ]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(rows: list[list[Any]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows, start=1):
        sheet.write_row(r, 0, row)
    book.close()
    return buffer.getvalue()


@pytest.fixture
def register(world: Any, catalogues: None) -> None:
    """A child in B1 (an ID held outside A1's jurisdiction) and one in A1 (upserted by the file)."""
    services.child_create(
        actor=world.worker_b1,
        commune=world.b1,
        data={
            "full_name": "Ngô Văn Tú",
            "date_of_birth": "01/02/2016",
            "sex": "Nam",
            "personal_id": "001216000001",
        },
    )
    services.child_create(
        actor=world.worker_a1,
        commune=world.a1,
        data={
            "full_name": "Phạm Văn Cũ",
            "date_of_birth": "01/02/2016",
            "sex": "Nam",
            "personal_id": "079216000777",
        },
    )


def test_every_kind_of_row_error_is_the_same(
    world: Any, register: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _valid_rows() + _error_rows()
    for dry_run in (True, False):
        found = _both(world, monkeypatch, _csv(rows), dry_run=dry_run)
        rows_with_errors = {e["row"] for e in found["errors"]}
        first = len(_valid_rows()) + 2  # the header is line 1
        assert rows_with_errors == set(range(first, len(rows) + 2)) - {first + 5}, found["errors"]
        assert found["state"]["events"] == []


def test_valid_file_writes_the_same_rows(world: Any, register: None, monkeypatch: pytest.MonkeyPatch) -> None:
    found = _both(world, monkeypatch, _csv(_valid_rows()), dry_run=False)
    assert found["errors"] == [] and found["counts"][2:4] == (6, 1)
    assert len(found["state"]["guardians"]) == 5
    dry = _both(world, monkeypatch, _csv(_valid_rows()), dry_run=True)
    assert dry["counts"][2:4] == (6, 1) and dry["state"]["events"] == []


@pytest.mark.parametrize("encoding", [legacy_encodings.TCVN3, legacy_encodings.VNI])
def test_legacy_encoded_file_is_the_same(
    world: Any, register: None, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    def encodable(row: list[str]) -> bool:  # the legacy fonts lack some capitals (TCVN3: Ử)
        try:
            legacy_encodings.encode(",".join(row), encoding).encode("latin-1")
        except (UnicodeError, legacy_encodings.LegacyEncodingError):
            return False
        return "\u0301" not in row[0]

    rows = [r for r in _valid_rows() + _error_rows() if encodable(r)]
    assert len(rows) > 20
    plain = _csv(rows).decode("utf-8-sig")
    legacy = legacy_encodings.encode(plain, encoding).encode("latin-1")
    found = _both(world, monkeypatch, legacy, dry_run=True)
    assert found["counts"][4] == encoding and found["errors"]


def test_xlsx_with_number_cells_is_the_same(
    world: Any, register: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows: list[list[Any]] = [list(r) for r in _valid_rows() + _error_rows()]
    pid, phone, dob = (
        list(importing.FIELDS).index(k) for k in ("personal_id", "mother_phone", "date_of_birth")
    )
    rows[1][pid] = 79316000123  # lost its leading zero
    rows[2][phone] = 912345678
    rows[3][dob] = datetime.datetime(2020, 2, 29)
    rows[4][pid] = 79216000124.0
    found = _both(world, monkeypatch, _xlsx(rows), dry_run=False)
    assert found["errors"]
    valid = _both(world, monkeypatch, _xlsx([list(r) for r in _valid_rows()]), dry_run=False)
    assert valid["errors"] == [] and valid["counts"][2] == 6


# --------------------------------------------------------------------------- the streamed path (ADR 0035)


def _door_rows() -> list[list[str]]:
    """Rows without ID matching a child of A1 (same folded name, birth date and address), one that does
    not, and rows with IDs around them."""
    return [
        _row(
            full_name="Lê Văn Cửa",
            date_of_birth="07/07/2017",
            sex="Nam",
            personal_id="079217000001",
            address="7 Hàm Nghi",
        ),  # streamed before the row below is checked: not a match for it (not on the register before)
        _row(full_name="Lê Văn Cửa", date_of_birth="07/07/2017", sex="Nam", address="7 Hàm Nghi"),
        _row(full_name="LE VAN CUA", date_of_birth="07/07/2017", sex="Nam", address="9 Hàm Nghi"),
        _row(full_name="Lê Văn Cửa", date_of_birth="08/07/2017", sex="Nam", address="7 Hàm Nghi"),
        _row(full_name="Đỗ Thị Mẹ", date_of_birth="01/01/2018", sex="Nữ", mother_name="Ngô Thị Hà"),
        _row(
            full_name="Hồ Văn Hộ",
            date_of_birth="02/02/2017",
            sex="Nam",
            address="3 Pasteur",
            household_head="Hồ Văn Cha",
            relation_to_head="Con",
        ),
        _row(full_name="Mai Thị Sau", date_of_birth="09/09/2019", sex="Nữ", father_name="Mai Văn Ba"),
    ]


@pytest.fixture
def door(register: None, world: Any) -> None:
    """A1 already has Lê Văn Cửa (no ID) at 7 Hàm Nghi, and a household at 3 Pasteur."""
    services.child_create(
        actor=world.worker_a1,
        commune=world.a1,
        data={
            "full_name": "Lê Văn Cửa",
            "date_of_birth": "07/07/2017",
            "sex": "Nam",
            "address": "7 Hàm Nghi",
        },
    )


@pytest.mark.parametrize("create_duplicates", [False, True])
def test_streamed_import_with_possible_duplicates_is_the_same(
    world: Any, door: None, monkeypatch: pytest.MonkeyPatch, create_duplicates: bool
) -> None:
    rows = _valid_rows() + _door_rows()
    found = _both(world, monkeypatch, _csv(rows), dry_run=False, create_duplicates=create_duplicates)
    assert found["errors"] == []
    assert [d["row"] for d in found["possible_duplicates"]] == [len(_valid_rows()) + 3]
    assert found["counts"][5] == (0 if create_duplicates else 1)


def test_streamed_import_with_errors_after_written_rows_is_the_same(
    world: Any, door: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Valid rows are streamed, then errors (and kept rows) come: the same errors, nothing written."""
    rows = _valid_rows() + _door_rows()
    many = [
        _row(full_name=f"Nguyễn Văn Số {chr(0x41 + i % 26)}", date_of_birth="05/06/2015", sex="Nam")
        for i in range(300)
    ]
    found = _both(world, monkeypatch, _csv(many + rows + _error_rows()), dry_run=False)
    assert found["errors"] and found["state"]["events"] == []
    assert found["counts"][2:4] == (0, 0)


def test_a_failure_in_the_middle_of_the_stream_writes_nothing(
    world: Any, register: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check fails (any exception) after hundreds of children went into the COPY: no child, no
    guardian, no audit event, and the import's transaction is the caller's to roll back."""
    many = [
        _row(
            full_name=f"Nguyễn Văn {chr(0x41 + i % 26)}",
            date_of_birth="05/06/2015",
            sex="Nam",
            mother_name="Lê Thị Mai",
        )
        for i in range(600)
    ]
    copied: list[int] = []
    real_row, real_check = bulk.child_copy_row, importing._RowChecker.check

    def counted(*args: Any) -> Any:
        copied.append(args[0])
        return real_row(*args)

    def failing(self: Any, line: int, cells: list[Any]) -> Any:
        if line == 500:
            raise RuntimeError("disk on fire")
        return real_check(self, line, cells)

    real_start = importing._ChunkWriter.start

    def start_drawn(self: Any) -> None:  # the ids drawn before the first row is checked (ADR 0042)
        real_start(self)
        self.drawn.wait()

    monkeypatch.setattr(bulk, "child_copy_row", counted)
    monkeypatch.setattr(importing._RowChecker, "check", failing)
    monkeypatch.setattr(importing._ChunkWriter, "start", start_drawn)
    before = (Child.objects.count(), Guardian.objects.count(), AuditEvent.objects.count())
    with pytest.raises(RuntimeError, match="disk on fire"):
        importing.import_table(
            actor=world.worker_a1,
            commune=world.a1,
            table=importing.read_table(_csv(many)),
            mapping=importing.PRESETS["treem"][1],
            dry_run=False,
        )
    assert len(copied) == 498  # lines 2 … 499 were written into the COPY before the failure
    assert (Child.objects.count(), Guardian.objects.count(), AuditEvent.objects.count()) == before


def test_rows_are_written_while_later_rows_are_checked(
    world: Any, register: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The streamed path interleaves: when the last row is checked, the earlier ones are in the COPY."""
    rows = [
        _row(full_name=f"Trần Văn {chr(0x41 + i)}", date_of_birth="05/06/2015", sex="Nam") for i in range(20)
    ]
    copied: list[int] = []
    seen_at_check: dict[int, int] = {}
    real_row, real_check = bulk.child_copy_row, importing._RowChecker.check

    def counted(*args: Any) -> Any:
        copied.append(args[0])
        return real_row(*args)

    def watched(self: Any, line: int, cells: list[Any]) -> Any:
        seen_at_check[line] = len(copied)
        return real_check(self, line, cells)

    real_start = importing._ChunkWriter.start

    def start_drawn(self: Any) -> None:  # the ids drawn before the first row is checked (ADR 0042)
        real_start(self)
        self.drawn.wait()

    monkeypatch.setattr(bulk, "child_copy_row", counted)
    monkeypatch.setattr(importing._RowChecker, "check", watched)
    monkeypatch.setattr(importing._ChunkWriter, "start", start_drawn)
    result = importing.import_table(
        actor=world.worker_a1,
        commune=world.a1,
        table=importing.read_table(_csv(rows)),
        mapping=importing.PRESETS["treem"][1],
        dry_run=False,
    )
    assert result.created == 20 and not result.errors
    # Since ADR 0042 the ids are drawn by the writing thread while the first rows are checked (here
    # before: start_drawn), and the COPY rows go to PostgreSQL a chunk at a time (test_import_chunks).
    assert seen_at_check[21] == 19
    assert copied == sorted(copied) and len(set(copied)) == 20
    event = AuditEvent.objects.filter(action=actions.CHILDREN_IMPORTED).latest("id")
    assert event.extra["created_ids"]["contiguous"] is True


def test_an_id_taken_before_the_write_is_the_same_row_error(
    world: Any, register: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another transaction registered an ID of the file between its lookup and the write (the lookup is
    made blind to it here): the unique constraint stops the COPY, in the stream or after the check, and
    both paths report the same row error and write nothing."""
    monkeypatch.setattr(importing, "_on_register", lambda actor, ids: ({}, set()))
    data = _csv(_valid_rows())
    streamed = _outcome(world, data, dry_run=False)
    monkeypatch.setattr(importing, "STREAM", False)
    sequential = _outcome(world, data, dry_run=False)
    assert streamed == sequential
    assert [(e["row"], e["message"]) for e in streamed["errors"]] == [(8, bulk.TAKEN_ID)]
    assert streamed["counts"][2:4] == (0, 0) and streamed["state"]["events"] == []


def test_the_look_up_sends_the_ids_as_text_and_finds_what_the_in_lists_find(
    world: Any, register: None
) -> None:
    """The IDs go to PostgreSQL as one comma-separated text (``string_to_array``); a list with an empty
    value or a comma in one goes as an array. Either way the answer is the reference's (``IN`` lists)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mine_pk = Child.objects.get(personal_id="079216000777").pk
    ids = ["079216000777", "001216000001", "079999999999"]
    expected = ({"079216000777": mine_pk}, {"079216000777", "001216000001"})
    for values, as_text in ((ids, True), (["", "0,1", *ids], False)):
        with CaptureQueriesContext(connection) as queries:
            found = importing._on_register(world.worker_a1, values)
        assert found == expected == _reference_on_register(world.worker_a1, values)
        # The file's IDs go in the first query; the second asks only for those held (ADR 0053).
        assert ("string_to_array" in queries.captured_queries[0]["sql"]) is as_text


def test_the_look_up_asks_for_the_editable_children_only_among_the_ids_held(
    world: Any, register: None
) -> None:
    """No ID of the file on the register (a file of new children): one query, not two. Some held: the
    second query (the children the actor may edit) carries only the held IDs, not the whole file's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    new_ids = [f"0792160{n:05d}" for n in range(900, 1000)]
    assert not Child.objects.filter(personal_id__in=new_ids).exists()
    with CaptureQueriesContext(connection) as queries:
        found = importing._on_register(world.worker_a1, new_ids)
    assert found == ({}, set()) == _reference_on_register(world.worker_a1, new_ids)
    assert len(queries.captured_queries) == 1

    mine_pk = Child.objects.get(personal_id="079216000777").pk
    ids = [*new_ids, "079216000777", "001216000001"]
    with CaptureQueriesContext(connection) as queries:
        found = importing._on_register(world.worker_a1, ids)
    assert found == ({"079216000777": mine_pk}, {"079216000777", "001216000001"})
    assert found == _reference_on_register(world.worker_a1, ids)
    assert len(queries.captured_queries) == 2
    second = queries.captured_queries[1]["sql"]
    assert "079216000777" in second and "001216000001" in second
    assert not any(pid in second for pid in new_ids)
