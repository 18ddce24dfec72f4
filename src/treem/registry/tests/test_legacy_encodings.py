from __future__ import annotations

import pytest

from treem.registry import legacy_encodings as le

# Known renderings of Unicode text in the legacy fonts (as they appear when read as Latin-1).
KNOWN = [
    (le.TCVN3, "Họ và tên", "Hä vµ tªn"),
    (le.TCVN3, "Nguyễn Văn An", "NguyÔn V¨n An"),
    (le.VNI, "Họ và tên", "Hoï vaø teân"),
    (le.VNI, "Nguyễn Văn An", "Nguyeãn Vaên An"),
    (le.VNI, "Trần Thị Đức Hưng", "Traàn Thò Ñöùc Höng"),
]


@pytest.mark.parametrize(("encoding", "text", "legacy"), KNOWN)
def test_known_tables(encoding: str, text: str, legacy: str) -> None:
    assert le.encode(text, encoding) == legacy
    assert le.to_unicode(legacy, encoding) == text


@pytest.mark.parametrize("encoding", [le.TCVN3, le.VNI])
def test_detect_and_convert_a_file(encoding: str) -> None:
    text = (
        "Họ và tên,Ngày sinh,Giới tính\nNguyễn Thị Hồng Nhung,05/06/2015,Nữ\nTrần Đức Thắng,01/01/2016,Nam\n"
    )
    legacy = le.encode(text, encoding)
    assert le.detect(legacy) == encoding
    assert le.normalise_text(legacy) == (text, encoding)
    assert le.detect(text) is None


def test_mixed_file_is_refused_with_instructions() -> None:
    mixed = le.encode("Họ và tên Nguyễn Văn", le.TCVN3) + " Nguyễn Văn An"
    with pytest.raises(le.LegacyEncodingError, match="TCVN3"):
        le.normalise_text(mixed)
