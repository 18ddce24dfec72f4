"""The 12-digit personal identification number (số định danh cá nhân).

Layout (Nghị định 137/2015/NĐ-CP Điều 13; Thông tư 07/2016/TT-BCA Phụ lục I and III; unchanged by
Luật Căn cước 2023 Điều 12): digits 1–3 the code of the province where the birth was registered,
digit 4 the century and sex (1900–1999: male 0, female 1; 2000–2099: male 2, female 3), digits 5–6
the last two digits of the birth year, digits 7–12 a random sequence. There is no check digit.
Codes are those of the 63 provinces before the 2025 merger: IDs were not renumbered.
"""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

from treem.core.errors import ApplicationError

# Thông tư 07/2016/TT-BCA, Phụ lục I.
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
    "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
    "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
    "046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
    "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng", "070": "Bình Phước",
    "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai", "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh",
    "086": "Vĩnh Long", "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ",
    "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip

_SEPARATORS = re.compile(r"[\s.\-]+")

# Thông tư 07/2016/TT-BCA Phụ lục III: century → (male digit, female digit).
_CENTURY_SEX_DIGITS = {19: ("0", "1"), 20: ("2", "3"), 21: ("4", "5"), 22: ("6", "7"), 23: ("8", "9")}


class PersonalIdError(ApplicationError):
    pass


def normalise_personal_id(raw: str) -> str:
    """Strip spaces, dots and dashes; anything else that is not a digit is an error, never a guess."""
    if len(raw or "") == 12 and raw.isdigit() and raw.isascii():  # the common spelling: already normal
        return raw
    value = _SEPARATORS.sub("", raw or "")
    if not value.isdigit() or not value.isascii():
        raise PersonalIdError(
            _("Số định danh cá nhân chỉ gồm chữ số (được phép có dấu cách, dấu chấm, gạch nối).")
        )
    if len(value) != 12:
        raise PersonalIdError(
            _("Số định danh cá nhân phải có đúng 12 chữ số (đang có %(n)d).") % {"n": len(value)}
        )
    return value


def validate_personal_id(
    raw: str, *, sex: str | None = None, date_of_birth: datetime.date | None = None
) -> str:
    """Return the normalised 12-digit ID, or raise PersonalIdError with a Vietnamese message.

    ``sex`` is "M" or "F"; when it and ``date_of_birth`` are given, digit 4 and digits 5–6 must agree.
    """
    value = normalise_personal_id(raw)
    if value[:3] not in PROVINCE_CODES:
        raise PersonalIdError(
            _("Ba chữ số đầu (%(code)s) không phải mã tỉnh, thành phố nơi đăng ký khai sinh.")
            % {"code": value[:3]}
        )
    digit = value[3]
    if date_of_birth is not None:
        century = date_of_birth.year // 100
        male, female = _CENTURY_SEX_DIGITS.get(century, ("?", "?"))
        if digit not in (male, female):
            raise PersonalIdError(
                _(
                    "Chữ số thứ 4 (%(d)s) không khớp thế kỷ của năm sinh %(y)d: "
                    "phải là %(m)s (nam) hoặc %(f)s (nữ)."
                )
                % {"d": digit, "y": date_of_birth.year, "m": male, "f": female}
            )
        if sex in ("M", "F"):
            expected = male if sex == "M" else female
            if digit != expected:
                raise PersonalIdError(
                    _(
                        "Chữ số thứ 4 (%(d)s) cho biết giới tính %(id_sex)s, "
                        "khác với giới tính đã khai (%(sex)s)."
                    )
                    % {
                        "d": digit,
                        "id_sex": _("nam") if digit == male else _("nữ"),
                        "sex": _("nam") if sex == "M" else _("nữ"),
                    }
                )
        if value[4:6] != f"{date_of_birth.year % 100:02d}":
            raise PersonalIdError(
                _("Chữ số thứ 5–6 (%(yy)s) phải là hai số cuối của năm sinh %(y)d.")
                % {"yy": value[4:6], "y": date_of_birth.year}
            )
    elif digit not in "0123456789":  # pragma: no cover — isdigit() above
        raise PersonalIdError(_("Chữ số thứ 4 không hợp lệ."))
    return value
