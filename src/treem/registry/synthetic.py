"""Realistic synthetic children for the demo, the tests and the benchmarks (no real person's data).

``generate(n, seed=...)`` yields plain dicts, fast and without the ORM; ``write_children`` stores
them in bulk for a list of communes; ``write_csv`` writes them in the layout of the import template:

    Họ và tên, Ngày sinh, Giới tính, Số định danh cá nhân, Dân tộc, Địa chỉ, Họ tên cha, Họ tên mẹ

(UTF-8 with BOM, dates dd/mm/yyyy, sex "Nam"/"Nữ", ethnicity by its name in the 54-group catalogue).

What the generator imitates, roughly (sources: Tổng điều tra dân số 2019, GSO; UNICEF/GSO MICS;
Bộ LĐTBXH reports on children in special circumstances):

- family names with their frequencies (Nguyễn ≈ 38 %, Trần 11 %, Lê 9.5 % …), middle and given
  names by sex, some children with two middle names;
- ages 0–17 with slightly fewer young children (falling births), 111 boys per 100 girls at birth;
- ethnicity mostly Kinh, with the minorities of the region;
- ≈ 5.7 % of children in one of the 14 special-circumstance groups (disability ≈ 1.5 %, orphans ≈ 0.5 %);
- a father and a mother with plausible names (the child bears the father's family name);
- a valid 12-digit personal ID for ≈ 85 % (consistent with ``identity.validate_personal_id``);
- twins (same birth date, same parents, different given names) — the hard negatives of dedup;
- optionally injected problems: missing or malformed ID, missing ethnicity or guardian, and duplicate
  records of an earlier child with a typo, without accents or with day and month swapped.

Every record has ``key`` (its index); an injected duplicate has ``duplicate_of`` (the key of the
original) and twins have ``twin_of``. Everything is deterministic for a given seed.
"""

from __future__ import annotations

import csv
import datetime
import random
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treem.core.text import fold

# -- names ------------------------------------------------------------------------------------------

# Approximate shares of the population (per cent).
FAMILY_NAMES: list[tuple[str, float]] = [
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.1), ("Hoàng", 3.0), ("Huỳnh", 2.1),
    ("Phan", 4.5), ("Vũ", 2.0), ("Võ", 1.9), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.8), ("Trương", 0.8), ("Đoàn", 0.6),
    ("Lâm", 0.5), ("Mai", 0.5), ("Trịnh", 0.5), ("Lương", 0.4), ("Cao", 0.4), ("Tạ", 0.3),
    ("Hà", 0.4), ("Lưu", 0.3), ("Chu", 0.2), ("Kiều", 0.2), ("Thái", 0.3), ("Tô", 0.2),
    ("Châu", 0.2), ("La", 0.1), ("Quách", 0.1), ("Tăng", 0.1), ("Văn", 0.2), ("Triệu", 0.2),
    ("Đào", 0.5), ("Tôn", 0.1), ("Khúc", 0.05), ("Âu", 0.05), ("Ông", 0.05), ("Nghiêm", 0.1),
]  # fmt: skip
MIDDLE_MALE = [
    ("Văn", 30), ("Đức", 10), ("Minh", 14), ("Quốc", 8), ("Hoàng", 6), ("Gia", 8), ("Thành", 5),
    ("Anh", 5), ("Hữu", 5), ("Công", 4), ("Trọng", 3), ("Xuân", 3), ("Tuấn", 3), ("Bảo", 6),
    ("Đình", 4), ("Thanh", 3), ("Nhật", 4), ("Phúc", 2), ("Trung", 2), ("Quang", 4),
]  # fmt: skip
MIDDLE_FEMALE = [
    ("Thị", 30), ("Ngọc", 14), ("Thu", 6), ("Thanh", 6), ("Minh", 5), ("Bảo", 6), ("Khánh", 5),
    ("Phương", 4), ("Mai", 3), ("Hoài", 3), ("Kim", 5), ("Diệu", 3), ("Hồng", 4), ("Thảo", 3),
    ("Như", 3), ("Gia", 4), ("Tường", 2), ("Quỳnh", 3), ("Yến", 2), ("Hải", 2),
]  # fmt: skip
GIVEN_MALE = [
    "An", "Anh", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Giang", "Hải", "Hào", "Hiếu",
    "Hoàng", "Huy", "Hùng", "Hưng", "Khang", "Khánh", "Khoa", "Khôi", "Kiên", "Lâm", "Long", "Lộc",
    "Luân", "Mạnh", "Minh", "Nam", "Nghĩa", "Nguyên", "Nhân", "Nhật", "Phát", "Phong", "Phúc", "Quân",
    "Quang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Tiến", "Toàn", "Trí", "Trung", "Tuấn",
    "Tùng", "Việt", "Vinh", "Vũ", "Kiệt", "Thiện", "Tín", "Hậu", "Lực", "Quý", "Sang",
]  # fmt: skip
GIVEN_FEMALE = [
    "An", "Anh", "Ánh", "Châu", "Chi", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
    "Hoa", "Hương", "Huyền", "Khánh", "Lan", "Linh", "Loan", "Ly", "Mai", "My", "Nga", "Ngân", "Ngọc",
    "Nhi", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thư", "Thủy", "Tiên", "Trang",
    "Trâm", "Trinh", "Tú", "Uyên", "Vân", "Vy", "Xuân", "Yến", "Hân", "Nhiên", "Thy", "Hòa",
]  # fmt: skip
SECOND_MIDDLE_MALE = ["Gia", "Minh", "Bảo", "Đăng", "Anh", "Hoàng", "Nhật", "Thiên", "Phúc", "Tuấn"]
SECOND_MIDDLE_FEMALE = ["Bảo", "Ngọc", "Khánh", "Gia", "Minh", "Thanh", "Tuệ", "Hà", "Phương", "An"]

# -- population ---------------------------------------------------------------------------------------

MALE_SHARE = 111 / 211  # sex ratio at birth ≈ 111 boys per 100 girls (GSO, 2019–2023)

# Ethnic composition of children by region (per cent). Codes of data/reference/ethnicities.csv.
ETHNICITY_BY_REGION: dict[str, list[tuple[str, float]]] = {
    "southeast": [("01", 93.0), ("04", 4.0), ("05", 1.3), ("17", 0.3), ("07", 0.5), ("02", 0.4), ("06", 0.5)],
    "mekong": [("01", 91.0), ("05", 7.5), ("04", 1.0), ("17", 0.5)],
    "red_river": [("01", 98.0), ("06", 1.2), ("02", 0.4), ("18", 0.4)],
    "northern_mountains": [
        ("01", 40.0), ("02", 14.0), ("03", 12.0), ("08", 12.0), ("09", 8.0), ("07", 7.0), ("06", 5.0),
        ("35", 1.0), ("25", 1.0),
    ],
    "central_highlands": [
        ("01", 64.0), ("10", 12.0), ("12", 10.0), ("13", 5.0), ("14", 3.0), ("16", 2.0), ("07", 2.0),
        ("02", 1.0), ("20", 1.0),
    ],
    "central_coast": [("01", 94.0), ("19", 1.5), ("26", 1.0), ("23", 1.5), ("21", 1.0), ("17", 1.0)],
}  # fmt: skip

# Province codes (personal ID, pre-2025 list) of each region, the first being the usual "home".
REGION_PROVINCES = {
    "southeast": ["079", "074", "075", "077", "072", "070"],
    "mekong": ["092", "080", "082", "083", "087", "089", "094"],
    "red_river": ["001", "031", "027", "030", "034", "036"],
    "northern_mountains": ["002", "010", "014", "020", "008", "011"],
    "central_highlands": ["066", "064", "062", "068", "067"],
    "central_coast": ["048", "049", "051", "052", "046", "040"],
}
# Where migrants to the southeast were born (IDs carry the province of birth registration).
MIGRANT_PROVINCES = ["038", "040", "042", "036", "034", "052", "051", "089", "087", "083", "066", "056"]

# Special-circumstance groups (Luật Trẻ em Điều 10 k1): group number → (share %, minimum age).
CIRCUMSTANCE_RATES: dict[int, tuple[float, int]] = {
    1: (0.20, 0),  # mồ côi cả cha và mẹ
    2: (0.05, 0),  # bị bỏ rơi
    3: (0.30, 0),  # không nơi nương tựa
    4: (1.50, 0),  # khuyết tật
    5: (0.05, 0),  # nhiễm HIV/AIDS
    6: (0.15, 12),  # vi phạm pháp luật
    7: (0.02, 12),  # nghiện ma túy
    8: (0.60, 11),  # bỏ học kiếm sống
    9: (0.30, 0),  # bị tổn hại nghiêm trọng về thể chất và tinh thần
    10: (0.10, 8),  # bị bóc lột
    11: (0.10, 5),  # bị xâm hại tình dục
    12: (0.01, 3),  # bị mua bán
    13: (2.00, 0),  # mắc bệnh hiểm nghèo
    14: (0.30, 0),  # di cư, lánh nạn
}
DISABILITY_TYPES = ["van_dong", "nghe_noi", "nhin", "than_kinh_tam_than", "tri_tue", "khac"]
DISABILITY_LEVELS = ["dac_biet_nang", "nang", "nhe"]

STREETS = [
    "Cộng Hòa", "Hoàng Văn Thụ", "Trường Chinh", "Lý Thường Kiệt", "Âu Cơ", "Bảy Hiền", "Phạm Văn Hai",
    "Lạc Long Quân", "Trần Văn Hoàng", "Bàu Cát", "Nguyễn Hồng Đào", "Đồng Đen", "Hồng Lạc",
    "Ni Sư Huỳnh Liên",
    "Trường Sơn", "Bạch Đằng", "Phổ Quang", "Lê Văn Sỹ", "Nguyễn Trọng Tuyển", "Cách Mạng Tháng Tám",
]  # fmt: skip

CSV_HEADERS = [
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân",
    "Dân tộc",
    "Địa chỉ",
    "Họ tên cha",
    "Họ tên mẹ",
]


@dataclass(frozen=True)
class Problems:
    """Shares (0–1) of data-quality problems to inject; all zero gives clean data."""

    missing_id: float = 0.0  # no personal ID on top of the ≈ 15 % that have none
    malformed_id: float = 0.0  # 12 digits that fail validate_personal_id (legacy records)
    missing_ethnicity: float = 0.0
    missing_guardian: float = 0.0
    duplicates: float = 0.0  # extra records repeating an earlier child, with a perturbation


REALISTIC = Problems(
    missing_id=0.03, malformed_id=0.02, missing_ethnicity=0.03, missing_guardian=0.02, duplicates=0.01
)


def _table(pairs: Sequence[tuple[str, float]]) -> tuple[list[str], list[float]]:
    names, weights = zip(*pairs, strict=True)
    cum: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    return list(names), cum


_FAMILY = _table(FAMILY_NAMES)
_MIDDLE_M = _table([(n, float(w)) for n, w in MIDDLE_MALE])
_MIDDLE_F = _table([(n, float(w)) for n, w in MIDDLE_FEMALE])


def _pick(rng: random.Random, table: tuple[list[str], list[float]]) -> str:
    return rng.choices(table[0], cum_weights=table[1])[0]


def strip_accents(text: str) -> str:
    """ "Nguyễn Đức" → "Nguyen Duc" (case kept): how names arrive from keyboards without Telex."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn"))


def person_name(rng: random.Random, sex: str, family: str | None = None) -> str:
    family = family or _pick(rng, _FAMILY)
    if sex == "M":
        middle = _pick(rng, _MIDDLE_M)
        given = rng.choice(GIVEN_MALE)
        second = SECOND_MIDDLE_MALE
    else:
        middle = _pick(rng, _MIDDLE_F)
        given = rng.choice(GIVEN_FEMALE)
        second = SECOND_MIDDLE_FEMALE
    parts = [family, middle]
    if rng.random() < 0.15:
        extra = rng.choice(second)
        if extra not in (middle, given):
            parts.append(extra)
    if given == middle:
        given = rng.choice(GIVEN_MALE if sex == "M" else GIVEN_FEMALE)
    parts.append(given)
    return " ".join(parts)


def personal_id(rng: random.Random, province_code: str, sex: str, dob: datetime.date) -> str:
    century = dob.year // 100
    digit = {19: ("0", "1"), 20: ("2", "3"), 21: ("4", "5")}[century][0 if sex == "M" else 1]
    return f"{province_code}{digit}{dob.year % 100:02d}{rng.randrange(1_000_000):06d}"


def _malformed_id(rng: random.Random, good: str) -> str:
    """Twelve digits (the database accepts them) that validate_personal_id rejects."""
    kind = rng.randrange(3)
    if kind == 0:  # legacy record typed with a non-existent province code
        return "000" + good[3:]
    if kind == 1:  # century/sex digit of the 1900s for a child born in the 2000s
        return good[:3] + ("0" if good[3] in "02" else "1") + good[4:]
    year = int(good[4:6])
    return good[:4] + f"{(year + rng.randint(1, 9)) % 100:02d}" + good[6:]


def _age_weights() -> list[float]:
    # Births fell from ≈ 1.6 M (2016) to ≈ 1.35 M (2023): slightly fewer young children.
    return [0.84 + 0.16 * age / 17 for age in range(18)]


_AGES = list(range(18))
_AGE_W = _age_weights()


def _birth_date(rng: random.Random, today: datetime.date) -> datetime.date:
    age = rng.choices(_AGES, weights=_AGE_W)[0]
    # A uniformly random day within the year of age (at least one day old).
    start = today.replace(year=today.year - age - 1) + datetime.timedelta(days=1)
    end = today.replace(year=today.year - age) if age else today - datetime.timedelta(days=1)
    return start + datetime.timedelta(days=rng.randrange(max((end - start).days, 1)))


def _typo(rng: random.Random, name: str) -> str:
    """One keyboard mistake in the given name or middle name (never in the family name)."""
    parts = name.split(" ")
    i = rng.randrange(1, len(parts))
    word = parts[i]
    kind = rng.randrange(4)
    pos = rng.randrange(len(word))
    letters = "aăâeêioôơuưydhnmtgcklr"
    if kind == 0 and len(word) > 2:  # a letter dropped
        word = word[:pos] + word[pos + 1 :]
    elif kind == 1:  # a letter doubled
        word = word[:pos] + word[pos] + word[pos:]
    elif kind == 2:  # a letter replaced
        word = word[:pos] + rng.choice(letters) + word[pos + 1 :]
    else:  # tone mark lost on this word only
        word = strip_accents(word)
    if not word:
        word = parts[i]
    parts[i] = word
    return " ".join(parts)


@dataclass
class _State:
    rng: random.Random
    used_ids: set[str] = field(default_factory=set)
    recent: list[dict[str, Any]] = field(default_factory=list)


def _new_child(
    st: _State, key: int, today: datetime.date, region: str, problems: Problems
) -> list[dict[str, Any]]:
    rng = st.rng
    sex = "M" if rng.random() < MALE_SHARE else "F"
    dob = _birth_date(rng, today)
    age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    ethnic_table = ETHNICITY_BY_REGION[region]
    ethnicity: str | None = rng.choices([c for c, _ in ethnic_table], weights=[w for _, w in ethnic_table])[0]
    father_family = _pick(rng, _FAMILY)
    single_mother = rng.random() < 0.03
    mother = person_name(rng, "F")
    father = "" if single_mother else person_name(rng, "M", father_family)
    family = mother.split(" ")[0] if single_mother else father_family
    provinces = REGION_PROVINCES[region]
    if region == "southeast" and rng.random() < 0.15:
        birth_province = rng.choice(MIGRANT_PROVINCES)
    else:
        birth_province = provinces[0] if rng.random() < 0.9 else rng.choice(provinces)
    groups = [
        g for g, (rate, min_age) in CIRCUMSTANCE_RATES.items() if age >= min_age and rng.random() * 100 < rate
    ]
    if 1 in groups:  # orphan of both parents: cared for by a grandparent
        father = mother = ""
    elif 3 in groups:
        father = ""
    street = rng.choice(STREETS)
    address = f"Số {rng.randint(1, 400)}/{rng.randint(1, 60)} đường {street}"
    problem_tags: list[str] = []
    pid: str | None = None
    if rng.random() < 0.85:
        pid = personal_id(rng, birth_province, sex, dob)
        while pid in st.used_ids:
            pid = personal_id(rng, birth_province, sex, dob)
        st.used_ids.add(pid)
        if rng.random() < problems.missing_id:
            pid, problem_tags = None, ["missing_id"]
        elif rng.random() < problems.malformed_id:
            bad = _malformed_id(rng, pid)
            if bad not in st.used_ids:
                st.used_ids.add(bad)
                pid, problem_tags = bad, ["malformed_id"]
    if rng.random() < problems.missing_ethnicity:
        ethnicity = None
        problem_tags.append("missing_ethnicity")
    guardian_missing = rng.random() < problems.missing_guardian
    if guardian_missing:
        father = mother = ""
        problem_tags.append("missing_guardian")
    disability_type = disability_level = ""
    if 4 in groups:
        disability_type = rng.choice(DISABILITY_TYPES)
        disability_level = rng.choices(DISABILITY_LEVELS, weights=[15, 35, 50])[0]
    record: dict[str, Any] = {
        "key": key,
        "full_name": person_name(rng, sex, family),
        "date_of_birth": dob,
        "sex": sex,
        "personal_id": pid,
        "ethnicity": ethnicity,
        "address": address,
        "father": father,
        "mother": mother,
        "grandparent": person_name(rng, "F", father_family) if 1 in groups and not guardian_missing else "",
        "circumstances": groups,
        "disability_type": disability_type,
        "disability_level": disability_level,
        "birth_province": birth_province,
        "problems": problem_tags,
        "duplicate_of": None,
        "twin_of": None,
    }
    out = [record]
    if rng.random() < 0.007:  # ≈ 1.4 % of births are twins: one twin pair per ≈ 140 children
        twin_sex = sex if rng.random() < 0.6 else ("F" if sex == "M" else "M")
        twin_name = person_name(rng, twin_sex, family)
        tries = 0
        while twin_name.split(" ")[-1] == record["full_name"].split(" ")[-1] and tries < 10:
            twin_name = person_name(rng, twin_sex, family)
            tries += 1
        twin_pid = None
        if pid and "malformed_id" not in problem_tags:
            twin_pid = personal_id(rng, birth_province, twin_sex, dob)
            while twin_pid in st.used_ids:
                twin_pid = personal_id(rng, birth_province, twin_sex, dob)
            st.used_ids.add(twin_pid)
        out.append(
            {
                **record,
                "key": key + 1,
                "full_name": twin_name,
                "sex": twin_sex,
                "personal_id": twin_pid,
                "problems": [],
                "twin_of": key,
                "disability_type": "",
                "disability_level": "",
                "circumstances": [g for g in groups if g not in (4, 5, 13)],
            }
        )
    return out


def _duplicate(st: _State, key: int, original: dict[str, Any]) -> dict[str, Any]:
    """Another record of the same child, entered again with a mistake and usually without an ID."""
    rng = st.rng
    dup = {
        **original,
        "key": key,
        "duplicate_of": original["key"],
        "twin_of": None,
        "problems": ["duplicate"],
    }
    kind = rng.choices(["typo", "no_accents", "swapped", "same"], weights=[40, 30, 20, 10])[0]
    dob: datetime.date = original["date_of_birth"]
    if kind == "swapped" and dob.day <= 12 and dob.day != dob.month:
        dup["date_of_birth"] = dob.replace(month=dob.day, day=dob.month)
    elif kind == "swapped":
        kind = "typo"
    if kind == "typo":
        dup["full_name"] = _typo(rng, original["full_name"])
    elif kind == "no_accents":
        dup["full_name"] = strip_accents(original["full_name"])
    dup["duplicate_kind"] = kind
    # The second entry rarely has the ID (it is unique in the register); sometimes it has it.
    dup["personal_id"] = None
    if rng.random() < 0.3:
        dup["father"] = ""
    if rng.random() < 0.2:
        dup["ethnicity"] = None
    return dup


def generate(
    n: int,
    *,
    seed: int = 0,
    today: datetime.date | None = None,
    region: str = "southeast",
    problems: Problems | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield ``n`` children (injected duplicates included in the count). Deterministic for a seed.

    Dicts: key, full_name, date_of_birth (date), sex ("M"/"F"), personal_id (str | None), ethnicity
    (code | None), address, father, mother, grandparent (names or ""), circumstances (group numbers),
    disability_type, disability_level, birth_province, problems (tags), duplicate_of, twin_of.
    """
    today = today or datetime.date(2026, 1, 1)
    problems = problems or Problems()
    st = _State(rng=random.Random(seed))  # noqa: S311 — synthetic data, not security
    key = 0
    while key < n:
        if st.recent and st.rng.random() < problems.duplicates:
            original = st.recent[st.rng.randrange(len(st.recent))]
            yield _duplicate(st, key, original)
            key += 1
            continue
        for record in _new_child(st, key, today, region, problems):
            if key >= n:
                break
            yield record
            key += 1
            if record["twin_of"] is None:
                # Duplicates repeat a child seen recently (same data-entry campaign); keep a window.
                if len(st.recent) < 2000:
                    st.recent.append(record)
                else:
                    st.recent[st.rng.randrange(2000)] = record


# -- output ---------------------------------------------------------------------------------------------


def csv_row(record: dict[str, Any], ethnicity_names: dict[str, str] | None = None) -> list[str]:
    code = record.get("ethnicity")
    ethnicity = (ethnicity_names or {}).get(code or "", code or "")
    return [
        record["full_name"],
        record["date_of_birth"].strftime("%d/%m/%Y"),
        "Nam" if record["sex"] == "M" else "Nữ",
        record.get("personal_id") or "",
        ethnicity,
        record.get("address", ""),
        record.get("father", ""),
        record.get("mother", ""),
    ]


def write_csv(
    records: Iterable[dict[str, Any]], path: Path, ethnicity_names: dict[str, str] | None = None
) -> int:
    """Write records as UTF-8 CSV (with BOM, so spreadsheet programs read the accents).

    Returns the row count."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_HEADERS)
        for record in records:
            writer.writerow(csv_row(record, ethnicity_names))
            count += 1
    return count


Place = tuple[int, int, int | None]  # (province, commune, hamlet) ids


def _places(communes: Sequence[Any]) -> list[Place]:
    """Where synthetic children live: each hamlet of ``communes``, or the commune itself if it has none."""
    from treem.geo.models import AdminUnit, Level

    places: list[Place] = []
    for commune in communes:
        ancestors = commune.ancestor_ids()
        province_id = ancestors[1] if len(ancestors) > 1 else commune.pk
        hamlets: list[int | None] = list(
            AdminUnit.objects.filter(parent=commune, level=Level.HAMLET).values_list("pk", flat=True)
        )
        for hamlet in hamlets or [None]:
            places.append((province_id, commune.pk, hamlet))
    return places


def _place_of(r: dict[str, Any], places: list[Place], by_key: dict[int, Place], rng: random.Random) -> Place:
    """Where record ``r`` lives (kept in ``by_key``): twins and duplicates where their sibling or original
    lives (a duplicate one time in ten elsewhere), any other child anywhere."""
    link = r.get("twin_of") if r.get("twin_of") is not None else r.get("duplicate_of")
    place = by_key.get(link) if link is not None else None
    if place is None or (r.get("duplicate_of") is not None and rng.random() < 0.1):
        place = places[rng.randrange(len(places))]
    by_key[r["key"]] = place
    return place


def _child_columns(
    r: dict[str, Any],
    place: Place,
    ethnicities: dict[str, int],
    *,
    sort_key: Callable[[str], bytes] | None,
    actor_id: int | None,
) -> dict[str, Any]:
    """The child's columns (by attribute name) for record ``r``, derived as the services derive them
    (``sort_key`` is ``services.name_sort_key``, or None to leave the sort key empty)."""
    province_id, commune_id, hamlet_id = place
    name = r["full_name"]
    return {
        "province_id": province_id,
        "commune_id": commune_id,
        "hamlet_id": hamlet_id,
        "area_id": hamlet_id or commune_id,
        "address": r.get("address", ""),
        "personal_id": r.get("personal_id"),
        "full_name": name,
        "name_folded": fold(name),
        "name_sort_key": sort_key(name) if sort_key else b"",
        "date_of_birth": r["date_of_birth"],
        "sex": r["sex"],
        "ethnicity_id": ethnicities.get(r.get("ethnicity") or ""),
        "birth_registered": True,
        "disability_type": r.get("disability_type", ""),
        "disability_level": r.get("disability_level", ""),
        "created_by_id": actor_id,
    }


def write_children(
    records: Iterable[dict[str, Any]],
    communes: Sequence[Any],
    *,
    seed: int = 0,
    actor: Any = None,
    supports: bool = True,
    batch_size: int = 2000,
    sort_keys: bool = True,
    households: bool = True,
) -> list[int]:
    """Store records in bulk, spread over ``communes`` (AdminUnit) and their hamlets. Returns child pks
    in record order. No audit events: this is seeding, not a user's action. Catalogues must be loaded.

    ``sort_keys=False`` skips the ICU sort key (benchmarks that do not sort by name); ``households=False``
    leaves the children without a household.
    """
    from treem.registry.models import (
        Child,
        ChildCircumstance,
        CircumstanceGroup,
        Ethnicity,
        Guardian,
        Household,
        Support,
    )
    from treem.registry.services import name_sort_key

    rng = random.Random(seed)  # noqa: S311 — synthetic data, not security
    sort_key = name_sort_key if sort_keys else None
    household_rng = random.Random(seed + 1)  # noqa: S311 — apart, so that the children stay the same
    ethnicities = {e.code: e.pk for e in Ethnicity.objects.all()}
    groups = {g.number: g.pk for g in CircumstanceGroup.objects.all()}
    places = _places(communes)
    actor_id = getattr(actor, "pk", None)
    today = datetime.date(2026, 1, 1)
    pks: list[int] = []
    by_key: dict[int, Place] = {}

    household_ids: dict[tuple[int, str, str], int] = {}
    pending: dict[tuple[int, str, str], Any] = {}

    def household_of(r: dict[str, Any], commune_id: int) -> tuple[tuple[int, str, str] | None, str]:
        """The child's household key and relation: headed by a parent (the child is "Con") or a
        grandparent ("Cháu"), shared by the children with the same head and address; about one in ten
        is poor or near poor. A new household waits in ``pending`` for the batch's bulk insert."""
        head, relation = r.get("father") or r.get("mother"), "Con"
        if not head and r.get("grandparent"):
            head, relation = r["grandparent"], "Cháu"
        if not head:
            return None, ""
        key = (commune_id, head, r.get("address", ""))
        if key not in household_ids and key not in pending:
            roll = household_rng.random()
            poverty = "poor" if roll < 0.05 else "near_poor" if roll < 0.1 else "none"
            pending[key] = Household(
                commune_id=commune_id, head_name=head, address=key[2], poverty_status=poverty
            )
        return key, relation

    def flush(batch: list[dict[str, Any]]) -> None:
        children, household_keys = [], []
        for r in batch:
            place = _place_of(r, places, by_key, rng)
            _province_id, commune_id, _hamlet_id = place
            household_key, relation = household_of(r, commune_id) if households else (None, "")
            household_keys.append(household_key)
            children.append(
                Child(
                    **_child_columns(r, place, ethnicities, sort_key=sort_key, actor_id=actor_id),
                    relation_to_head=relation,
                )
            )
        if pending:
            Household.objects.bulk_create(list(pending.values()), batch_size=batch_size)
            household_ids.update({key: h.pk for key, h in pending.items()})
            pending.clear()
        for child, household_key in zip(children, household_keys, strict=True):
            child.household_id = household_ids[household_key] if household_key else None
        Child.objects.bulk_create(children, batch_size=batch_size)
        guardians, circumstances, support_rows = [], [], []
        for r, child in zip(batch, children, strict=True):
            pks.append(child.pk)
            for rel, name in (
                ("father", r.get("father")),
                ("mother", r.get("mother")),
                ("grandparent", r.get("grandparent")),
            ):
                if name:
                    guardians.append(
                        Guardian(child_id=child.pk, relationship=rel, full_name=name, name_folded=fold(name))
                    )
            for number in r.get("circumstances", []):
                if number in groups:
                    start = max(r["date_of_birth"], today - datetime.timedelta(days=rng.randrange(30, 1500)))
                    circumstances.append(
                        ChildCircumstance(child_id=child.pk, group_id=groups[number], start_date=start)
                    )
            if supports and (r.get("circumstances") or rng.random() < 0.05):
                kind = rng.choice(
                    ["gift", "scholarship", "school_supplies", "health_insurance", "social_allowance"]
                )
                support_rows.append(
                    Support(
                        child_id=child.pk,
                        kind=kind,
                        date=max(r["date_of_birth"], today - datetime.timedelta(days=rng.randrange(10, 700))),
                        amount=rng.choice([200_000, 300_000, 500_000, 1_000_000, 2_000_000]),
                        source=rng.choice(["budget", "children_fund", "sponsor"]),
                        provider_name=rng.choice(
                            ["Quỹ Bảo trợ trẻ em", "Ủy ban nhân dân phường", "Hội Chữ thập đỏ"]
                        ),
                    )
                )
        Guardian.objects.bulk_create(guardians, batch_size=batch_size)
        ChildCircumstance.objects.bulk_create(circumstances, batch_size=batch_size)
        Support.objects.bulk_create(support_rows, batch_size=batch_size)

    batch: list[dict[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= batch_size:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    return pks


def _copy_defaults(model: Any, now: datetime.datetime) -> list[tuple[str, Any]]:
    """(column, value) of every concrete column but the primary key, with the model's defaults."""
    columns = []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value: Any = now
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        elif f.get_internal_type() in ("CharField", "TextField"):
            value = ""
        else:
            value = None  # must be given by the caller
        columns.append((f.column, value))
    return columns


def _copy_rows(cursor: Any, model: Any, rows: Iterable[dict[str, Any]], now: datetime.datetime) -> int:
    """COPY ``rows`` (dicts by column name, ``id`` included) into the model's table."""
    defaults = _copy_defaults(model, now)
    names = ["id"] + [c for c, _ in defaults]
    sql = f'COPY "{model._meta.db_table}" ({", ".join(chr(34) + n + chr(34) for n in names)}) FROM STDIN'
    count = 0
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([row["id"]] + [row.get(c, v) for c, v in defaults])
            count += 1
    return count


def _reserve_ids(cursor: Any, table: str, n: int) -> int:
    """First of ``n`` consecutive ids taken from the table's sequence (lock held until commit)."""
    cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    seq = cursor.fetchone()[0]
    # ``table`` comes from a model's Meta, ``seq`` from PostgreSQL: no user input in these statements.
    cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"')  # noqa: S608
    top = cursor.fetchone()[0]
    cursor.execute(f"SELECT last_value, is_called FROM {seq}")  # noqa: S608
    last, called = cursor.fetchone()
    first = max(top, last if called else last - 1) + 1
    if n > 0:
        cursor.execute("SELECT setval(%s, %s)", [seq, first + n - 1])
    return int(first)


def copy_children(
    records: Sequence[dict[str, Any]],
    communes: Sequence[Any],
    *,
    seed: int = 0,
    actor: Any = None,
    guardians: bool = True,
    circumstances: bool = True,
    sort_keys: bool = True,
) -> list[int]:
    """Like ``write_children`` but with PostgreSQL ``COPY`` (benchmarks: millions of rows).

    Computes ``name_folded`` and ``name_sort_key`` exactly as the services do; writes children,
    guardians and special circumstances (no supports, no audit events). Runs in one transaction.
    Returns the child pks in record order.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from treem.registry.models import Child, ChildCircumstance, CircumstanceGroup, Ethnicity, Guardian
    from treem.registry.services import name_sort_key

    rng = random.Random(seed)  # noqa: S311 — synthetic data, not security
    sort_key = name_sort_key if sort_keys else None
    ethnicities = {e.code: e.pk for e in Ethnicity.objects.all()}
    groups = {g.number: g.pk for g in CircumstanceGroup.objects.all()}
    places = _places(communes)
    actor_id = getattr(actor, "pk", None)
    today = datetime.date(2026, 1, 1)
    now = timezone.now()
    by_key: dict[int, Place] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        first = _reserve_ids(cursor, Child._meta.db_table, len(records))
        pks = list(range(first, first + len(records)))

        def children() -> Iterator[dict[str, Any]]:
            for pk, r in zip(pks, records, strict=True):
                place = _place_of(r, places, by_key, rng)
                yield {
                    "id": pk,
                    **_child_columns(r, place, ethnicities, sort_key=sort_key, actor_id=actor_id),
                }

        _copy_rows(cursor, Child, children(), now)
        if guardians:
            rows = (
                (pk, rel, r.get(rel))
                for pk, r in zip(pks, records, strict=True)
                for rel in ("father", "mother", "grandparent")
            )
            n = sum(1 for pk, rel, name in rows if name)
            first_g = _reserve_ids(cursor, Guardian._meta.db_table, n)
            ids = iter(range(first_g, first_g + n))
            _copy_rows(
                cursor,
                Guardian,
                (
                    {
                        "id": next(ids),
                        "child_id": pk,
                        "relationship": rel,
                        "full_name": r[rel],
                        "name_folded": fold(r[rel]),
                    }
                    for pk, r in zip(pks, records, strict=True)
                    for rel in ("father", "mother", "grandparent")
                    if r.get(rel)
                ),
                now,
            )
        if circumstances:
            rows_c = [
                (pk, groups[number], r["date_of_birth"])
                for pk, r in zip(pks, records, strict=True)
                for number in r.get("circumstances", [])
                if number in groups
            ]
            first_c = _reserve_ids(cursor, ChildCircumstance._meta.db_table, len(rows_c))
            _copy_rows(
                cursor,
                ChildCircumstance,
                (
                    {
                        "id": first_c + i,
                        "child_id": pk,
                        "group_id": group,
                        "start_date": max(dob, today - datetime.timedelta(days=rng.randrange(30, 1500))),
                    }
                    for i, (pk, group, dob) in enumerate(rows_c)
                ),
                now,
            )
    return pks
