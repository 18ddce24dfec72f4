"""One validation of a child's data, shared by the forms, the API and the file import.

``clean_child_data`` takes raw values (strings from a form or a spreadsheet cell, or typed values
from the API) and returns the cleaned values plus a list of ``FieldError`` with a Vietnamese message
per problem — it validates everything and never stops at the first error. Database-dependent checks
(the ID already held by another child, the hamlet outside the commune) are in ``services``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from treem.core.text import nfc
from treem.registry import rules
from treem.registry.identity import PersonalIdError, validate_personal_id
from treem.registry.models import ChildSex, DisabilityLevel, DisabilityType, Schooling, Sex

MAX_NAME_LENGTH = 150
_NAME_ALLOWED = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)*\.?$", re.UNICODE)

DATE_FORMATS = {
    "dd/mm/yyyy": ("%d/%m/%Y", "ngày/tháng/năm, ví dụ 05/06/2015"),
    "mm/dd/yyyy": ("%m/%d/%Y", "tháng/ngày/năm, ví dụ 06/05/2015"),
    "yyyy-mm-dd": ("%Y-%m-%d", "năm-tháng-ngày, ví dụ 2015-06-05"),
}
DEFAULT_DATE_FORMAT = "dd/mm/yyyy"
_SCHOOLING = gettext_lazy("Tình trạng học tập")
_DISABILITY_TYPE = gettext_lazy("Dạng khuyết tật")
_DISABILITY_LEVEL = gettext_lazy("Mức độ khuyết tật")

SEX_WORDS = {
    **dict.fromkeys(("nam", "m", "male", "1"), Sex.MALE),
    **dict.fromkeys(("nữ", "nu", "f", "female", "2"), Sex.FEMALE),
    **dict.fromkeys(("không rõ", "khong ro", "không biết", "khong biet", "u", "unknown"), ChildSex.UNKNOWN),
}
YES_WORDS = {"có", "co", "x", "yes", "y", "1", "true", "đã", "da", "rồi", "roi"}
NO_WORDS = {"không", "khong", "0", "no", "n", "false", "chưa", "chua"}


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


# Two-digit day and month, four-digit year, ASCII digits only: the common spelling of each format, parsed
# without ``strptime`` (which accepts these and more, with the same result); anything else — and any
# impossible date — goes through ``strptime`` for the same result or the same message.
_QUICK_DATES = {
    "dd/mm/yyyy": (re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})"), (2, 1, 0)),
    "mm/dd/yyyy": (re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})"), (2, 0, 1)),
    "yyyy-mm-dd": (re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})"), (0, 1, 2)),
}


def parse_date(value: Any, fmt: str = DEFAULT_DATE_FORMAT) -> datetime.date:
    """A date from a cell or form value in the declared format; ambiguity is never guessed."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    quick = _QUICK_DATES.get(fmt)
    if quick is not None:
        found = quick[0].fullmatch(text)
        if found is not None:
            parts = found.groups()
            y, m, d = (int(parts[i]) for i in quick[1])
            try:
                return datetime.date(y, m, d)
            except ValueError:
                pass
    pattern, example = DATE_FORMATS[fmt]
    try:
        return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 — a calendar date
    except ValueError:
        raise ValueError(
            _("“%(v)s” không phải ngày hợp lệ theo định dạng %(fmt)s (%(ex)s).")
            % {"v": text, "fmt": fmt, "ex": example}
        ) from None


def parse_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValueError(_("“%(v)s” không phải Có/Không.") % {"v": value})


def clean_name(value: Any) -> str:
    name = nfc(str(value or ""))
    if not name:
        raise ValueError(_("Họ và tên không được để trống."))
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(_("Họ và tên dài quá %(n)d ký tự.") % {"n": MAX_NAME_LENGTH})
    if not _NAME_ALLOWED.match(name):
        raise ValueError(
            _("Họ và tên chỉ gồm chữ cái, dấu cách và dấu gạch nối: “%(v)s”.") % {"v": name[:60]}
        )
    return name


def _bounded_text(value: Any, limit: int, label: str) -> str:
    """Free text up to ``limit`` characters; longer is refused, never cut silently (nothing is lost)."""
    text = nfc(str(value or ""))
    if len(text) > limit:
        raise ValueError(
            _("%(label)s dài %(n)s ký tự, quá giới hạn %(limit)s ký tự.")
            % {"label": label, "n": f"{len(text):,}".replace(",", "."), "limit": limit}
        )
    return text


@lru_cache(maxsize=64)
def _choice_lookup(choices: type, language: str) -> dict[str, str]:
    """value or lower-cased label (in the active language) → value; built once per language."""
    lookup: dict[str, str] = {}
    for member in choices:  # type: ignore[attr-defined]
        lookup[str(member.label).lower()] = str(member.value)
        lookup[str(member.value)] = str(member.value)
    return lookup


def _choice(value: Any, choices: type, label: Any) -> str:
    text = str(value or "").strip()
    if not text:
        return ""
    lookup = _choice_lookup(choices, get_language() or "")
    found = lookup.get(text) or lookup.get(text.lower())
    if found is not None:
        return found
    raise ValueError(_("%(label)s “%(v)s” không có trong danh mục.") % {"label": label, "v": text})


def clean_child_data(
    raw: dict[str, Any], *, date_format: str = DEFAULT_DATE_FORMAT, today: datetime.date | None = None
) -> tuple[dict[str, Any], list[FieldError]]:
    """Validate a child's own fields. Keys: full_name, date_of_birth, sex, personal_id, ethnicity (code),
    address, birth_registered, birth_registration_date, birth_registration_place, health_insurance_number,
    health_insurance_valid_until, schooling, school_name, disability_type, disability_level, hiv_status."""
    today = today or timezone.localdate()
    out: dict[str, Any] = {}
    errors: list[FieldError] = []

    def attempt(field: str, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except ValueError as exc:
            errors.append(FieldError(field, str(exc)))
            return None

    out["full_name"] = attempt("full_name", clean_name, raw.get("full_name"))

    dob_raw = raw.get("date_of_birth")
    dob = None
    if dob_raw in (None, ""):
        errors.append(FieldError("date_of_birth", _("Ngày sinh không được để trống.")))
    else:
        dob = attempt("date_of_birth", parse_date, dob_raw, date_format)
    if dob is not None:
        age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
        if dob > today:
            errors.append(
                FieldError("date_of_birth", _("Ngày sinh %(d)s ở tương lai.") % {"d": f"{dob:%d/%m/%Y}"})
            )
            dob = None
        elif age >= rules.MINOR_AGE_LIMIT:
            errors.append(
                FieldError(
                    "date_of_birth",
                    _("Người sinh ngày %(d)s đã đủ %(n)d tuổi, không thuộc đối tượng quản lý.")
                    % {"d": f"{dob:%d/%m/%Y}", "n": rules.MINOR_AGE_LIMIT},
                )
            )
            dob = None
    out["date_of_birth"] = dob

    sex_raw = str(raw.get("sex") or "").strip()
    sex = SEX_WORDS.get(sex_raw.lower()) if sex_raw else None
    if sex is None:
        errors.append(
            FieldError(
                "sex",
                _("Giới tính phải là Nam, Nữ hoặc Không rõ.")
                if sex_raw
                else _("Giới tính không được để trống."),
            )
        )
    out["sex"] = sex

    pid_raw = raw.get("personal_id")
    if isinstance(pid_raw, float) and pid_raw.is_integer():  # spreadsheets store long numbers as floats
        pid_raw = f"{int(pid_raw):012d}"
    out["personal_id"] = None
    if pid_raw not in (None, ""):
        try:
            out["personal_id"] = validate_personal_id(str(pid_raw), sex=sex, date_of_birth=dob)
        except PersonalIdError as exc:
            errors.append(FieldError("personal_id", exc.message))

    out["ethnicity"] = str(raw.get("ethnicity") or "").strip() or None
    out["address"] = attempt("address", _bounded_text, raw.get("address"), 255, _("Địa chỉ"))
    out["birth_registered"] = attempt("birth_registered", parse_bool, raw.get("birth_registered"))
    for field in ("birth_registration_date", "health_insurance_valid_until"):
        value = raw.get(field)
        out[field] = attempt(field, parse_date, value, date_format) if value not in (None, "") else None
    reg_date = out["birth_registration_date"]
    if reg_date is not None and dob is not None and reg_date < dob:
        errors.append(FieldError("birth_registration_date", _("Ngày đăng ký khai sinh trước ngày sinh.")))
    if reg_date is not None and reg_date > today:
        errors.append(FieldError("birth_registration_date", _("Ngày đăng ký khai sinh ở tương lai.")))
    if reg_date is not None and out["birth_registered"] is None:
        out["birth_registered"] = True
    out["birth_registration_place"] = attempt(
        "birth_registration_place",
        _bounded_text,
        raw.get("birth_registration_place"),
        255,
        _("Nơi đăng ký khai sinh"),
    )
    insurance = re.sub(r"\s+", "", str(raw.get("health_insurance_number") or "")).upper()
    if insurance and not re.fullmatch(r"[A-Z]{2}[0-9]{13}|[0-9]{10}", insurance):
        errors.append(
            FieldError(
                "health_insurance_number",
                _("Mã thẻ BHYT gồm 2 chữ cái và 13 chữ số, hoặc mã số BHXH 10 chữ số: “%(v)s”.")
                % {"v": insurance},
            )
        )
    out["health_insurance_number"] = insurance
    out["schooling"] = attempt("schooling", _choice, raw.get("schooling"), Schooling, _SCHOOLING)
    out["school_name"] = attempt("school_name", _bounded_text, raw.get("school_name"), 200, _("Tên trường"))
    out["disability_type"] = attempt(
        "disability_type", _choice, raw.get("disability_type"), DisabilityType, _DISABILITY_TYPE
    )
    out["disability_level"] = attempt(
        "disability_level", _choice, raw.get("disability_level"), DisabilityLevel, _DISABILITY_LEVEL
    )
    out["hiv_status"] = attempt("hiv_status", parse_bool, raw.get("hiv_status"))
    for key in ("schooling", "disability_type", "disability_level"):
        if out[key] is None:
            out[key] = ""
    return out, errors
