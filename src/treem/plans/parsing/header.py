"""The document's own header (number, date, issuer, type, title) and the documents it cites."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from dataclasses import dataclass

from treem.core.text import fold
from treem.registry.identity import PROVINCE_CODES

from .agencies import AgencyCatalogue, looks_like_agency, named_unit, placed_body
from .dates import DATE_SLASH, DATE_WORDS, first_date, make_date
from .letters import LOWER, UPPER
from .model import Citation, DocumentHead, SourceLines
from .normalise import SITE_HEADING, Block, fold_same_length, is_caps_line, marker_of
from .prose import ROUND, asks_list
from .structure import body_acting, dated_act, request_sender

_TYPE_WORDS = {
    "ke hoach": "ke_hoach",
    "kh": "ke_hoach",
    "quyet dinh": "quyet_dinh",
    "chi thi": "chi_thi",
    "huong dan": "huong_dan",
    "cong van": "cong_van",
    "nghi quyet": "nghi_quyet",
    "thong tu": "thong_tu",
    "nghi dinh": "nghi_dinh",
    "luat": "luat",
    "bo luat": "luat",
    "van ban": "cong_van",
    "chuong trinh": "other",
    "bao cao": "other",
    "thong bao": "other",
    "ket luan": "other",
    "to trinh": "other",
    "de an": "other",
}
# (the serial may carry a letter before its slash: a number given out between two others)
_NUMBER = r"\d{1,6}(?:[a-z](?=/))?(?:/\d{4})?(?:\s?[/-]\s?[A-ZĐ][A-ZĐa-z0-9&.]*(?:-[A-ZĐa-z0-9&.]+)*){1,3}"
_OWN_NUMBER = re.compile(
    r"^Số\s*:?\s*(?P<n>\d{1,6}(?:/\d{4})?)\s*(?P<rest>(?:[/-]\s*|[A-ZĐ]{2,6}(?=/))[A-ZĐ/][\wĐ&.\-/]*"
    r"(?:(?<=-)\s[A-ZĐ][\wĐ&.\-/]*)?"  # "Số: 170/KH- MNPT": a space a converter put after the dash
    # a dash with a space on each side, as a typist may space it: the part after it, two capitals or more,
    # is the rest of the code
    r"(?:\s-\s?[A-ZĐ]{2}[\wĐ&.\-/]*)?)"
)  # "Số: 62/KH-UBND", "Số: 176KHLT/BVCSTE-…" (a joint code written against the number)
_PLACE_DATE = re.compile(
    r"^(?P<place>[^\d,]{2,60}?(?:\s\d{1,2})?)\s*,\s*ngày\s*\d{1,2}", re.IGNORECASE
)  # "Quận 8, …"; a converter may leave a space before the comma
# A lower-case word that qualifies a cited document's kind, or "Liên tịch" / "Liên ngành" written with a
# capital ("Hướng dẫn Liên tịch số 153 ngày …": a joint document)
_QUALIFIER = rf"(?:[{LOWER}]+|Liên(?=\s+(?:tịch|ngành)\b))"
_REF = re.compile(
    r"(?<!\w)(?P<kind>Bộ [Ll]uật|Luật|Nghị quyết|Nghị định|Quyết định|Chỉ thị|Kế hoạch|Thông tư|Thông tri|"
    r"Hướng dẫn|Công văn|Công điện|Văn bản|Thông báo|Kết luận|Chương trình|Tờ trình|Quy chế|"
    r"(?-i:nghị quyết|nghị định|quyết định|chỉ thị|kế hoạch|thông tư|công văn|công điện|hướng dẫn|"
    r"chương trình|văn bản)"
    r"(?=(?:\s+(?!số\b|ngày\b|của\b)" + _QUALIFIER + r"){0,3}\s+số\b"
    # or right before a whole number with its code, which no common word is
    r"|\s+\d{1,6}(?:/\d{4})?\s?/\s?[A-ZĐ]{2,})"
    # "Căn cứ vào KH số 38/KH-…": a plan's kind abbreviated; "Căn cứ luật …": a law in lower case
    r"|(?-i:KH)(?=\s+số\b)|(?<=Căn cứ )(?-i:luật)|(?<=Căn cứ vào )(?-i:luật)"
    # a ground whose kind is misnamed (two to four lower-case words) before a number with its year and a
    # code: the number and its code tell the document
    rf"|(?:(?<=Căn cứ )|(?<=Căn cứ vào ))[{LOWER}]+(?:\s+[{LOWER}]+){{1,3}}"
    rf"(?=\s+số\s*:?\s*\d{{1,6}}/\d{{4}}/[{UPPER}]))"
    # "Kế hoạch phối hợp liên ngành số 411/KHLN/…", "chương trình hành động số 20-CTr/TU": a few
    # lower-case words may qualify the kind
    rf"(?:(?:\s+(?!số\b|ngày\b|của\b){_QUALIFIER}){{0,4}}?\s+số\s*:?)?\s*(?P<number>{_NUMBER}"
    # "Công văn số 4251 ngày 12/9/2024": a number without its code, its date after it — or its issuer
    # ("Quyết định số 15 của UBND tỉnh về …")
    r"|(?<=số\s)\d{1,6}(?=\s*,?\s+(?:ngày\s+\d|của\s)))?"
)
_LAW_KINDS = ("Luật", "Bộ luật", "Bộ Luật", "luật")
_MOTTO = ("cong hoa xa hoi", "doc lap - tu do", "dang cong san viet nam")
_PREAMBLE_START = ("can cu", "thuc hien", "can vao")  # "Căn vào": "Căn cứ vào" with a word lost


def doc_type_of(word: str) -> str:
    return _TYPE_WORDS.get(fold(word).strip(), "other")


def _type_from_number(number: str) -> str:
    code = fold(number.split("/", 1)[-1] if "/" in number else number)
    for prefix, kind in (
        ("kh", "ke_hoach"), ("qd", "quyet_dinh"), ("ct", "chi_thi"), ("hd", "huong_dan"),
        ("nq", "nghi_quyet"), ("tt", "thong_tu"), ("nd", "nghi_dinh"), ("cv", "cong_van"),
    ):  # fmt: skip
        if re.search(rf"(?:^|[-/]){prefix}(?:[-/]|$)", code) or code.startswith(prefix + "-"):
            return kind
    return "other"


# A type word in capitals with the title after it on the same line ("KẾ HOẠCH Triển khai …",
# "QUYẾT ĐỊNH VỀ VIỆC …"), as a web page or a flattened header gives it.
_TYPE_LEAD = re.compile(
    r"^(?P<w>KẾ HOẠCH|QUYẾT ĐỊNH|CHỈ THỊ|HƯỚNG DẪN|CÔNG VĂN|NGHỊ QUYẾT|THÔNG TƯ|NGHỊ ĐỊNH)"
    r"\s+(?P<rest>[^\s:].{8,})$"
)
_TYPE_LEAD_SENTENCE = re.compile(
    r"^(?P<w>Kế hoạch|Quyết định|Chỉ thị|Hướng dẫn|Chương trình)\s+"
    # any letter, small or capital, opens the title (both ranges together hold every Vietnamese letter)
    r"(?P<rest>(?![Ss]ố\b|[Vv]ề\b)[a-zà-ỹđA-ZĐÀ-Ỹ][^:;]{8,250}?)"
    r"(?:\s+\d{1,2}/\d{1,2}/\d{4})?(?:\s+(?=(?:Vào\s+)?[Nn]gày\s+\d{1,2}"
    r"(?:\s*[/-]\s*\d{1,2}\s*[/-]\s*\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})\s*,)|$)"
)  # the heading of a summary, run together with its dated first sentence, with the post's date, or alone
_V_V = re.compile(r"\s*V/v\s*:?\s*", re.IGNORECASE)
_LEVEL_CAPS = r"(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\b"
_LEVEL_WORDS = r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)"
_BARE_ISSUERS = ("uy ban nhan dan", "hoi dong nhan dan", "ubnd", "hdnd")
_ENACTING_TITLE = re.compile(
    r"(?:ban hành|xây dựng|triển khai)\s+(?:(?:Kế hoạch|Chương trình|Hướng dẫn|Quyết định)\s+)"
    # the object ends with "(cụ thể) như sau:", or with its sentence ("… giai đoạn 2023-2030. Mục tiêu …";
    # "TP. Hồ Chí Minh" keeps its dot)
    rf"(?P<t>(?:[^.]|\.(?!\s+[{UPPER}])|(?<=TP)\.){{10,400}}?)"
    rf"(?:\s*(?:\([^)]{{0,40}}\))?\s*,?\s*(?:cụ thể\s+)?(?:như\s+)?sau\s*:?\s*$|\.\s+(?=[{UPPER}]))",
    re.IGNORECASE,
)


def parse_head(blocks: list[Block], body_start: int) -> DocumentHead:
    """Header fields from the blocks before the body (``body_start`` = index of the first section)."""
    head = header_cells(blocks[:body_start])
    number, date, place, issuer, doc_type, title = "", None, "", "", "", ""
    first_line, last_line = 0, 0
    issuer_lines: list[str] = []
    glued_units: list[str] = []
    type_index: int | None = None
    last_index = -2
    last_issuer = -1
    for index, block in enumerate(head):
        text = block.text
        folded = fold(text)
        preamble = folded.startswith(_PREAMBLE_START) and not is_caps_line(text)
        if type_index is not None and index == type_index + 1 and not title:
            if not folded.startswith("can cu"):
                title = text
                last_line = block.end
                for more in head[index + 1 :]:
                    if not _title_goes_on(title, more.text):
                        break
                    title = f"{title} {more.text}"  # a sentence-case title set over several paragraphs
                    last_line = more.end
            break
        if preamble and _post_lead(head, index, bool(number or date) or type_index is not None):
            continue  # a post's lead restating the grounds above the document's own header
        if preamble or folded.startswith("kinh gui"):
            break
        if _is_motto(text):
            continue
        if type_index is None and not number and SITE_HEADING.match(text) and _motto_after(head, index):
            continue  # a document site's own heading restating the document above its header

        if (number or date) and not title and _SIGNER_LINE.match(text):
            continue  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …" where a page lost the decision's title
        # the issuer's lines still to come: before the number, even after the place and date where the
        # motto's column was read first (the motto, the place and date, then the issuer and the number)
        before_number = not number and (not date or _number_follows(head, index))
        if (
            (number or date)
            and not title
            and type_index is None
            and _AUTHORITY_LINE.match(folded)
            and not before_number
        ):
            continue  # "UỶ BAN NHÂN DÂN TỈNH SƠN LA", the body that decides, where the title was lost
        touched = False
        vv_line = _V_V.match(text)
        if vv_line and vv_line.start() == 0 and number and not title and type_index is None:
            title = _KINH_GUI.split(text[vv_line.end() :])[
                0
            ].strip()  # "Số: …" then, on a line of its own, "V/v …"
            doc_type = doc_type or "cong_van"
            last_line = block.end
            last_index = index
            continue
        glued = re.match(
            r"^(?P<unit>.+?)\s*\|?\s*Độc\s+lập\s*[-–]\s*Tự\b", text, re.IGNORECASE
        ) or _GLUED_MOTTO.match(text)
        if glued and type_index is None and not number and not date and is_caps_line(glued["unit"]):
            # the two header columns read line by line: the issuer's second line before the motto's
            glued_units.append(glued["unit"])
            first_line = first_line or block.start
            last_line = block.end
            continue
        m = _OWN_NUMBER.match(text)
        if m and not number:
            code, rest = m["rest"], text[m.end() :]
            glued_place = _glued_place(code, rest) if date is None else None
            if glued_place is not None:  # "Số: 12/KH-UBNDBến Thành, ngày …": the cells' border lost
                code, rest = code[:glued_place], code[glued_place:] + rest
            number = (m["n"] + re.sub(r"\s+", "", code)).rstrip(".")
            pd_rest = _PLACE_DATE.match(rest.strip(" |"))
            if pd_rest and date is None:
                # the two header columns run together: "Số: 62/KH-UBND Châu Thành, ngày 12 tháng 6 năm 2017"
                date, _ = first_date(rest)
                place = pd_rest["place"].strip()
            vv = _V_V.match(rest)
            if vv:
                title = _KINH_GUI.split(rest[vv.end() :])[0].strip()
                doc_type = doc_type or "cong_van"
            touched = True
        pd = _PLACE_DATE.match(text)
        if pd and date is None:
            date, _ = first_date(text)
            place = pd["place"].strip()
            touched = True
        lead = _TYPE_LEAD.match(text) if type_index is None and not title else None
        below_labels = all(_site_label(b.text) for b in head[:index])
        if lead is None and type_index is None and not title and below_labels:
            lead = _TYPE_LEAD_SENTENCE.match(text)  # "Kế hoạch triển khai …" heading a web summary
        if lead and not number and not date and (_motto_after(head, index) or _post_lead(head, index, False)):
            continue  # a post's heading ("Kế hoạch thực hiện …") above the document's own header
        if lead and not number and not date and _carried_out_by_stated(text, head[index + 1 : index + 4]):
            continue  # a headline naming the programme that the document the post reports carries out
        if lead:
            doc_type = _TYPE_WORDS[fold(lead["w"]).lower()]
            type_index = index
            title = lead["rest"].strip()
            touched = True
        elif type_index is None and is_caps_line(text) and fold(text).strip(" :") in _TYPE_WORDS:
            doc_type = _TYPE_WORDS[fold(text).strip(" :")]
            type_index = index
            touched = True
        elif type_index is None and before_number and is_caps_line(text):
            if _byline(text) and any(_prose(b.text) for b in head[:index]):
                continue  # "TIẾN DŨNG" under a report's prose: its writer, not a body
            if _paper_mark(text, head[:index]):
                continue  # "SGGPO" under a post's headline: the paper's mark, not a body
            between = head[last_issuer + 1 : index] if issuer_lines else []
            if any(not _is_motto(b.text) for b in between):
                issuer_lines = []  # a site's capital label ("THÔNG TIN TÀI LIỆU") its own lines set apart
            last_issuer = index
            issuer_lines.append(text)
            touched = True
        elif (
            type_index is None
            and (number or date)
            and not touched
            and is_caps_line(text)
            and not title
            and index == last_index + 1
        ):
            title = text  # "Số …", place and date, then the title with no "KẾ HOẠCH" above it (right
            # under them: a capital heading after the opening sentence is a part of the body)
            touched = True
        elif (
            type_index is None
            and (number or date)
            and not touched
            and not title
            and index == last_index + 1
            and _opens_preamble(head, index + 1)
            and len(text) <= 200
            and not text.rstrip().endswith((":", ";", "."))
        ):
            title = text  # the same in sentence case (a scan's text), the preamble right under it
            touched = True
        if touched:
            first_line = first_line or block.start
            last_line = block.end
            last_index = index
    if issuer_lines and not (number or date or glued_units) and type_index is None:
        # capitals above a post with no header that name no body: the site's section, no issuer
        capitals = " ".join(issuer_lines)
        issuer_lines = (
            issuer_lines if looks_like_agency(capitals) or AgencyCatalogue.default().find(capitals) else []
        )
    if issuer_lines or glued_units:
        # the issuer's lines, or only the lines glued to the motto's ("PHÒNG GD&ĐT X CỘNG HÒA … TRƯỜNG Y
        # Độc lập - …": both columns' first lines, then the issuer's second line, on one line)
        units = [_MOTTO_CAPS.sub(" ", u) for u in glued_units]
        both = " ".join([_clean_issuer(" ".join(issuer_lines)), *units]).strip()
        issuer = _own_body(both)
        office = _office_of_committee(issuer)
        # the organ's name in the enacting sentence may hold the union's name its header gives as motto
        unions = [b.text for b in head if _UNION_MOTTO.fullmatch(b.text)]
        organ = "" if office != issuer else _organ_from_enacting(" ".join([both, *unions]), blocks)
        # no sentence names it: a unit under its department or organisation by the header's lines alone
        issuer = organ or (_unit_of_body(office) if office == issuer else office)
        # a lost space in capitals ("THƯƠNG BINHVÀ XÃ HỘI"): V only ever opens a Vietnamese syllable
        issuer = re.sub(rf"\b([{UPPER}]{{2,}})(VÀ)\b", r"\1 \2", issuer)
    if title and is_caps_line(title):
        # a decision's title runs into its signer's title ("… TỈNH BÌNH ĐỊNH CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH")
        title = re.sub(
            rf"(?<!CỦA)\s+(?:CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|GIÁM ĐỐC)(?:\s+[{UPPER}\-]+)*\s*$", "", title
        )
        # … or the body that decides ("… GIAI ĐOẠN 2021 - 2025 ỦY BAN NHÂN DÂN TỈNH"), not "CỦA/CHO ỦY BAN …"
        title = re.sub(
            r"(?<!CỦA)(?<!CHO)(?<!VỚI)(?<!VÀ)(?<!CÁC)\s+[UỦ][YỶ] BAN NHÂN DÂN\s+"
            + _LEVEL_CAPS
            + rf"(?:\s+[{UPPER}\-]+)*\s*$",
            "",
            title,
        )
    issuer = _body_of_number(issuer, number)
    if (
        re.match(r"^(?:TỈNH|THÀNH PHỐ)\s", issuer)
        and fold(number).endswith("ubnd")
        and re.match(_LEVEL_WORDS + r"\s", place, re.IGNORECASE)
    ):
        # the header kept only the parent's place ("THÀNH PHỐ HỒ CHÍ MINH") above "Quận 8, ngày …":
        # the committee of the place the date line names issues it
        issuer = f"Ủy ban nhân dân {place}"
    enacting = _enacting_block(blocks)
    if not issuer:
        issuer = _enacting_issuer(blocks)
        bare_level = r"(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)\s+" + fold(_LEVEL_WORDS)
        if place and re.fullmatch(bare_level, fold(issuer)):  # "Ủy ban nhân dân tỉnh ban hành …"
            issuer = _complete_issuer(issuer.rsplit(" ", 1)[0], place, [issuer])
        elif not place and re.fullmatch(bare_level, fold(issuer)):
            issuer = _named_in_sentence(issuer, blocks)  # "UBND tỉnh ban hành … trên địa bàn tỉnh Ninh Bình."
    elif fold(issuer).strip() in _BARE_ISSUERS:
        issuer = _complete_issuer(issuer, place, [title, enacting])
        if fold(issuer).strip() in _BARE_ISSUERS:
            issuer = _authority_in_full(issuer, head) or issuer
        subject = _enacting_issuer(blocks) if fold(issuer).strip() in _BARE_ISSUERS else ""
        if subject and _same_body(issuer, subject) and len(fold(subject)) > len(fold(issuer)):
            issuer = subject  # the date line lost its place (a scan): "Ủy ban nhân dân tỉnh X ban hành …"
    if not issuer:
        issuer = _body_of_signer(head)
    stated = _statement_in(enacting, blocks[:12])
    if stated and stated.number and not number:
        number, date = stated.number, date or stated.date
        doc_type = doc_type or doc_type_of(stated.kind)  # "… ban hành Công văn số 2331/UBND-KGVX …"
        if not title and not (type_index and stated.form == "active"):
            title = stated.title
            if stated.form == "letter":  # its request is no title when the headline names its subject
                title = _headline_of_kind(blocks, stated.kind) or title
        who = stated.subject
        if not issuer and (looks_like_agency(who) or fold(who).startswith(_COUNCILS)):
            issuer = "Thủ tướng Chính phủ" if fold(who) == "thu tuong" else who
        elif not issuer and _PARTY_COMMITTEE_LEVEL.fullmatch(fold(who)):
            issuer = _named_in_sentence(who, blocks)  # the party committee of the place the post names
    if not title and enacting:
        title = _title_from_enacting(enacting)
    if not title and doc_type in ("", "quyet_dinh"):
        title = _title_from_first_article(blocks) or _title_from_annex(blocks, number)
    if stated and not stated.number and not number and not doc_type and not title:
        doc_type, title = doc_type_of(stated.kind), stated.title  # "UBND huyện X vừa ban hành kế hoạch …"
        date = date or stated.date
        who = stated.subject
        if not issuer and (
            looks_like_agency(who)
            or _central_committee(who)
            or _head_of_body(who)
            or (stated.form in ("letter", "launched") and fold(who).startswith(_COUNCILS))
            or stated.form == "signed"
            or fold(who) in _NATIONAL_BODIES
        ):
            issuer = who  # "Bộ X đã có công văn đề nghị …", "UBND tỉnh vừa có văn bản yêu cầu …": the sender
        elif not issuer and fold(who).startswith("thu tuong"):
            # the Prime Minister, whatever the form of the report, issues in the Government's name: a
            # single central office, never a place's committee to complete
            issuer = "Thủ tướng Chính phủ"
        elif not issuer:
            issuer = _committee_of_province(who)  # "Hà Nội vừa phê duyệt đề án …": the city's committee
    if not doc_type and not number and not title and not stated:
        named = _plan_named_in_post(blocks[:2]) or _plan_named_in_post(blocks[2:8], carried_out_only=True)
        if named:  # "Theo Kế hoạch X năm 2025, …", "UBND tỉnh vừa giao Sở … việc thực hiện Kế hoạch X."
            doc_type, title, issuer = doc_type_of(named[2]), named[1], named[0] or issuer
        parts = next(
            (
                m
                for b in blocks[:2]
                if (
                    m := _OWN_PARTS.match(b.text)
                    or _OWN_SUBJECT.match(b.text)
                    or _OWN_AIM_OR_ASK.match(b.text)
                )
            ),
            None,
        )
        if not named and parts:  # "Mục tiêu của kế hoạch nhằm …": a post on a plan it does not name
            doc_type = doc_type_of(parts["kind"] or parts["first"])
        elif not named and (later := _unnamed_plan_later(blocks[2:])):
            doc_type, issuer = later[0], later[1] or issuer
    if not issuer and not number and not doc_type and not title and not stated:
        # a post that names no document of its own, reporting a body's requests ("Theo đó, để …, Bộ X yêu
        # cầu các sở …"): the requests are that body's
        issuer = next((who for b in blocks[:2] if (who := request_sender(b.text))), "")
        if not issuer:
            # "Trước tình hình trên, Chủ tịch UBND huyện yêu cầu:" and the requirements: that body's
            issuer = next((who for b in blocks[:4] if (who := _list_sender(b.text))), "")
        if not issuer:
            # "Hôm nay, ngày D, Liên đội X long trọng tổ chức …": a post on what a body did that day is its
            issuer = next((act[0] for b in blocks[:8] if (act := dated_act(b.text))), "")
    if not doc_type and not number and not title and not issuer and blocks:
        slug = _document_slug(blocks[0].text)
        if slug:  # "download phap luat quyet dinh 2254 qd byt bo cong cu …": a page's address in words
            doc_type, number, issuer, title = slug
    # (the kind in lower case too, as a notice writes it: the sentence that announces what follows is
    # the plan's own)
    enacted_kind = re.search(
        r"(?:ban hành|xây dựng|triển khai)\s+(Kế hoạch|Chương trình|Hướng dẫn)\b", enacting, re.IGNORECASE
    )
    if not doc_type and not number and enacted_kind:
        doc_type = doc_type_of(enacted_kind.group(1))  # no header: "… xây dựng Kế hoạch hướng dẫn …"
    quoted = next((m for b in blocks[:12] if (m := _QUOTED_FROM.search(b.text))), None)
    if not doc_type and not number and not title and quoted:
        doc_type = doc_type_of(quoted["kind"])  # "“Tổ chức …” - văn bản nêu rõ.": the document quoted
    says = _KIND_SAYS.match(blocks[1].text) if len(blocks) > 1 and not issuer else None
    if not doc_type and not number and not title and says and _HEADLINE.fullmatch(blocks[0].text):
        # a post whose paragraph under its headline opens with the document's kind and what it says: the
        # document it reports, named by its kind alone; the headline gives its subject
        doc_type, title = doc_type_of(says["kind"]), blocks[0].text.strip()
    if not doc_type:
        doc_type = _type_from_number(number) if number else "other"
    title = _GLUED_PERIOD.sub(" ", title)
    lines = SourceLines(first_line, last_line) if first_line else None
    return DocumentHead(doc_type, number, date, issuer, place, title, lines)


# a post's quotation followed by the document it is from, unnamed: "“…” - kế hoạch nêu rõ.", "…”, công văn
# yêu cầu."
_QUOTED_FROM = re.compile(
    r"[”\"]\s*(?:-|–|,)\s*(?P<kind>văn bản|công văn|kế hoạch|chương trình|quyết định|chỉ thị)(?:\s+này)?\s+"
    r"(?:nêu rõ|nhấn mạnh|yêu cầu|chỉ rõ|cho biết|nêu)\s*[.!]?\s*$",
    re.IGNORECASE,
)


# a paragraph that opens with a document's kind alone and a verb of saying, then a colon: the document a
# post reports, unnamed
_KIND_SAYS = re.compile(
    r"^(?P<kind>Công văn|Văn bản|Kế hoạch|Quyết định|Chỉ thị|Chương trình|Hướng dẫn)(?:\s+này)?\s+"
    r"(?:nêu rõ|nhấn mạnh|yêu cầu|chỉ rõ|nêu|cho biết|xác định)\s*:\s+\S"
)
# a headline: one line of words, no sentence's end
_HEADLINE = re.compile(r"[^.;:!?|]{15,200}")


# A page stored as its address's words, in lower case without marks: "… quyet dinh 2254 qd byt bo cong cu
# …" — the kind in words, then the number's parts as words (its digits, the kind's code, the issuer's
# code), then the title's words.
_SLUG = re.compile(
    r"^(?:[a-z]+\s+){0,4}?(?P<kind>quyet dinh|ke hoach|chi thi|cong van|nghi quyet|huong dan)\s+(?:so\s+)?"
    r"(?P<n>\d{1,6})\s+(?P<code>qd|kh|ct|cv|nq|hd)\s+(?P<org>[a-z]{2,8})\s+(?P<t>[a-z][a-z0-9 ]{9,})$"
)
# each kind's code, as a number writes it, and the kind's words it goes with
_SLUG_CODES = {
    "qd": ("QĐ", "quyet dinh"),
    "kh": ("KH", "ke hoach"),
    "ct": ("CT", "chi thi"),
    "cv": ("CV", "cong van"),
    "nq": ("NQ", "nghi quyet"),
    "hd": ("HD", "huong dan"),
}
# the central bodies a document's number names by its code (Nghị định 30/2020, Phụ lục III), folded: one body
# each, wherever the document was issued
_CODE_BODIES = {
    "ttg": "Thủ tướng Chính phủ",
    "cp": "Chính phủ",
    "ubtvqh": "Ủy ban Thường vụ Quốc hội",
    "byt": "Bộ Y tế",
    "bgddt": "Bộ Giáo dục và Đào tạo",
    "bldtbxh": "Bộ Lao động - Thương binh và Xã hội",
    "ldtbxh": "Bộ Lao động - Thương binh và Xã hội",
    "bvhttdl": "Bộ Văn hóa, Thể thao và Du lịch",
    "btc": "Bộ Tài chính",
    "bca": "Bộ Công an",
    "btp": "Bộ Tư pháp",
    "bnv": "Bộ Nội vụ",
    "btttt": "Bộ Thông tin và Truyền thông",
    "bkhdt": "Bộ Kế hoạch và Đầu tư",
}
_SLUG_BODIES = _CODE_BODIES
# the kinds' codes that open a number's code before its issuer's ("QĐ-TTg", "TT-BYT", "VBHN-BYT"), folded
_KIND_CODES = {"qd", "nd", "nq", "tt", "ct", "kh", "cd", "hd", "tb", "bc", "cv", "ttr", "vbhn", "qc", "da"}


def issuer_of_code(number: str) -> str:
    """The central body a document's number names by its code, or "": the code after the kind's ("34/2014/
    QĐ-TTg" → Thủ tướng Chính phủ, "34/2018/TT-BYT" → Bộ Y tế), or a letter's first ("375/LĐTBXH-TE" →
    Bộ Lao động - Thương binh và Xã hội), a law's "QH" and its term (Quốc hội). A joint code (two bodies
    after the kind's) and a local body's (UBND, SGDĐT: of which place?) name none."""
    code = fold(number.rsplit("/", 1)[-1]) if "/" in number else ""
    parts = [p for p in re.split(r"[-\s]+", code) if p]
    if parts and parts[0] in _KIND_CODES:
        parts = parts[1:] if len(parts) == 2 else []
    if not parts:
        return ""
    if re.fullmatch(r"qh\d{0,2}", parts[0]):
        return "Quốc hội"
    return _CODE_BODIES.get(parts[0], "")


def _document_slug(text: str) -> tuple[str, str, str, str] | None:
    """(type, number, issuer, title) of a line that spells a document as its address does, or None."""
    if any(ch.isupper() for ch in text):
        return None
    text = text.strip()
    m = _SLUG.match(fold_same_length(text))
    code, kind = _SLUG_CODES[m["code"]] if m else ("", "")
    if not m or m["kind"] != kind:
        return None  # "quyet dinh … kh …": the code of another kind
    number = f"{m['n']}/{code}-{m['org'].upper()}"
    return _TYPE_WORDS[kind], number, _SLUG_BODIES.get(m["org"], ""), text[m.start("t") :]


# The parts of the two-column header a page may run into one block when it gives the header as table
# rows ("ỦY BAN NHÂN DÂN ; CỘNG HÒA …" from "| … | … |", "CỘNG HÒA … VIỆT NAM PHƯỜNG X" where a cell's text
# ran on into the next row's): the motto's lines, the number, and the place and date.
_MOTTO_PART = re.compile(
    # the country's name, or its halves where a narrow column wrapped it ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA …")
    r"CỘNG\s+H\w{0,3}\s+XÃ\s+HỘI(?:\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM)?|CHỦ\s+NGHĨA\s+VIỆT\s+NAM"
    r"|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM"
    r"|Độc\s+lập\s*[-–]\s*\w+(?:\s+\w+)?\s*[-–]\s*Hạnh\s+phúc"  # "Tự - Hạnh phúc", "Tư đó" (marks put back)
    r"|(?<!HÀNH\s)(?<!BCH\s)(?<!ƯƠNG\s)ĐOÀN\s+(?:TNCS|THANH\s+NIÊN\s+CỘNG\s+SẢN)\s+HỒ\s+CHÍ\s+MINH"
    r"(?!\s+(?:TỈNH|THÀNH|HUYỆN|QUẬN|THỊ|XÃ|PHƯỜNG|TRƯỜNG)\b(?!\s+ĐOÀN\b))"
)
_UNION_MOTTO = re.compile(
    r"(?<!HÀNH\s)(?<!BCH\s)(?<!ƯƠNG\s)ĐOÀN\s+(?:TNCS|THANH\s+NIÊN\s+CỘNG\s+SẢN)\s+HỒ\s+CHÍ\s+MINH"
    r"(?!\s+(?:TỈNH|THÀNH|HUYỆN|QUẬN|THỊ|XÃ|PHƯỜNG|TRƯỜNG)\b(?!\s+ĐOÀN\b))"
)  # the Youth Union's own line over its place and date, not "BCH ĐOÀN TNCS HỒ CHÍ MINH …", its body
# the issuer's row run into the whole motto, its middle words read otherwise (other marks put back on a
# header typed without them)
_GLUED_MOTTO = re.compile(
    r"^(?P<unit>.+?)\s*\|?\s*Độc\s+lập\s*[-–]\s*\w+(?:\s+\w+)?\s*[-–]\s*Hạnh\s+phúc\s*$"
)
_RULE_CELL = re.compile(r"\s*[-_=~.*]{3,}\s*")  # the short rule under the issuer or the motto
_CELL_SEPARATOR = re.compile(r"\s+;\s+")  # a row's cells, as ``normalise`` joins "| a | b |"
_SUBJECT_AFTER = re.compile(r"\s+(?=V/v\s)")  # a letter's subject under its number, run on after a cell
_NUMBER_AFTER = re.compile(r"\s+(?=Số\s*:?\s*\d)")
_PLACE_DATE_AFTER = re.compile(r"\s+(?=[^\s,]+(?:\s[^\s,]+){0,5},\s*ngày\s*\d)")


def _is_motto(text: str) -> bool:
    """The motto's lines, the party's or the Youth Union's line in its place ("CỘNG HỊA XÃ HỘI …": the
    country's name with a letter a converter lost)."""
    return fold(text).startswith(_MOTTO) or bool(_MOTTO_PART.fullmatch(text))


# A place's level in capitals ("XÃ ĐA TỐN", "TP. HỒ CHÍ MINH"; not "XÃ HỘI"), and its rank.
_NAMED_LEVEL = re.compile(
    rf"\b(TỈNH|THÀNH PHỐ|TP\.?|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s*(?!HỘI\b)(?=[{UPPER}0-9])"
)
_LEVEL_RANK = {"tinh": 4, "thanh pho": 3, "tp": 3, "tp.": 3, "huyen": 2, "quan": 2, "thi xa": 2}


def _rank(level: str) -> int:
    return _LEVEL_RANK.get(fold(level).strip(), 1)  # a commune, a ward, a town, a special zone: 1


def _ranks(text: str) -> list[int]:
    return [_rank(m.group(1)) for m in _NAMED_LEVEL.finditer(text)]


def _header_part(text: str) -> bool:
    return bool(_MOTTO_PART.fullmatch(text) or _OWN_NUMBER.match(text) or _PLACE_DATE.match(text))


def _cell_pieces(text: str) -> list[str]:
    """One cell's text cut where another part of the header runs on in it: around the motto, before
    "Số: N" after capitals, before "<place>, ngày …" after capitals (the issuer's line before it)."""
    out: list[str] = []
    pieces = [p for part in re.split(f"({_MOTTO_PART.pattern})", text) for p in _SUBJECT_AFTER.split(part)]
    for piece in pieces:
        piece = piece.strip(" ;|")
        if not piece or _MOTTO_PART.fullmatch(piece):
            out += [piece] if piece else []
            continue
        number = _NUMBER_AFTER.search(piece)
        if number and is_caps_line(piece[: number.start()]):
            out += [piece[: number.start()], piece[number.end() :]]
            continue
        cut = None
        for m in _PLACE_DATE_AFTER.finditer(piece):
            place = piece[m.end() :].split(",", 1)[0]
            if is_caps_line(piece[: m.start()]) and not is_caps_line(place):
                cut = m  # the last: "PHƯỜNG BẾN THÀNH Bến Thành, ngày …" keeps the whole unit before it
        if cut:
            out += [piece[: cut.start()], piece[cut.end() :]]
            continue
        out.append(piece)
    return out


def header_cells(head: list[Block]) -> list[Block]:
    """The blocks of the header with each part of a two-column header in a block of its own (each
    keeps its block's lines), in the order the page gives them: a row's cells, the motto's lines and
    the issuer's run together by a table read row by row are set apart. Up to the type word or the
    preamble: the title and what follows stay whole."""
    out: list[Block] = []
    for index, block in enumerate(head):
        text = block.text
        folded = fold(text).strip(" :")
        lead = _TYPE_LEAD.match(text) and not SITE_HEADING.match(text)  # not a site's heading above it
        if folded in _TYPE_WORDS or lead or folded.startswith(_PREAMBLE_START):
            return out + head[index:]
        parts = _CELL_SEPARATOR.split(text)
        cells = [c for c in parts if not _RULE_CELL.fullmatch(c)]  # "| VÀ XÃ HỘI | ------- |"
        if len(cells) == len(parts) and not any(_header_part(c.strip()) for c in cells):
            cells = [text]  # one cell, or a row of cells none of which is a part of the header
        texts = [p for c in cells for p in _cell_pieces(c)]
        if len(texts) == 1 and cells == [text]:
            out.append(block)  # one part (the text as it was)
            continue
        out += [Block(t, block.start, block.end) for t in texts]
    return out


# the addressee after a letter's subject where the page ran them onto one line
_KINH_GUI = re.compile(r"\s+Kính\s+gửi\b")


def _glued_place(code: str, after: str) -> int | None:
    """Where the place and date begin inside what was read as the number's code, a lost cell border
    between them ("12/KH-UBNDBến Thành, ngày …"): a capital and a small letter after a letter or a
    digit, when "<place>, ngày N" reads from there on and the place's first syllable has a vowel
    ("KH-TrMN", a code of its own, stays; "08/KH-TTrNghệ An" is "08/KH-TTr", "Nghệ An": "Tr", an
    inspectorate's code, opens no place)."""
    for i in range(1, len(code) - 1):
        glued = code[i - 1].isalnum() and code[i].isupper() and code[i + 1].islower()
        syllable = code[i] + "".join(itertools.takewhile(str.islower, code[i + 1 :]))
        if glued and _VOWEL.search(fold(syllable)) and _PLACE_DATE.match(code[i:] + after):
            return i
    return None


_VOWEL = re.compile(r"[aeiouy]")


def _number_follows(head: list[Block], index: int) -> bool:
    """Whether the document's number comes in the next few blocks, before the type word or the preamble."""
    for block in head[index + 1 : index + 6]:
        folded = fold(block.text).strip(" :")
        if folded in _TYPE_WORDS or folded.startswith(_PREAMBLE_START) or _TYPE_LEAD.match(block.text):
            return False
        if _OWN_NUMBER.match(block.text):
            return True
    return False


def _motto_after(head: list[Block], index: int) -> bool:
    return any(fold(b.text).startswith(_MOTTO) for b in head[index + 1 : index + 8])


def _words_only(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text).lower()))


def _carried_out_by_stated(headline: str, after: list[Block]) -> bool:
    """A post's headline giving a kind and a name, where a sentence just below it reports the post's own
    document, unnumbered, with a title that holds the whole headline after words of its own (what the
    document does with it): the headline names what the document carries out, not the document."""
    words = _words_only(headline)
    for block in after:
        stated = read_statement(block.text)
        if stated is None or stated.number:
            continue
        title = _words_only(stated.title)
        return bool(words) and f" {words} " in f" {title} " and not title.startswith(words)
    return False


def _post_lead(head: list[Block], index: int, read: bool) -> bool:
    """A post's heading or lead ("Căn cứ …" run into one paragraph) above the document's own header: the
    motto stands in a block within the next few, even in a row with the issuer's column, and none of the
    header's fields has been read yet."""
    return not read and any(_MOTTO_PART.search(b.text) for b in head[index + 1 : index + 4])


# The body that decides, in capitals on a line of its own after the header ("UỶ BAN NHÂN DÂN TỈNH SƠN
# LA", "HỘI ĐỒNG NHÂN DÂN TỈNH … KHÓA VIII"): never the title.
# a person's name in capitals ("QUANG LÊ", "TIẾN DŨNG") or a writer's initials ("HTND"): one to four
# words, none of a body or a place
_BYLINE_WORDS = re.compile(
    r"\b(?:uy|ubnd|hdnd|so|bo|ban|phong|hoi|doan|dang|truong|vien|cuc|cong an|trung tam|tinh|huyen|quan|"
    r"xa|phuong|thanh pho|thi xa|thi tran|mat tran|chi cuc|benh vien|van phong|chinh phu|quoc hoi)\b"
)


def _byline(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 4 and not re.search(r"[\d|:.,]", text) and not _BYLINE_WORDS.search(fold(text))


def _paper_mark(text: str, above: list[Block]) -> bool:
    """One word in capitals the agency catalogue does not know, right under a headline in sentence case
    ("Phối hợp chăm lo … / SGGPO"): a paper's mark above its post (a body's header line is above any
    headline, and a body named in one word is one the catalogue knows: "UBND")."""
    return (
        len(text.split()) == 1
        and bool(above)
        and not is_caps_line(above[-1].text)
        and not AgencyCatalogue.default().find(text)
    )


def _prose(text: str) -> bool:
    """A sentence of a report: forty letters or more, not in capitals, ending with a full stop."""
    return len(text) >= 40 and not is_caps_line(text) and text.rstrip().endswith(".")


_AUTHORITY_LINE = re.compile(r"^(?:uy ban nhan dan|hoi dong nhan dan)\s+" + fold(_LEVEL_WORDS) + r"\b")


def _body_of_number(issuer: str, number: str) -> str:
    """The number's last code names the body that issued it ("07/2021/NQ-HĐND": the People's Council):
    a header that names the other council of the same place (a site's template) yields to it."""
    code = fold(number.rsplit("-", 1)[-1]) if "-" in number else ""
    folded = fold(issuer)
    if code == "hdnd" and folded.startswith("uy ban nhan dan"):
        body = "HỘI ĐỒNG NHÂN DÂN" if issuer.isupper() else "Hội đồng nhân dân"
    elif code == "ubnd" and folded.startswith("hoi dong nhan dan"):
        body = "ỦY BAN NHÂN DÂN" if issuer.isupper() else "Ủy ban nhân dân"
    else:
        return issuer
    return body + issuer[len("ỦY BAN NHÂN DÂN") :]


# The line naming who signs a decision ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH", "BỘ TRƯỞNG BỘ Y TẾ")
# stands where the title would be when a page lost the title: it is never the title.
_SIGNER_LINE = re.compile(rf"^(?:CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|GIÁM ĐỐC|TRƯỞNG BAN)\s+[{UPPER}]")


def _body_of_signer(head: list[Block]) -> str:
    """A page that lost the header still names who decides in the signer's line: "BỘ TRƯỞNG BỘ Y TẾ"
    → "BỘ Y TẾ", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …" → "ỦY BAN NHÂN DÂN TỈNH …" ("THỦ TƯỚNG CHÍNH PHỦ"
    stays whole: the Prime Minister issues in his own name)."""
    for block in head:
        m = _SIGNER_AT_END.search(block.text)
        if m and is_caps_line(block.text):
            return m["who"] if m["office"] == "THỦ TƯỚNG" else m["body"]
    return ""


# The signer's line, alone or where a page ran it onto the end of a capital title.
_SIGNER_AT_END = re.compile(
    r"(?:^|(?<!CỦA)\s)(?P<who>(?P<office>CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|GIÁM ĐỐC|TRƯỞNG BAN)\s+"
    rf"(?P<body>[{UPPER}][{UPPER}\s\-]{{2,70}}))$"
)


_FIRST_ARTICLE = re.compile(
    r"^Điều\s+1\s*[.:]\s*(?P<verb>Ban hành|Phê duyệt)\s+(?:kèm theo\s+Quyết định này\s+)?"
    r"(?P<what>.{10,300}?)\s*\.?$",
    re.IGNORECASE,
)


def _title_from_first_article(blocks: list[Block]) -> str:
    """A decision whose page lost its title line says what it decides in its first article: "Điều 1.
    Ban hành kèm theo Quyết định này Đề án …" → "Ban hành Đề án …"."""
    for block in blocks[:80]:
        m = _FIRST_ARTICLE.match(block.text)
        if m:
            return f"{m['verb'][0].upper()}{m['verb'][1:].lower()} {m['what']}"
    return ""


_ANNEX_NOTE = re.compile(
    rf"^\(\s*(?:Ban hành\s+)?kèm theo\s+Quyết định\s+(?:số\s*:?\s*)?(?P<n>{_NUMBER})", re.IGNORECASE
)
_SIGNATURE_CELL = re.compile(
    r"^(?:(?:TM|KT|Q)\.\s*(?:[UỦ][YỶ] BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|(?:PHÓ\s+)?CHỦ TỊCH|BỘ TRƯỞNG)\s+)+"
)
_ANNEX_KINDS = ("KẾ HOẠCH", "CHƯƠNG TRÌNH", "ĐỀ ÁN", "QUY CHẾ", "QUY ĐỊNH", "HƯỚNG DẪN")


def _title_from_annex(blocks: list[Block], number: str) -> str:
    """A decision whose page lost both its title and its articles still carries what it enacts: the
    attached document's capital title right above "(Ban hành kèm theo Quyết định số <its own number> …)"
    → "BAN HÀNH KẾ HOẠCH <that title>" (a plan, where that title lost its kind word too)."""
    own = re.sub(r"\s+", "", fold(number))
    for index, block in enumerate(blocks[1:120], start=1):
        m = _ANNEX_NOTE.match(block.text)
        if not m or not own or re.sub(r"\s+", "", fold(m["n"])) != own:
            continue
        above = _SIGNATURE_CELL.sub("", blocks[index - 1].text.strip())  # "TM. ỦY BAN NHÂN DÂN" run onto it
        if not is_caps_line(above) or re.match(r"^(?:TM|KT|Q)\.", above) or _SIGNER_LINE.match(above):
            return ""
        kind = "" if above.startswith(_ANNEX_KINDS) else "KẾ HOẠCH "
        return f"BAN HÀNH {kind}{above}"
    return ""


_MOTTO_CAPS = re.compile(r"\s*CỘNG\s+HO?[ÒÀ]A?\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM\s*")
_PERIOD = r"20\d\d(?:\s*[-–]\s*20\d\d)?"
# the period alone on its line, after the words for a school year, a year or a phase, or in brackets
_PERIOD_LINE = re.compile(
    rf"^(?:(?:năm học|năm|giai đoạn)\s+{_PERIOD}|\(\s*(?:(?:năm học|năm|giai đoạn)\s+)?{_PERIOD}\s*\))\s*$",
    re.IGNORECASE,
)


def _title_goes_on(title: str, text: str) -> bool:
    """Whether the next paragraph still belongs to a sentence-case title (a title whose lines a page
    set apart): the title has not ended a sentence and the paragraph is short, not in capitals, no
    numbered item and no opening of the preamble."""
    if is_caps_line(title) and _PERIOD_LINE.match(text):
        return True  # "KẾ HOẠCH" / "THỰC HIỆN …" / "Năm học 2023-2024": the period the title runs for
    if is_caps_line(title) or title.rstrip().endswith((".", ";", ":", "!", "?")):
        return False
    folded = fold(text)
    return (
        len(text) <= 250
        and not is_caps_line(text)
        and marker_of(text) is None
        and not folded.startswith((*_PREAMBLE_START, "kinh gui", "theo de nghi", "xet de nghi"))
        and not text.rstrip().endswith((":", "."))
        and not _PLACE_DATE.match(text)
        and not _LABEL_LINE.match(text)
    )


# a line that opens with a short label and a colon: "Chủ đề: “…”", "Khẩu hiệu: …" (its theme, not its title)
_LABEL_LINE = re.compile(rf"^[{UPPER}]\S*(?:\s+[^\s:]+){{0,3}}\s*:\s")
# a period word glued to the number before it: "tháng 12năm học 2019 - 2020"
_GLUED_PERIOD = re.compile(r"(?<=\d)(?=(?:năm|tháng|ngày|quý|giai đoạn)\b)")


def _organ_from_enacting(issuer: str, blocks: list[Block]) -> str:
    """A header of two levels, the parent body above the issuing organ ("ĐỘI TNTP HỒ CHÍ MINH" /
    "HỘI ĐỒNG TRUNG ƯƠNG", "TỈNH ĐOÀN …" / "BAN THƯỜNG VỤ"), names the organ in full in the enacting
    sentence ("Hội đồng Đội Trung ương xây dựng Kế hoạch …"): that name, every word of which the header
    holds, is the issuer. Not for a People's Committee or Council, nor for a person ("Chủ tịch …")."""
    folded = fold(issuer)
    below = re.sub(r"^(?:uy ban nhan dan|hoi dong nhan dan|ubnd|hdnd)\b", "", folded)
    if folded.startswith(_BARE_ISSUERS) and not re.search(r"\b(?:bcd|ban chi dao|hoi dong|truong)\b", below):
        return ""  # a People's Committee issues in its own name, not an organ under it ("UBND XÃ X / BCĐ …")
    subject = _enacting_issuer(blocks)
    if not subject or _SIGNER_LINE.match(subject.upper()):
        return ""
    folded = re.sub(r"\bbch\b", "ban chap hanh", folded)  # "BCH ĐOÀN XÃ …": the committee, abbreviated
    folded = re.sub(r"\bbcd\b", "ban chi dao", folded)  # "UBND XÃ X / BCĐ …": its steering committee
    folded = re.sub(r"\btruong mn\b", "truong mam non", folded)  # "TRƯỜNG MN X": a kindergarten
    words, header_words = fold(subject).split(), set(folded.split())
    return subject if len(words) < len(folded.split()) and set(words) <= header_words else ""


def _site_label(text: str) -> bool:
    """A web page's section name above a post ("Tin chuyên ngành", "Văn bản chỉ đạo"): short, no digit,
    not in capitals, no sentence."""
    short = len(text) <= 40 and not re.search(r"\d", text)
    return short and not is_caps_line(text) and not text.endswith(":")


def _opens_preamble(blocks: list[Block], index: int) -> bool:
    return index < len(blocks) and fold(blocks[index].text).startswith(_PREAMBLE_START)


# A post's statement of its own document, read by one grammar whatever the order of its parts: a date
# ("Ngày 19/5/2022", "ngày 5 tháng 3 năm 2024"), a subject (the issuer), a verb ("ban hành", "ra", "ký",
# "phê duyệt", "thông qua", after "đã / vừa / mới"), a kind, a number (with or without "số", with or
# without its code) and a title ("về (việc) …", "thực hiện …", "phê duyệt …" or the rest of the clause).
# The verb comes before the document ("Ngày D, X đã ra Quyết định số N về …", "X vừa ban hành Kế hoạch
# số N ngày D về …", "X ban hành Kế hoạch 7401 thực hiện …"), after it ("Quyết định số N do X ban hành
# ngày D về …"), or before what it decides with the document in brackets ("X phê duyệt Y (Quyết định số
# N, ngày D)"); a report may leave the number out ("X vừa ban hành kế hoạch Y.").
_KIND = (
    r"(?P<kind>Kế hoạch|Quyết định|Chỉ thị|Hướng dẫn|Chương trình|Công văn|Văn bản|Thông báo|Nghị quyết|"
    r"Đề án)"
)
_SLASHED_DAY = r"ngày\s*\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"
_NUMBERED = (
    # the kind's abbreviation in brackets may follow it, before its number
    _KIND
    + r"(?:\s*\([A-ZĐ]{2,6}\))?"
    # a number without its code after the word for "number", then what the document is about, its day
    # set apart by a comma between them
    + rf"\s+(?:số\s*(?P<n>{_NUMBER})|số\s+(?P<sn>\d{{1,6}})(?=(?:\s*,\s*{_SLASHED_DAY})?\s+về\s)|"
    + rf"(?P<bare>\d{{1,6}}(?:/\d{{4}})?/[A-ZĐ][\wĐ&.\-]*)|"
    # "ban hành Kế hoạch 7401 thực hiện …", "đã ban hành Quyết định 1023, phê duyệt …"
    rf"(?P<plain>(?!(?:19|20)\d\d\b)\d{{3,6}})(?=,?\s+[{LOWER}]))"
)
_AUX = r"(?:(?:đã|vừa|mới|quyết định)\s+)*"
# the verbs a letter's request opens with, after whom it asks ("đề nghị các tỉnh hỗ trợ …")
_REQUEST_VERB = (
    r"(?:chủ trì|hỗ trợ|rà soát|triển khai|tổ chức|thực hiện|báo cáo|chỉ đạo|quan tâm|tăng cường|khẩn trương|"
    r"xây dựng|kiểm tra|bố trí|hướng dẫn|tiếp tục|phối hợp|cung cấp|chăm lo|ưu tiên|đẩy mạnh|bảo đảm|"
    r"đảm bảo|thống kê|vận động|theo dõi|nắm bắt|có biện pháp|chú trọng|tập trung)"
)
# "đưa ra Quyết định …", "đã ký ban hành Kế hoạch …"
_VERB = r"(?P<verb>ban hành|phê duyệt|thông qua|(?:đưa\s+)?ra|ký\s+ban hành|ký)"
# before a numbered document also "có" after đã / vừa / mới ("X vừa có Quyết định số N phê duyệt …"); a
# document without a number that a body "đã có" is a letter's request ("đã có công văn đề nghị …")
_NUMBERED_VERB = _VERB[:-1] + r"|(?:(?<=đã )|(?<=vừa )|(?<=mới ))có|kỳ)"
# (the verb of signing typed without marks comes back with the commoner word's mark, the word for a term;
# before a numbered document either mark is the signing)
# a day written with slashes, hyphens or dots between its day, month and year
_DAY = r"ngày\s*(?P<{}>\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*\d{{4}})"
_DATED = rf"(?:\s*,?\s*{_DAY.format('d')})?"
# what a sentence says of the document that is its subject: "… (chính thức) có hiệu lực …", "… đã được …"
_PREDICATE_START = rf"\s+(?:(?:chính thức\s+)?có hiệu lực|(?:đã|đang|sẽ|vừa|mới)\s+(?:được\s+)?[{LOWER}]+)\b"
_PREDICATE = re.compile(_PREDICATE_START + ".*$")


# a verb of saying before a capital that opens what is said
_SAYS_THAT = re.compile(rf"\s(?:cho biết|cho hay|khẳng định|nhấn mạnh)\s+(?=[{UPPER}])")


_STATEMENT_FORMS = (
    (
        "active",
        re.compile(rf"\b{_AUX}{_NUMBERED_VERB}\s+(?:{_DAY.format('d0')}\s*,?\s*)?{_NUMBERED}{_DATED}", re.I),
    ),
    (
        "bracketed",
        re.compile(
            rf"(?:^|[.;]\s+)(?P<who>[^.;:,()]{{3,60}}?)\s+{_AUX}(?P<verb>phê duyệt|ban hành)\s+"
            rf"(?P<what>[^()]{{10,300}}?)\s*\(\s*{_KIND}\s+(?:số\s*)?(?P<n>{_NUMBER})\s*,?\s*(?:ngày\s*)?"
            r"(?P<d>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})?\s*\)"
        ),
    ),
    (
        "passive",
        re.compile(
            rf"{_NUMBERED}(?:\s*,?\s*{_DAY.format('d0')})?"
            r"(?:\s+về\s+(?:việc\s+)?(?P<about>[^.;:()]{8,250}?))?"
            rf"\s*,?\s+{_AUX}(?:do|được)\s+(?P<who>[^,.;:()]{{3,80}}?)\s+{_AUX}{_VERB}{_DATED}"
        ),
    ),
    # the document as its sentence's subject, its issuer after "của", what it decides after:
    # "Quyết định số N ngày D của UBND tỉnh phê duyệt Kế hoạch Y (chính thức) có hiệu lực …"
    (
        "subject",
        re.compile(
            rf"(?:^|[.;]\s+){_NUMBERED}{_DATED}\s*,?\s+của\s+(?P<who>[^,.;:()]{{3,80}}?)\s*,?\s+"
            # … and a predicate of its own after what it decides, in the same sentence (a cited document
            # in a plan's grounds, "Quyết định số N … của X ban hành Y;", has none)
            rf"(?=(?:phê duyệt|ban hành)\s[^.;:]*?{_PREDICATE_START})"
        ),
    ),
    # a plan a post reports with no name, only the purpose clause after the kind (which may list several
    # aims, separated by semicolons): its kind and issuer are read, and it has no title
    (
        "aimed",
        re.compile(rf"\s(?:đã|vừa|mới)\s+{_VERB}\s+{_KIND}(?P<t>)\s+(?=nhằm\s)", re.IGNORECASE),
    ),
    (
        "reported",
        re.compile(
            rf"\s(?:đã|vừa|mới)\s+{_VERB}\s+{_KIND}\s+(?!số\b)"
            r"(?P<t>[^\d\s.;:](?:[^.;:]|\.(?=\S)){10,250}?)"
            # the sentence's end ("TP.Hồ Chí Minh" keeps its dot), or a comma before a clause of what the
            # plan is for or brings about, which is not its name
            r"(?:\s*\.(?:\s|$)|,\s+(?=(?:qua đó|từ đó|nhằm|góp phần)\s))",
            re.IGNORECASE,
        ),
    ),
    # … or a name in quotes, what the document organises or launches before it, and the sentence goes on
    # after the closing quote with what it is for ("X đã ban hành Kế hoạch tổ chức “Y năm 2021” nhằm …")
    (
        "quoted",
        re.compile(
            rf"\s(?:đã|vừa|mới)\s+{_VERB}\s+{_KIND}\s+(?!số\b)"
            rf"(?P<t>(?:[{LOWER}]+\s+){{0,3}}[“\"][^\d\s“”\"][^“”\";:]{{8,250}}[”\"])"
            r"(?=\s*[.,;]|\s+(?:nhằm|để|với|trên|tại)\s)",
            re.IGNORECASE,
        ),
    ),
    # a plan a body is said to have drawn up (the verb "xây dựng" after the words of "reported"): its
    # title runs up to what the plan is for (after "để") or to the sentence's end (the purpose's word with
    # either mark, as typed without marks it comes back with the commoner word's, not that word's compounds),
    # or to a comma before the body's next act, reporting or submitting the plan to a body named in capitals
    (
        "drawn",
        re.compile(
            r"\s(?:đã|vừa|mới)\s+xây\s+dựng\s+(?P<kind>kế\s+hoạch)\s+(?!số\b)"
            r"(?P<t>[^\d\s.;:][^.;:]{10,250}?)"
            r"(?:\s+(?=(?:để|đề(?!\s+(?:án|nghị|xuất|ra|cương|tài|cập)\b))\s)|\s*\.(?:\s|$)"
            rf"|\s*,\s*(?=(?:báo cáo|trình)\s+(?-i:[{UPPER}])))",
            re.IGNORECASE,
        ),
    ),
    # a scheme a body is said to launch, adopt or start (one or two verb words in lower case, then the
    # kind in lower case as a post writes it, not a cited document's capital): its name the quoted words;
    # the body named after them as the agent of approving or issuing it ("by <body> (just) approved")
    # is its issuer, whatever the words before the kind
    (
        "launched",
        re.compile(
            rf"\s(?:cũng\s+)?{_AUX}(?:[{LOWER}]+\s+){{1,2}}(?P<kind>đề\s+án)\s+[“\"]"
            r"(?P<t>[^“”\"]{10,250})[”\"]"
            rf"(?:\s+do\s+(?P<who>[{UPPER}][^.;:,()“”\"]{{1,60}}?)\s+(?:(?:đã|vừa|mới)\s+)?"
            r"(?:phê duyệt|ban hành)\b)?"
        ),
    ),
    # a programme bodies hold or launch, named in quotes (the kind in lower case as a post writes it, no
    # number), the year of its edition after the name part of it: its issuers the bodies listed before the
    # partners they work with, its title the name
    (
        "held",
        re.compile(
            rf"\s{_AUX}(?:tổ chức|phát động|khởi động)\s+(?P<kind>chương\s+trình)\s+[“\"]"
            r"(?P<t>[^“”\"]{10,250}[”\"](?:\s+20\d\d)?)(?=\s*[.,;]|\s*$)"
        ),
    ),
    # a decision a post reports by what it issues, unnamed: "Bộ X vừa có quyết định ban hành Chương trình
    # Y." — a decision ("có quyết định", a noun after "có"), its title what it issues
    (
        "decided",
        re.compile(
            r"\s(?:đã|vừa|mới)\s+có\s+(?P<kind>quyết định)\s+"
            r"(?P<t>(?:ban hành|phê duyệt)\s+[^.;:]{10,250}?)\s*\.(?:\s|$)",
            re.IGNORECASE,
        ),
    ),
    # a plan a post reports by what it is for, unnamed: "Bộ X vừa có kế hoạch triển khai Y." — a plan ("có
    # kế hoạch", a noun after "có", in lower case as a post writes it), its title the clause after it; so
    # too a dispatch ("có công điện <subject>."), whose requests the post gives in the sentences after it
    # (a dispatch that asks in the same sentence, "có công điện đề nghị / gửi …", is a letter's request)
    (
        "planned",
        re.compile(
            r"\s(?:đã|vừa|mới)\s+có\s+(?P<kind>kế\s+hoạch|công\s+điện)\s+(?!(?:đề nghị|yêu cầu|gửi)\s)"
            rf"(?P<t>[{LOWER}][^.;:]{{10,250}}?)\s*\.(?:\s|$)"
        ),
    ),
    # a letter a post reports as sent with its request: "Bộ X đã có công văn đề nghị các tỉnh hỗ trợ …",
    # "Sở Y vừa gửi văn bản yêu cầu UBND các huyện rà soát …" — whom it asks, then what (from its verb);
    # the request may go on after ";" with more ("… yêu cầu Sở Z chủ trì … tổ chức A; xây dựng B."); its
    # verb may be one of attention ("… yêu cầu các đơn vị liên quan chú trọng tuyên truyền …").
    # A letter with its number needs no "đã / vừa" before "có" or "gửi", and may name whom it is sent to
    # before what it asks ("Ngày D, Bộ X có công điện số N gửi UBND các tỉnh đề nghị tập trung …")
    (
        "letter",
        re.compile(
            r"\s(?:(?:đã|vừa|mới)\s+(?:có|gửi)|(?:có|gửi)(?=\s+(?:công văn|văn bản|công điện)\s+số\s*\d))\s+"
            rf"(?P<kind>công văn|văn bản|công điện)(?:\s+số\s*(?P<n>{_NUMBER}))?\s+"
            r"(?:gửi\s+(?P<sent>[^.;:]{3,120}?)\s+(?P<ask0>đề nghị|yêu cầu)\s+"
            r"|(?P<ask>đề nghị|yêu cầu)\s+(?P<to>[^.;:]{3,80}?)\s+)"
            rf"(?P<t>{_REQUEST_VERB}[\s,][^.;:]{{5,400}}?)"
            # its full stop, or the end of a paragraph a page cut inside the sentence ("… quản lý chặt chẽ,")
            r"(?P<more>\s*;\s*[^.:]{5,1500}?)?(?:\s*\.(?:\s|$)|\s*,?\s*$)",
            re.IGNORECASE,
        ),
    ),
    # a programme bodies sign together: "Ngày D, A và B ký kết chương trình phối hợp giai đoạn Y." — its
    # issuers the bodies that sign it, its title what follows its kind
    (
        "signed",
        re.compile(
            r"\s(?:(?:đã|vừa|mới)\s+)?ký\s+kết\s+(?P<kind>chương\s+trình|kế\s+hoạch)\s+(?!số\b)"
            rf"(?P<t>[{LOWER}][^.;:]{{5,250}}?)\s*\.(?:\s|$)"
        ),
    ),
    # a post naming its own document by what it directs: "Đó là nội dung chỉ đạo của UBND tỉnh tại văn bản
    # số N gửi các sở, …; UBND các huyện về việc Y." — its issuer after "của", its subject after "về việc"
    (
        "directing",
        re.compile(
            r"\b(?:chỉ\s+đạo|yêu\s+cầu)\s+của\s+(?P<who>[^,.;:()]{3,80}?)\s+tại\s+"
            r"(?P<kind>văn\s+bản|công\s+văn)\s+số\s*(?P<n>" + _NUMBER + r")"
            r"[^.]{0,300}?\s+về\s+việc\s+(?P<t>(?:[^.]|\.(?=\S)){8,400}?)\s*\.(?:\s|$)",
            re.IGNORECASE,
        ),
    ),
    # a letter a post names in the passive, by the body that conveys or states what the sentence's subject
    # is (a verb of conveying after it) and its number: its issuer that body, no title
    (
        "conveyed",
        re.compile(
            rf"\bđược\s+(?P<who>[{UPPER}][^,.;:()]{{3,80}}?)\s+"
            r"(?:truyền đạt|thông báo|nêu(?:\s+rõ)?|hướng dẫn|yêu cầu|đề nghị|chỉ đạo)\s+tại\s+"
            r"(?P<kind>văn\s+bản|công\s+văn)\s+số\s*(?P<n>" + _NUMBER + r")(?<!\.)(?P<t>)"
        ),
    ),
)


# a verb of carrying out, before the direction a sentence names: the direction is then one of the documents
# its subject carries out, not the post's own ("Các sở tập trung thực hiện nghiêm Công điện A và chỉ đạo
# của UBND tỉnh tại Công văn B …")
_CARRIES_OUT = re.compile(r"(?:^|\s)(?:thực hiện|triển khai|quán triệt)\s")


# the forms whose title is the group "t" (what the document is about), not the words after the match
_TITLED_FORMS = (
    "reported", "quoted", "drawn", "launched", "decided", "planned", "letter", "directing", "signed",
    "aimed", "conveyed", "held",
)  # fmt: skip
_COUNCILS = ("thu tuong", "ubnd", "uy ban", "hdnd", "hoi dong nhan dan")
# the state's central organs, named alone as a post names them (no place, no organisation word the
# catalogue's bodies open with): the legislature, its standing committee, the government, its head
_NATIONAL_BODIES = ("quoc hoi", "uy ban thuong vu quoc hoi", "chinh phu", "thu tuong chinh phu")


@dataclass(frozen=True)
class Statement:
    form: str
    kind: str
    number: str
    date: dt.date | None
    subject: str
    title: str
    addressee: str = ""  # a letter's: whom it asks ("đề nghị 63 tỉnh thành hỗ trợ …")
    request: str = ""  # a letter's: all it asks for, its clauses after ";" included


# " tại <venue>(,) vào lúc / vào ngày / lúc 7 giờ / từ ngày / ngày 8 …": where and when an event is held
_VENUE_AND_TIME = re.compile(
    r"\s+tại\s+[^;]{3,160}?,?\s+(?:vào\s+(?:lúc|hồi|ngày)|lúc\s+\d|từ\s+ngày|ngày\s+\d)\b.*$"
)


# a spaced dash and the word that opens an appositive noun phrase or a comment (an article, a copula)
_APPOSITION = re.compile(r"\s+[-–—]\s+(?:một|là)\s.*$", re.IGNORECASE)


# a clause that is only a day (the day word and a day and month, with or without the year)
_DATE_CLAUSE = re.compile(
    r"\s*(?:vào\s+)?ngày\s+\d{1,2}(?:\s*[-/.]\s*\d{1,2}(?:\s*[-/.]\s*\d{4})?"
    r"|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)\s*",
    re.IGNORECASE,
)


def read_statement(text: str, *, numbered: bool = False) -> Statement | None:
    """The first statement of a document in ``text`` (one with a number when ``numbered``)."""
    for form, pattern in _STATEMENT_FORMS:
        m = pattern.search(text)
        if m is None or (
            numbered
            and form in ("reported", "quoted", "drawn", "launched", "held", "decided", "planned", "aimed")
        ):
            continue
        if form == "directing" and _CARRIES_OUT.search(re.split(r"[.;]\s", text[: m.start()])[-1]):
            continue  # "… thực hiện nghiêm A và chỉ đạo của X tại văn bản số N …": a document carried out
        found = m.groupdict()
        number = re.sub(
            r"\s+", "", found.get("n") or found.get("sn") or found.get("bare") or found.get("plain") or ""
        )
        dated = found.get("d") or found.get("d0")
        date = first_date(dated)[0] if dated else None
        before = re.split(r"[.;]\s", text[: m.start()])[-1]
        if form in ("active", "letter") or (form == "passive" and date is None):
            date = _opening_date(before) or date
        clauses = before.split(",")
        last = -2 if len(clauses) > 2 and not clauses[-1].strip() else -1
        if len(clauses) + last > 0 and _DATE_CLAUSE.fullmatch(clauses[last]):
            clauses = clauses[:last]  # a day set apart by commas between the subject and its verb
        while len(clauses) > 1 and re.match(r"\s*cùng(?:\s+với)?\s", clauses[-1]):
            clauses.pop()  # "Bộ X, cùng Ủy ban Y đã có công văn …": the first sender
        subject = (found.get("who") or clauses[-1]).strip()  # "Ngày D, X đã ra …" → X
        # a speaker who says that a body did it ("<title> <name> <time> <verb of saying> <body> đã …"): the
        # body the reported clause names, not the speaker
        said = _SAYS_THAT.search(subject)
        subject = subject[said.end() :] if said and not found.get("who") else subject
        subject = re.sub(r"\s+cùng(?:\s+với)?\s.*$", "", subject)
        subject = re.sub(r"^(?:vào\s+)?ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}\s*", "", subject, flags=re.I)
        subject = _body_of_person(subject)
        # "<body> (has) advised <committee> to issue …": the advised committee issues it
        subject = re.sub(r"^.*?\btham mưu\s+(?:cho\s+)?", "", subject, flags=re.IGNORECASE)
        subject = _ABBREVIATION_AFTER.sub("", subject)  # "Sở Giáo dục và Đào tạo (GD&ĐT)": the body's name
        if form == "signed":
            # "A (LHPN) và B ký kết …": each body that signs, a name the catalogue knows at its start
            signers = [_GLOSS_INSIDE.sub("", p).strip() for p in re.split(r"\s+và\s+|,\s+", subject)]
            if not all(AgencyCatalogue.default().leading(p)[0] for p in signers):
                continue
            subject = ", ".join(signers)
        if form == "held":
            # the bodies listed before the partners they work with, each one a body
            bodies = [re.sub(r"\s+phối\s+(?:kết\s+)?hợp\s+với\s.*$", "", subject).strip()]
            for clause in reversed(clauses[:-1]):
                if not _holds_body(clause.strip()):
                    break
                bodies.insert(0, clause.strip())
            if not all(_holds_body(b) for b in bodies):
                continue
            subject = ", ".join(bodies)
        if form == "bracketed":
            title = f"{m['verb'][0].upper()}{m['verb'][1:]} {m['what'].strip()}"
        elif form in _TITLED_FORMS or found.get("about"):
            title = (found.get("t") or found.get("about") or "").strip()
            title = re.sub(r"^về\s+(?:việc\s+)?", "", title, flags=re.I)  # "ra Quyết định về kế hoạch Y."
            title = re.sub(r"\s*[“”\"]\s*", " ", title).strip() if form in ("quoted", "held") else title
        elif form == "subject":
            title = _title_before_predicate(_title_after(text[m.end() :]))
            subject = _committee_named_in(subject, title)
        else:
            title = _title_after(text[m.end() :])
        # "… với chủ đề “…”": its theme; "… giai đoạn 2016-2020 với mục tiêu 100% …": its measures
        # … or its cost ("… giai đoạn 2016-2020 với tổng mức đầu tư trên 160 tỷ đồng")
        title = re.sub(
            r"\s+với\s+(?:chủ\s+đề|mục\s+tiêu|(?:tổng\s+)?(?:mức\s+đầu\s+tư|kinh\s+phí))\b.*$",
            "",
            title,
            flags=re.I,
        )
        # a dash outside quotation marks, then an article or copula: a comment set in apposition to the
        # document ("<title> - a decision of great weight, …"), not part of its title
        if form in _TITLED_FORMS and not re.search(r"[“\"]", title):
            title = _APPOSITION.sub("", title)
        # "… tổ chức Diễn đàn X năm 2019 tại <venue> vào lúc 07 giờ, ngày …": the event's venue and hour
        # after its name, not part of the title
        title = _VENUE_AND_TIME.sub("", title)
        if date is None and form in ("reported", "quoted"):
            # the whole day that opens the sentence before its subject is the day it was issued or passed
            date = _opening_date(before) or _day_in_titles_year(before, title)
        elif date is None and form == "active":
            # a day and month without their year, set apart by commas right before the body that issues
            # the plan: the day falls in the one year the title names
            date = _day_in_titles_year(before, title)
        request = ""
        if form == "letter":
            request = f"{title}{found.get('more') or ''}".strip()
            # several requests: no one of them is its subject; nor is a request the page cut before its
            # full stop (what it asks is not all there)
            cut = not m.group(0).rstrip().endswith(".")
            title = "" if found.get("more") or cut else title
        to = (found.get("to") or found.get("sent") or "").strip()
        return Statement(form, m["kind"], number, date, subject, title, to, request)
    return None


def _holds_body(name: str) -> bool:
    """A name the catalogue knows at its start, or that reads as a body's."""
    return bool(name) and (bool(AgencyCatalogue.default().leading(name)[0]) or looks_like_agency(name))


def _list_sender(text: str) -> str:
    """ "… Chủ tịch UBND huyện yêu cầu:" → "Chủ tịch UBND huyện": the body (or its head) whose list of
    requirements follows, named right before "yêu cầu:"."""
    if not asks_list(text):
        return ""
    clause = re.split(r"[.;,]\s", text)[-1]
    clause = re.sub(
        r"\s+(?:(?:đã|vừa|cũng)\s+)?(?:yêu cầu|đề nghị|chỉ đạo)(?:\s+như sau)?\s*:\s*$", "", clause
    )
    for m in re.finditer(rf"(?:^|\s)(?=[{UPPER}])", clause):
        who = clause[m.end() :].strip()
        if _head_of_body(who) or looks_like_agency(who) or fold(who).startswith(_COUNCILS):
            return who
    return ""


def _head_of_body(who: str) -> bool:
    """ "Chủ tịch UBND tỉnh", "Giám đốc Sở Y tế": the head of a body, who issues in the body's name (a
    directive of the chairman's own), the body's place unnamed."""
    m = _PERSON_TITLE.match(who)
    body = who[m.end() :] if m else ""
    return bool(body) and (looks_like_agency(body) or fold(body).startswith(_COUNCILS))


def _central_committee(who: str) -> bool:
    """A mass organisation's central committee by the short form a post gives it: "Trung ương" before the
    organisation's word and its capitalised name."""
    words = who.split()
    return (
        len(words) >= 3
        and who[:1].isupper()
        and fold(" ".join(words[:3])) in ("trung uong doan", "trung uong hoi")
        and (len(words) == 3 or words[3][:1].isupper())
        and not re.search(r"[,.;:()]", who)
    )


def _title_before_predicate(title: str) -> str:
    """ "phê duyệt Kế hoạch Y chính thức có hiệu lực từ …" → "phê duyệt Kế hoạch Y"."""
    return _PREDICATE.sub("", title)


def _committee_named_in(subject: str, title: str) -> str:
    """ "UBND tỉnh" (its level only) with a title that names "tỉnh X": the committee of tỉnh X."""
    bare = re.fullmatch(
        rf"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?P<level>{_LEVEL_WORDS})", subject, re.IGNORECASE
    )
    if not bare:
        return subject
    level = bare["level"].lower()
    m = re.search(rf"\b{level}\s+(?=\w)", title)
    words = list(itertools.takewhile(lambda w: w[:1].isupper(), title[m.end() :].split()[:4])) if m else []
    return f"Ủy ban nhân dân {level} {' '.join(words)}" if words else subject


# … or inside the name, before the place it belongs to ("Hội Liên hiệp Phụ nữ (LHPN) TPHCM")
_GLOSS_INSIDE = re.compile(r"\s*\((?=[^()]*[A-ZĐ])[A-ZĐ&.\- ]{2,15}\)")
# a post's abbreviation of the body it names, in brackets after the name: capitals, "&", "-", "." only
_ABBREVIATION_AFTER = re.compile(r"\s*\((?=[^()]*[A-ZĐ])[A-ZĐ&.\- ]{2,15}\)$")
_PERSON_TITLE = re.compile(r"^(?:Phó\s+)?(?:Chủ tịch|Giám đốc|Bộ trưởng|Thứ trưởng|Trưởng ban)\s+", re.I)
_PROVINCE_NAMES = sorted(PROVINCE_CODES.values(), key=len, reverse=True)


def _body_of_person(subject: str) -> str:
    """ "Phó Chủ tịch UBND TP Hà Nội Vũ Thu Hà" (who signed) → "UBND TP Hà Nội" (the body that issues):
    a province's or city's committee, its name known, the signer's name after it left out."""
    m = _PERSON_TITLE.match(subject)
    if not m:
        return subject
    body = subject[m.end() :]
    level = re.match(r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:TP\.?|thành phố|tỉnh)\s*", body, re.I)
    if level:
        rest = body[level.end() :]
        name = next((n for n in _PROVINCE_NAMES if fold(rest).startswith(fold(n))), "")
        if name:
            return body[: level.end() + len(name)].strip()
        # … or by the capitals of its name, the signer's name after them
        short = _PLACE_CAPITALS.match(rest)
        if short:
            return body[: level.end() + short.end("c")].strip()
    return subject


# a place's short form in capitals, then a person's name (each word with a capital)
_PLACE_CAPITALS = re.compile(rf"(?P<c>[{UPPER}]{{2,4}})\s+(?=[{UPPER}][{LOWER}]+\s+[{UPPER}])")


_DAY_MONTH = re.compile(r"(?:^|\s)(?:[Vv]ào\s+)?[Nn]gày\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*,")


def _day_in_titles_year(clause: str, title: str) -> dt.date | None:
    """ "Ngày 1/4, … đã ký ban hành Kế hoạch … năm 2024": a day and month without their year, in the
    year the plan's title names (one year only)."""
    days = list(_DAY_MONTH.finditer(clause))
    years = set(re.findall(r"(?<!\d)(20\d\d)(?!\d)", title))
    if not days or len(years) != 1:
        return None
    day = days[-1]
    return make_date(int(years.pop()), int(day["m"]), int(day["d"]))


# A post that names its plan without a statement of who issued it: "Theo Kế hoạch X năm 2025, trên địa bàn
# … dự kiến …" (the title ends with its year), or "UBND tỉnh vừa giao Sở … theo dõi … việc thực hiện Kế
# hoạch X." (the body that assigns the follow-up of the plan is its issuer).
_NAMED_PLAN = (
    re.compile(
        rf"^Theo\s+Kế hoạch\s+(?!số\b)(?P<t>[{LOWER}][^.;:]{{8,200}}?(?:năm|giai đoạn)\s+"
        r"(?:20\d\d\s*-\s*)?20\d\d)\s*,\s"
    ),
    # "Theo kế hoạch năm 2014, toàn tỉnh phấn đấu …": a plan named by its year alone (no title)
    re.compile(r"^Theo\s+[Kk]ế hoạch\s+(?P<t>)năm\s+20\d\d\s*,\s"),
    # … or by its kind alone, a count of what it makes after the comma, or its first numbered round or
    # phase (the noun and its ordinal, Roman or Arabic): a plan, no title, no issuer
    re.compile(rf"^Theo\s+kế hoạch\s*(?P<t>),\s+(?=\d|{ROUND}\s+(?:[IVX]+|\d{{1,2}})\s+[{LOWER}])"),
    re.compile(
        r"^(?P<who>(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s[^.;:,()]{2,60}?)\s+(?:(?:đã|vừa|mới)\s+)+giao\s"
        r"[^.;:]{5,200}?\bviệc\s+(?:thực hiện|triển khai)\s+Kế hoạch\s+(?!số\b)"
        rf"(?P<t>[{LOWER}][^.;:]{{8,250}}?)\s*\.(?:\s|$)"
    ),
    # "(Thực hiện <X>,) <body> xây dựng và thực hiện kế hoạch <title>, với mục tiêu …": the body that drew up
    # the plan the post reports, named by its object
    re.compile(
        rf"^(?:Thực hiện\s[^.;:]{{5,200}}?,\s+)?(?P<who>[{UPPER}][^.;:,()]{{2,80}}?)\s+(?:(?:đã|vừa)\s+)?"
        r"xây dựng(?:\s+và\s+(?:tổ chức\s+)?(?:thực hiện|triển khai))?\s+kế hoạch\s+(?!số\b)"
        rf"(?P<t>[{LOWER}][^.;:]{{8,250}}?)\s*(?:,\s+(?:với mục tiêu|nhằm)\b|\.(?:\s|$))"
    ),
    # "Theo (chương trình,) kế hoạch của <body> …": the plan of the body the sentence names, untitled
    re.compile(rf"^Theo\s+(?:[{LOWER}]+(?:\s+[{LOWER}]+)?\s*,\s+)?kế hoạch\s+(?P<t>)của\s+(?P<of>)"),
    # "Được biết, theo kế hoạch triển khai thực hiện Đề án “<Name>”, huyện X sẽ …": a plan named by the
    # scheme it carries out, the scheme's name in quotation marks (after a reporter's opening word or not)
    re.compile(
        rf"^(?:[{UPPER}][{LOWER}]*(?:\s+[{LOWER}]+)?,\s+)?[Tt]heo\s+kế hoạch\s+"
        rf"(?P<t>(?:triển khai|thực hiện)(?:\s+[{LOWER}]+){{0,3}}\s+(?:Đề án|Chương trình|Dự án)\s+"
        r"[“\"][^“”\"]{5,200}[”\"])\s*,\s"
    ),
)


# A post that opens on a part of the plan it reports, naming only its kind: "Mục tiêu của kế hoạch nhằm …",
# "Nội dung chính của chương trình gồm …" — the kind capitalised too, as posts write the one document they
# speak of ("Nội dung của Kế hoạch gồm 3 phần: …"), when no number follows it
_OWN_PARTS = re.compile(
    r"^(?:Theo đó,\s*)?(?:Mục tiêu|Mục đích|Nội dung|Nhiệm vụ)(?:\s+(?:chung|chính|cụ thể|trọng tâm))?"
    r"\s+của\s+(?:bản\s+)?(?P<kind>kế hoạch|chương trình|đề án|quyết định|chỉ thị"
    rf"|(?=[{UPPER}])(?i:kế hoạch|chương trình|đề án|quyết định|chỉ thị)"
    rf"(?=(?:\s+này)?\s+(?!số\b)[{LOWER}]))\b"
)
# A post stored from its middle ("Đây là một trong những nội dung thực hiện …") that names, after its first
# paragraphs, the parts of "the plan" it reports ("Mục tiêu cụ thể của kế hoạch là …", "Đối tượng thực hiện
# kế hoạch này là …") and the body that sets out its tasks ("Bộ X cũng nêu rõ nhiệm vụ và các giải pháp …").
_THIS_PLANS_PART = re.compile(
    r"^(?:Theo đó,\s*)?(?:Mục tiêu|Mục đích|Nội dung|Nhiệm vụ|Đối tượng|Phạm vi)(?:\s+(?:chung|chính|cụ thể|"
    r"trọng tâm|thực hiện|áp dụng|điều chỉnh))?\s+(?:của\s+)?(?P<kind>kế hoạch|chương trình|đề án)"
    r"(?:\s+này)?\s+(?:là|gồm|nhằm)\b"
)
_SETS_OUT_ITS_TASKS = re.compile(
    rf"^(?P<who>[{UPPER}][^.;:,]{{1,60}}?)\s+(?:cũng\s+)?(?:đã\s+)?(?:nêu rõ|đề ra|xác định)\s+(?:các\s+)?"
    r"nhiệm vụ\b"
)


def _unnamed_plan_later(blocks: list[Block]) -> tuple[str, str] | None:
    """(kind, the body that sets out its tasks or "") of the unnamed plan a post's later paragraphs name."""
    part = next((m for b in blocks[:8] if (m := _THIS_PLANS_PART.match(b.text))), None)
    if part is None:
        # "Kế hoạch của tỉnh đặt mục tiêu …" after the post's first measures: the plan, by its type
        own = next((m for b in blocks[:8] if (m := _OWN_SUBJECT.match(b.text)) and m["first"]), None)
        return (doc_type_of(own["first"]), "") if own else None
    by = next((m["who"] for b in blocks if (m := _SETS_OUT_ITS_TASKS.match(b.text))), "")
    return doc_type_of(part["kind"]), by if by and looks_like_agency(by) else ""


# "(Về nội dung / Cụ thể / Theo đó,) kế hoạch đề ra / nêu / xác định các nhiệm vụ …": a post's first sentence
# whose subject is the plan it reports, unnamed (in lower case, or capitalised as the sentence's first
# words with its verb right after: "Kế hoạch đặt mục tiêu …"), setting out its tasks or aims; the
# capitalised kind may also follow a connective and its comma, and the verb may say what the plan
# centres on, its contents counted or not
_OWN_SUBJECT = re.compile(
    rf"^(?:[{UPPER}][{LOWER}]*(?:\s+[{LOWER}]+){{0,3}},\s*(?P<kind>kế hoạch|chương trình|đề án)"
    # … its owner after it ("Kế hoạch của tỉnh đặt mục tiêu …")
    rf"|(?:[{UPPER}][{LOWER}]*(?:\s+[{LOWER}]+){{0,3}},\s*)?(?P<first>Kế hoạch|Chương trình|Đề án))"
    r"(?:\s+này|\s+của\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|"
    r"phường|thị trấn|ngành|đơn vị))?\s+(?:cũng\s+)?"
    r"(?:đề ra|nêu(?:\s+rõ|\s+ra)?|xác định|đặt(?:\s+ra)?|tập trung(?:\s+vào)?)\s+"
    r"(?:(?:các|những|\d{1,2})\s+)?(?:nhóm\s+)?"
    r"(?:nhiệm vụ|giải pháp|hoạt động|mục tiêu|nội dung)\b"
)


# "Kế hoạch nhằm giúp …", "Chương trình yêu cầu các sở …": a post's paragraph whose subject is the plan it
# reports, unnamed, capitalised as the sentence's first words with its aim or its request right after
_OWN_AIM_OR_ASK = re.compile(
    r"^(?:Theo đó,\s*)?(?P<kind>Kế hoạch|Chương trình|Đề án)(?:\s+này)?\s+(?:(?:cũng|sẽ)\s+)?"
    r"(?:nhằm|yêu cầu)\s"
)


# "Ban chỉ đạo Đề án Sữa học đường tỉnh X đã họp …, đề án này sẽ …": a report names its scheme through the
# committee that runs it (its name up to the place or the verb) and then calls it "<kind> này".
_RUN_BY_COMMITTEE = re.compile(
    r"\bBan\s+(?:chỉ đạo|điều hành|quản lý)\s+(?P<kind>Đề án|Chương trình|Dự án|Kế hoạch)\s+"
    rf"(?P<t>[{UPPER}][^.;:,()]{{3,120}}?)\s+(?:(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\s+[{UPPER}]"
    r"[^.;:,()]{0,40}?\s+)?(?:đã|vừa|mới)\s"
)


# "…, trên địa bàn xã Hòa Phú dự kiến …": the unit whose territory the named plan is carried out in
_ON_TERRITORY = re.compile(
    r"\s*trên địa bàn\s+(?P<unit>(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|tỉnh|thành phố)"
    rf"(?:\s+[{UPPER}][^\W\d_]*){{1,4}})(?=[\s,.;:])"
)


# A post that names its scheme by its name and who approved it, "Theo đề án <Name> đã được <body> phê
# duyệt, …", or by its name in quotation marks, "Đề án “<Name>” phấn đấu …".
_SCHEME_KIND = r"(?P<kind>[Kk]ế hoạch|[Đđ]ề án|[Cc]hương trình|[Dd]ự án)"
_SCHEME_APPROVED = re.compile(
    rf"^Theo\s+{_SCHEME_KIND}\s+(?P<t>[{UPPER}][^.;:,()“”\"]{{3,200}}?)\s+(?:(?:đã|vừa|mới)\s+)?được\s+"
    rf"(?P<who>[{UPPER}][^.;:,()]{{1,80}}?)\s+(?:phê duyệt|ban hành|thông qua)\b"
)
_SCHEME_QUOTED = re.compile(rf"^(?:Theo đó,\s+)?{_SCHEME_KIND}\s+[“\"](?P<t>[^”\".;:]{{5,200}})[”\"]\s")
# "Ngày 11/6 tại Hà Nội, dự án <Name> giai đoạn 2 (2009-2011) do <donor> tài trợ … đã chính thức được triển
# khai.": a post on a scheme's launch names it, up to who funds it
_SCHEME_LAUNCHED = re.compile(
    rf"^(?:[^,.;]{{0,60}},\s+)?{_SCHEME_KIND}\s+(?P<t>[^\s.;:“”\"][^.;:“”\"]{{3,200}}?)"
    r"(?:\s+do\s+[^.;]{3,120}?)?\s+(?:(?:đã|vừa|mới)\s+)?(?:chính thức\s+)?được\s+(?:triển khai|khởi động)\b"
)

# "Chiến lược <name> đặt ra mục tiêu …", "Đề án <name> xác định các nhiệm vụ …": a post's paragraph
# whose subject is a document named by its kind and name, its verb setting out its aims or tasks
_SCHEME_SETS_OUT = re.compile(
    r"^(?P<kind>Chiến lược|Kế hoạch|Chương trình|Đề án)\s+(?!số\b|này\b)"
    r"(?P<t>[^\s.;:“”\"()][^.;:,“”\"()]{5,200}?)\s+(?:(?:đã|cũng)\s+)?(?:đề ra|đặt ra|xác định)\s+"
    r"(?:(?:các|những)\s+)?(?:nhóm\s+)?(?:mục tiêu|nhiệm vụ|giải pháp)\b"
)

# "… mục tiêu đặt ra tại dự thảo Chiến lược <Name> do <body> chủ trì đang được công bố …": a post that
# names a document, in its first paragraph, by its kind and name and the body that leads or issues it
_SCHEME_BY = re.compile(
    r"(?<!\w)(?:dự thảo\s+)?(?P<kind>Chiến lược|Kế hoạch|Chương trình|Đề án)\s+"
    rf"(?P<t>[^\s.;:“”\"()][^.;:“”\"()]{{7,200}}?)\s+do\s+(?P<who>[{UPPER}][^.;:,()]{{1,60}}?)\s+"
    r"(?:(?:đã|vừa|mới)\s+)?(?:chủ trì|soạn thảo|xây dựng|ban hành|phê duyệt)\b"
)

# "Đây là mục tiêu của Chương trình <name> do <body> đảm trách.": a document named by its kind and name
# and the body in charge of carrying it out — its title the name; that body is not said to issue it
_SCHEME_IN_CHARGE = re.compile(
    r"(?<!\w)(?P<kind>Chiến lược|Kế hoạch|Chương trình|Đề án)\s+"
    rf"(?P<t>[^\s.;:“”\"()][^.;:“”\"()]{{7,200}}?)\s+do\s+[{UPPER}][^.;:,()]{{1,60}}?\s+"
    r"(?:đảm trách|phụ trách|chịu trách nhiệm|chủ quản)\s*[.;]"
)

# A post on the ceremony that opens a programme names it by its kind and name, both capitalised, after
# the verb of opening or launching, up to the sentence's end
_SCHEME_OPENED = re.compile(
    r"\b(?:khai giảng|khai mạc|ra mắt|phát động|khởi động)\s+(?P<kind>Chương trình|Đề án|Dự án)\s+"
    rf"(?P<t>[{UPPER}][^.;:“”\"()]{{5,200}}?)\s*\.(?:\s|$)"
)

# A post's headline, a line with no full stop, whose subject is a body and whose verb puts the plan into
# effect: "<body> (đã | vừa) triển khai | ban hành | xây dựng kế hoạch <title>" — the body issues it.
_HEADLINE_PLAN = re.compile(
    rf"^(?P<who>[{UPPER}][^.;:,()]{{2,80}}?)\s+(?:(?:đã|vừa|mới)\s+)?(?:triển khai|ban hành|xây dựng)\s+"
    r"[Kk]ế hoạch\s+(?!số\b)(?P<t>[^\d\s.;:,][^.;:]{5,200}?)\s*$"
)


def _plan_named_in_post(blocks: list[Block], carried_out_only: bool = False) -> tuple[str, str, str] | None:
    """(issuer or "", title, kind) of the plan a post's first paragraph names without a statement; "Theo Kế
    hoạch X, trên địa bàn xã Y …" names no issuer but the unit the plan is for: its People's Committee.
    A plan named by the scheme it carries out (``carried_out_only``) is read in a later paragraph too."""
    for block in blocks:
        for pattern in _NAMED_PLAN[-1:] if carried_out_only else _NAMED_PLAN:
            m = pattern.match(block.text)
            if m and m.groupdict().get("of") is not None:
                refs, end = AgencyCatalogue.default().leading(block.text[m.end() :])
                if not refs:
                    continue  # "Theo kế hoạch của <body> …": a body the catalogue knows
                return block.text[m.end() : m.end() + end].strip(" ,"), "", "Kế hoạch"
            if m:
                who = (m.groupdict().get("who") or "").strip()
                territory = _ON_TERRITORY.match(block.text, m.end() - 1)
                if not who and territory:
                    who = f"UBND {territory['unit']}"
                return who, m["t"].strip(), "Kế hoạch"
        scheme = (
            _SCHEME_APPROVED.match(block.text)
            or _SCHEME_QUOTED.match(block.text)
            or _SCHEME_LAUNCHED.match(block.text)
            or _SCHEME_SETS_OUT.match(block.text)
        )
        scheme = scheme or _SCHEME_BY.search(block.text) or _SCHEME_IN_CHARGE.search(block.text)
        scheme = scheme or _SCHEME_OPENED.search(block.text)
        if scheme:
            return (scheme.groupdict().get("who") or "").strip(), scheme["t"].strip(), scheme["kind"]
        headline = _HEADLINE_PLAN.match(block.text)
        who = headline["who"] if headline else ""
        if headline and (looks_like_agency(who) or placed_body(who) or named_unit(who)):
            return headline["who"].strip(), headline["t"].strip(), "Kế hoạch"
        run = _RUN_BY_COMMITTEE.search(block.text)
        if run and re.search(rf"\b{run['kind']}\s+này\b", block.text[run.end() :], re.IGNORECASE):
            return "", run["t"].strip(), run["kind"]
    return None


def _opening_date(clause: str) -> dt.date | None:
    """ "Ngày 27/9/2010, Ủy ban nhân dân thành phố …": the date that opens the clause before the verb,
    not a post's date before it."""
    date = None
    dates = [*DATE_WORDS.finditer(clause), *DATE_SLASH.finditer(clause)]
    for dm in sorted(dates, key=lambda x: x.start()):
        before = clause[: dm.start()]
        if fold(dm.group(0)).startswith("ngay"):
            before += "ngày"  # "Ngày 05 tháng 10 năm 2021, …": the words of the date hold the "ngày"
        found, _ = first_date(dm.group(0))
        if found is not None and re.search(r"(?:^|\s)(?:vào\s+)?ngày\s*$", before, re.I):
            date = found
    return date


# a count and the noun it counts at the end of a title, right before a colon: "… N groups of X:" (the
# year word is left out, a year being no count)
_COUNTED_PARTS = re.compile(
    rf"(?:^|\s)(?:0?[1-9]\d?|hai|ba|bốn|sáu|bảy|tám|chín|mười)\s+[{LOWER}][^,;:]*$", re.IGNORECASE
)


# a post that names the issuer again after the number, before what the document is about: "X đã ban hành
# công văn N của X về việc Y" — the title is Y
def _title_after(rest: str) -> str:
    """What the document is about, after its number and date: "về (việc) X", or a clause in lower case
    ("thực hiện X", "phê duyệt X"), up to ", cụ thể / với / như" or the end of the sentence."""
    rest = re.sub(r"^\s*,?\s*(?:ngày\s*[\d/\s]{6,12})?\s*", "", rest, flags=re.I)
    rest = _issuer_restated(rest)
    end = r"\s*(?:,\s*(?:cụ thể|với|như)\b|[.;:]|$)"
    t = re.match(r"về\s+(?:việc\s+)?(?P<t>\S[^.;:]{8,250}?)" + end, rest) or re.match(
        rf"(?P<t>[{LOWER}][^.;:]{{8,250}}?)" + end, rest
    )  # "… về Kế hoạch thực hiện …" keeps its capital
    if not t:
        return ""
    title = t["t"].strip()
    # a title that counts the parts the document holds and names them after a colon: the list, up to the
    # sentence's full stop, is the rest of the title
    parts = re.match(r"\s*:\s*(?P<l>(?:[^.\n]|\.(?=\S)){5,400}?)\s*(?:\.(?:\s|$)|$)", rest[t.end("t") :])
    if parts and _COUNTED_PARTS.search(title):
        title = f"{title}: {parts['l']}"
    return title


def _headline_of_kind(blocks: list[Block], kind: str) -> str:
    """ "Công điện về việc tăng cường …" above the post: a headline that opens with the kind of the letter
    the post reports, then what it is about, gives that letter's subject ("về việc tăng cường …")."""
    if not blocks:
        return ""
    m = re.fullmatch(rf"{kind}\s+(?P<t>về\s+[^.;:]{{8,250}})", blocks[0].text.strip(), re.I)
    return m["t"].strip() if m else ""


def _issuer_restated(rest: str) -> str:
    """ "… đã ban hành công văn N của X về việc Y": "của X" after the number says again who issued it;
    what the document is about starts at "về"."""
    return re.sub(r"^của\s+[^.;:,()]{3,80}?\s+(?=về\s)", "", rest)


def _statement_in(enacting: str, blocks: list[Block]) -> Statement | None:
    """The plan's own statement: the first numbered one (in the enacting sentence before the blocks),
    else the first without a number."""
    texts = [enacting, *(b.text for b in blocks)]
    return next((s for t in texts if (s := read_statement(t, numbered=True))), None) or next(
        (s for t in texts if (s := read_statement(t))), None
    )


def _title_from_enacting(sentence: str) -> str:
    """ "…; UBND tỉnh xây dựng Kế hoạch hành động thực hiện … như sau:" → "hành động thực hiện …".
    The last enacting verb is the plan's own (earlier ones belong to the documents it cites)."""
    verbs = r"(?:ban hành|xây dựng|triển khai)\s"
    starts = [m.start() for m in re.finditer(verbs + r"+Kế hoạch", sentence, re.IGNORECASE)]
    starts = starts or [m.start() for m in re.finditer(r"(?:ban hành|xây dựng|triển khai)\s", sentence)]
    for start in reversed(starts):
        m = _ENACTING_TITLE.match(sentence, start)
        if m:
            return m["t"].strip()
    return ""


_OFFICE_UNDER = re.compile(
    # "QUẬN 8", "TP. HỒ CHÍ MINH": a place named by a number, a city by its abbreviation
    r"^(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(?P<place>(?:" + _LEVEL_CAPS + r"|TP\.)"
    rf"(?:\s*[{UPPER}0-9][{UPPER}0-9\-]*)+?)\s+"
    rf"(?P<office>(?:PHÒNG|SỞ|TRUNG TÂM|BAN)\s+[{UPPER}&\s,\-]+?)\.?$"
)


# A body that names its own place ("ỦY BAN NHÂN DÂN PHƯỜNG HOA LƯ", "ĐẢNG ỦY XÃ ĐỒNG ĐĂNG") under the
# province's body or name on the line above it ("ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", "ĐẢNG BỘ TỈNH …").
_PLACED_BODY = re.compile(
    r"(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND|ĐẢNG ỦY|ĐẢNG UỶ|"
    r"(?:BCH|BAN CHẤP HÀNH)\s+ĐOÀN(?:\s+TNCS\s+HỒ\s+CHÍ\s+MINH)?)\s+(?P<level>" + _LEVEL_CAPS + ")"
)
_PROVINCE_ABOVE = re.compile(
    r"^(?:(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND|ĐẢNG BỘ)\s+)?(?:TỈNH|THÀNH PHỐ)\s+"
    rf"[{UPPER}\s\-]+$"
)


def _own_body(issuer: str) -> str:
    """A commune's or ward's body set under its province's ("ĐẢNG BỘ TỈNH LẠNG SƠN" / "ĐẢNG ỦY XÃ
    ĐỒNG ĐĂNG", a header of the two-level government after 2025): the lower body, which names its own
    place, issues; the line above only says where it belongs."""
    found = [m for m in _PLACED_BODY.finditer(issuer) if m.start() > 0]
    above = issuer[: found[-1].start()].strip() if found else ""
    if found and (_PROVINCE_ABOVE.match(above) or _rank(found[-1]["level"]) < min(_ranks(above), default=0)):
        # … or under a body of a higher level than its own ("HUYỆN ĐOÀN X" / "BCH ĐOÀN XÃ Y")
        return issuer[found[-1].start() :].strip()
    school = _SCHOOL_UNDER.match(fold_same_length(issuer))
    if school:  # "PHÒNG GD&ĐT HUYỆN X" / "TRƯỜNG TIỂU HỌC Y": the school issues, the office above is its own
        return issuer[school.start("school") :].strip()
    unit = _PIONEERS_UNDER.match(issuer)
    if unit:  # "HĐĐ HUYỆN X   ĐỘI TNTP HỒ CHÍ MINH" / "LIÊN ĐỘI Y": the unit issues, the council is above it
        return unit["unit"].strip()
    return issuer


# a Young Pioneers' unit under its council, the organisation's name (the right column, where a committee's
# header has the motto) between them: "HĐĐ HUYỆN X ĐỘI TNTP HỒ CHÍ MINH LIÊN ĐỘI Y"
_PIONEERS_UNDER = re.compile(
    r"^(?:HĐĐ|HỘI\s+ĐỒNG\s+ĐỘI)\s[^|]*?\s+ĐỘI\s+(?:TNTP|THIẾU\s+NIÊN\s+TIỀN\s+PHONG)\s+HỒ\s+CHÍ\s+MINH\s+"
    rf"(?P<unit>(?:LIÊN|CHI)\s+ĐỘI\s+[{UPPER}0-9&.\-\s]+)$"
)


# "trường", a school — not in "MÔI TRƯỜNG", "THỊ TRƯỜNG" …, a word of a department's or a unit's name
_SCHOOL = r"(?<!moi )(?<!thi )(?<!quang )(?<!chien )(?<!hien )truong"
# a school under the education office (after 2025 also the commune's committee) it belongs to, on the
# header's line below it; read without marks, which a text typed without them may have put back wrong
# ("SO GD&DT" read "SỐ GD&DT")
_SCHOOL_UNDER = re.compile(
    r"^(?:(?:phong|so)\s+(?:gd|giao\s+duc)|(?:ubnd|uy ban nhan dan)\s+" + fold(_LEVEL_CAPS) + r")"
    rf"[^|]*?\s+(?P<school>{_SCHOOL}\s+[a-z0-9&.\-\s]+)$"
)


def _office_of_committee(issuer: str) -> str:
    """A two-level header, the committee above its office ("UBND HUYỆN THANH OAI" / "PHÒNG GIÁO DỤC &
    ĐÀO TẠO"): the office issues, named with the committee's place ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN
    THANH OAI")."""
    numbered = re.fullmatch(r"(?P<name>.+?)\s+(?P<n>\d{1,3})", issuer.strip())
    m = _OFFICE_UNDER.match(numbered["name"] if numbered else issuer.strip())
    if not m:
        return issuer
    office = re.sub(r"\s*&\s*", " VÀ ", m["office"]).strip()
    if numbered:  # a unit under the office whose name ends with its number ("BỆNH VIỆN NHI ĐỒNG 2")
        return _unit_under_office(f"{office} {numbered['n']}", m["place"]) or issuer
    return _unit_under_office(office, m["place"]) or f"{office} {m['place']}"


def _unit_under_office(office: str, place: str) -> str:
    """A header of three levels, the committee, its department and a unit of the department ("UBND TỈNH
    X" / "SỞ Y TẾ" / "TRUNG TÂM KIỂM SOÁT BỆNH TẬT"): the unit issues, named as under its department
    alone ("SỞ Y TẾ TỈNH X" / "TRUNG TÂM …", see `_unit_of_body`); "" where no unit is set under it."""
    if not _PARENT_BODY.match(fold_same_length(office)):
        return ""
    for m in _UNIT_START.finditer(fold_same_length(office)):
        parent, unit = office[: m.start()].strip(), office[m.start() :].strip()
        two_levels = f"{parent} {place} {unit}"
        named = _unit_of_body(two_levels)
        if named != two_levels:
            return named
    return ""


# A unit set under the body it belongs to on the header's next line, the body not a People's Committee
# (see `_office_of_committee`): a department ("SỞ Y TẾ TỈNH X"), a mass organisation ("HỘI LHPN TỈNH X",
# not "HỘI ĐỒNG …") or a Youth Union's committee ("TỈNH ĐOÀN X"); read without marks, which a text
# typed without them may have put back wrong. The unit's kind says how it is named:
_PARENT_BODY = re.compile(r"^(?:so|hoi(?!\s+dong\b)|(?:tinh|thanh|huyen|quan|thi)\s+doan)\s")
# an organ of the body ("BAN THƯỜNG VỤ", "THANH TRA SỞ", "VĂN PHÒNG"), named with the whole body ("Ban
# Thường vụ Hội LHPN tỉnh X", "Thanh tra Sở Y tế tỉnh X"), as the corpus names "Ban Chấp hành Trung ương
# Đoàn TNCS Hồ Chí Minh";
_ORGAN = r"(?:ban|phong)\s+\S|(?:thanh tra|van phong|doan chu tich|uy ban kiem tra|thuong truc)\b"
# a unit of its own under it ("TRUNG TÂM KIỂM SOÁT BỆNH TẬT", "CHI CỤC …"), named with the body's place
# ("Trung tâm Kiểm soát bệnh tật tỉnh X"), as an office under a committee;
_PLACED_UNIT = r"trung tam|chi cuc"
# an institution by its own name ("BỆNH VIỆN NHI ĐỒNG 1", as a school) issues alone, as does a unit that
# names its own place ("TRUNG TÂM Y TẾ HUYỆN Y").
_INSTITUTION = rf"benh vien|{_SCHOOL}"
_UNIT_START = re.compile(
    rf"(?<=\s)(?:(?P<organ>{_ORGAN})|(?:(?P<placed>{_PLACED_UNIT})|{_INSTITUTION})\s+\S)"
)


def _unit_of_body(issuer: str) -> str:
    """A two-level header, a department, a mass organisation or a Youth Union's committee above one of
    its units (no enacting sentence needed): the unit issues, named by its kind (see above)."""
    folded = fold_same_length(issuer)
    if not _PARENT_BODY.match(folded):
        return issuer
    for m in _UNIT_START.finditer(folded):
        parent, unit = issuer[: m.start()].strip(), issuer[m.start() :].strip()
        place = _place_at_end(parent)
        if not place:
            continue  # the keyword is a word of the body's name or place ("HUYỆN PHONG ĐIỀN")
        if m["organ"] and not _NAMED_LEVEL.search(unit):
            last, first = unit.rsplit(" ", 1), parent.split(" ", 1)[0]
            if fold(last[-1]) == fold(first):
                unit = last[0]  # "THANH TRA SỞ" under "SỞ Y TẾ …": the department's inspectorate
            return f"{unit} {parent}"
        if m["placed"] and not _NAMED_LEVEL.search(unit) and fold(place) != "viet nam":
            return f"{unit} {place}"  # (a national organisation's unit has its own name)
        return unit
    return issuer


def _place_at_end(body: str) -> str:
    """The place a body's name ends with: its level and name ("SỞ Y TẾ TỈNH X" → "TỈNH X", "TỈNH ĐOÀN X"
    → "TỈNH X", "SỞ Y TẾ TP. HỒ CHÍ MINH" → "TP. HỒ CHÍ MINH"), or a province's name alone ("SỞ GD&ĐT
    HÀ NỘI" → "HÀ NỘI"), the country's ("HỘI LHPN VIỆT NAM"); "" where it names none."""
    if fold(body).endswith(" viet nam"):
        return body[-len("VIỆT NAM") :]
    levels = list(_NAMED_LEVEL.finditer(body))
    if levels:
        place = re.sub(r"^(\S+)\s+ĐOÀN\s+", r"\1 ", body[levels[-1].start() :])
        return place if len(place.split()) > 1 else ""
    folded = fold_same_length(body)
    name = next((n for n in _PROVINCE_NAMES if folded.endswith(" " + fold_same_length(n))), "")
    return body[len(body) - len(name) :] if name else ""


def _clean_issuer(text: str) -> str:
    """The issuer cell without what a lost cell border glued to it (the motto, the number), and with
    the first letters a page lost put back ("Y BAN NHÂN DÂN", "BAN NHÂN DÂN" → "ỦY BAN NHÂN DÂN")."""
    text = re.sub(r"^\(\d{1,3}\)\s*", "", text.strip())  # a page counter a site glued on: "(1)UBND …"
    text = re.sub(r"^(?:[UỦÛY]\s*)?(?:Y\s+)?BAN\s+NHÂN\s+DÂN\b", "ỦY BAN NHÂN DÂN", text)
    text = re.split(r"\s*\|?\s*(?:CỘNG\s+HÒA|CỘNG\s+HOÀ|ĐẢNG\s+CỘNG\s+SẢN|Số\s*:)", text, maxsplit=1)[0]
    text = re.sub(r"[\s|*\-_]+$", "", text)
    return text.strip()


def _enacting_block(blocks: list[Block]) -> str:
    """The sentence that enacts the plan ("UBND tỉnh ban hành Kế hoạch … như sau:")."""
    for block in blocks[:60]:
        if re.search(r"(?:như\s+)?sau\s*:\s*$", block.text) and re.search(
            r"ban hành|xây dựng|triển khai|hướng dẫn", block.text, re.IGNORECASE
        ):
            return block.text
    return ""


# The council that decides, named with its level and place at the end of a line of capitals (on its own
# line over the preamble, or run onto the end of the title), not a council the title is "of" or "for"
_AUTHORITY_IN_FULL = re.compile(
    r"(?:^|(?<!cua)(?<!cho)(?<!voi)(?<!va)(?<!cac)\s)(?P<a>(?:uy ban nhan dan|hoi dong nhan dan)\s+"
    + fold(_LEVEL_WORDS)
    + r"(?:\s+\S+)+)\s*$"
)


def _authority_in_full(bare: str, head: list[Block]) -> str:
    """A header whose council cell lost its second line (the council's name alone, its level and place
    gone) and whose date line names a town, not the province: the line of capitals the decision sets over
    its preamble (or the end of its title, where a page ran the two together) names the same council in
    full — that name."""
    for block in head:
        text = block.text.strip()
        m = _AUTHORITY_IN_FULL.search(fold_same_length(text).lower()) if is_caps_line(text) else None
        if m and _same_body(bare, text[m.start("a") :]):
            return text[m.start("a") :]
    return ""


def _same_body(bare: str, named: str) -> bool:
    """ "ỦY BAN NHÂN DÂN" (or "UBND") and "Ủy ban nhân dân tỉnh X" (or "UBND tỉnh X") are one kind of body."""

    def kind(text: str) -> str:
        folded = fold(text)
        folded = re.sub(r"^ubnd\b", "uy ban nhan dan", folded)
        return re.sub(r"^hdnd\b", "hoi dong nhan dan", folded)

    return kind(named).startswith(kind(bare).strip() + " ")


def _complete_issuer(issuer: str, place: str, texts: list[str]) -> str:
    """ "ỦY BAN NHÂN DÂN" alone (the second header line lost) + the place of the date line + the
    level the title or the enacting sentence gives it ("… tỉnh Quảng Bình …", "UBND tỉnh ban hành")."""
    if not place:
        return issuer
    base = "Ủy ban nhân dân" if fold(issuer).startswith(("uy", "ubnd")) else "Hội đồng nhân dân"
    if re.match(_LEVEL_WORDS + r"\s", place, re.IGNORECASE):
        return f"{base} {place}"
    folded_place = fold(place)
    for text in texts:
        m = re.search(r"\b(" + fold(_LEVEL_WORDS) + r")\s+" + re.escape(folded_place), fold(text))
        if m:
            return f"{base} {_level_word(m.group(1))} {place}"
    for text in texts:
        m = re.search(r"(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND)\s+(" + _LEVEL_WORDS + r")\b", text,
                      re.IGNORECASE)  # fmt: skip
        if m:
            return f"{base} {m.group(1).lower()} {place}"
    # no level named anywhere: the place of the date line is itself a province or a city under the
    # centre ("Bà Rịa - Vũng Tàu, ngày …"), whose name says its level
    spaced = _DASH_SPACED.sub(" - ", folded_place)  # "Bà Rịa-Vũng Tàu" is "Bà Rịa - Vũng Tàu"
    if spaced in _CITIES:
        return f"{base} thành phố {place}"
    if spaced in _PROVINCES:
        return f"{base} tỉnh {_DASH_SPACED.sub(' - ', place)}"
    return issuer


def _committee_of_province(name: str) -> str:
    """A subject that is only a province's or a centrally run city's name ("Hà Nội", "Tỉnh Bình Định" is
    not): the People's Committee of it, which approves and issues its plans; else ""."""
    folded = _DASH_SPACED.sub(" - ", fold(name).strip())
    if folded in _CITIES:
        return f"Ủy ban nhân dân thành phố {name.strip()}"
    if folded in _PROVINCES:
        return f"Ủy ban nhân dân tỉnh {name.strip()}"
    return ""


_DASH_SPACED = re.compile(r"\s*-\s*")
_CITIES = {fold(n) for n in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")}
_PROVINCES = {fold(n) for n in PROVINCE_CODES.values()} - _CITIES


def _level_word(folded: str) -> str:
    words = {"tinh": "tỉnh", "thanh pho": "thành phố", "huyen": "huyện", "quan": "quận", "thi xa": "thị xã",
             "xa": "xã", "phuong": "phường", "thi tran": "thị trấn", "dac khu": "đặc khu"}  # fmt: skip
    return words.get(folded, folded)


_ENACTING_SUBJECT = re.compile(
    r"(?:^|[.;,:]\s+)(?P<who>[^,.;:()]{3,80}?)\s*(?:\([^()]{1,20}\))?\s*,?\s+(?:(?:đã|vừa|mới)\s+)*"
    # "has" a document, after the words for "already" or "just": the body issued it
    r"(?:xây dựng và ban hành|ban hành|xây dựng|triển khai|(?:đưa\s+)?ra|ký|(?<=đã\s)có|(?<=vừa\s)có)\s+"
    r"(?:kế hoạch|quyết định|công văn)",
    re.IGNORECASE,
)


def _named_in_sentence(issuer: str, blocks: list[Block]) -> str:
    """ "Ngày 15/5/2025, UBND tỉnh ban hành Kế hoạch số … trên địa bàn tỉnh Ninh Bình.": with no date line,
    a subject that names only its level ("UBND tỉnh") is the body of the place that sentence names at
    the same level."""
    party = _PARTY_COMMITTEE_LEVEL.fullmatch(fold(issuer))
    at_end = re.search(_LEVEL_WORDS + r"$", issuer, re.IGNORECASE)
    if party:
        level = _PARTY_LEVELS[party["level"]]
    elif at_end:
        level = at_end.group(0).lower()
    else:
        return issuer
    for block in blocks[:40]:
        if not _ENACTING_SUBJECT.search(block.text):
            continue
        # the place's name: the capitalised words after the level ("UBND huyện đã ban hành …" names no
        # place — the subject ends before its verb)
        name = next(
            (
                words
                for m in re.finditer(rf"\b{level}\s+(?=\w)", block.text)
                if (words := _capitalised_words(block.text[m.end() :], 4))
            ),
            "",
        )
        if name and party:
            return f"{issuer.strip()} {name}"  # a party committee is named by its level and the place
        if name:
            base = "Ủy ban nhân dân" if fold(issuer).startswith(("uy", "ubnd")) else "Hội đồng nhân dân"
            return f"{base} {level} {name}"
        return issuer
    return issuer


# a party committee named by its level alone (of a province, a district, a city, an urban district, a town)
_PARTY_COMMITTEE_LEVEL = re.compile(r"(?P<level>tinh|huyen|thanh|quan|thi) uy")
_PARTY_LEVELS = {"tinh": "tỉnh", "huyen": "huyện", "thanh": "thành phố", "quan": "quận", "thi": "thị xã"}


def _capitalised_words(text: str, most: int) -> str:
    """The words ``text`` opens with that start with a capital letter (at most ``most``, up to a
    punctuation mark: "… tỉnh Ninh Bình." → "Ninh Bình")."""
    words: list[str] = []
    for token in text.split()[:most]:
        word = token.rstrip('.,;:!?)”"')
        if not (word[:1].isupper() and word.isalpha()):
            break
        words.append(word)
        if word != token:
            break
    return " ".join(words)


_SUBJECT_FIRST = re.compile(
    r"^(?P<who>(?:Ban|Sở|Phòng|Ủy ban|UBND|Hội|Trung tâm|Đoàn|Chi cục|Cục|Bộ)\s"
    r"(?:[^.;:()]|(?<=TP)\.(?=\S)){3,200}?)\s+"  # "UBND TP.Bình An" keeps its dot
    r"(?:(?:đã|vừa|mới)\s+)+(?:ban hành|xây dựng|triển khai)\s+(?:kế hoạch|quyết định|công văn)",
    re.IGNORECASE,
)


# a body's role set after its name by a dash, opening in lower case and naming the other body it serves
# (the parts of a name that a dash joins open with a capital)
_DASHED_ROLE = re.compile(rf"\s+[-–]\s+[{LOWER}][^-–]*?\s[{UPPER}].*$")


def _without_dashed_role(who: str) -> str:
    """A body's name without the role a dash sets after it, where the name before the dash is a body's."""
    m = _DASHED_ROLE.search(who)
    return who[: m.start()] if m and looks_like_agency(who[: m.start()]) else who


def _enacting_issuer(blocks: list[Block]) -> str:
    """ "Ủy ban nhân dân quận Tân Bình ban hành kế hoạch …", "…; UBND phường ban hành Kế hoạch …",
    "…, Sở Giáo dục và Đào tạo (GDĐT) ban hành Kế hoạch …" → the subject of the enacting clause (the
    last one of its paragraph: earlier ones belong to the documents it cites). A body that opens the
    paragraph and "đã / vừa" issues may hold commas in its name ("Ban Chỉ đạo phòng chống tội phạm,
    HIV/AIDS, tệ nạn xã hội … thành phố X vừa triển khai kế hoạch …")."""
    for block in blocks[:40]:
        first = _SUBJECT_FIRST.match(block.text)
        if first and looks_like_agency(first["who"]):
            who, _, day = first["who"].rstrip(" ,").rpartition(",")
            # a day set apart by commas between the body's name and its verb is not part of the name
            return _without_dashed_role(
                (who if who and _DATE_CLAUSE.fullmatch(day) else first["who"]).strip()
            )
    for block in blocks[:40]:
        found = ""
        for m in _ENACTING_SUBJECT.finditer(block.text):
            # "Ngày 30/12/2021 phòng Giáo dục … ban hành kế hoạch …": the date opens the clause
            who = re.sub(
                r"^(?:Vào\s+)?[Nn]gày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}\s*,?\s*", "", m["who"].strip()
            )
            # "Sở Y tế (đã) tham mưu (cho) UBND tỉnh ban hành …": the committee advised issues
            who = re.sub(r"^.*?\btham mưu\s+(?:cho\s+)?", "", who, flags=re.IGNORECASE)
            capital = who[:1].upper() + who[1:]
            if fold(who) in ("thu tuong", "thu tuong chinh phu"):
                found = "Thủ tướng Chính phủ"  # the Prime Minister, as a post names him
            elif looks_like_agency(capital) or fold(who).startswith(("ubnd", "uy ban")):
                found = who
        if found:
            return found
    return ""


# ---------------------------------------------------------------------------------------------
# Citations


# The heading of a section that gives the grounds of the plan, its cited documents listed under it.
GROUNDS_HEADING = re.compile(
    r"^(?:cac\s+)?(?:can cu|co so)(?:\s+(?:xay dung|phap ly|ban hanh))*(?:\s+ke hoach)?$"
)


def parse_citations(blocks: list[Block], body_start: int, title_block: Block | None) -> list[Citation]:
    """Documents cited in "Căn cứ …" / "Thực hiện …" paragraphs of the preamble and in the title."""
    sources: list[Block] = []
    enacting = _enacting_block(blocks[:body_start])
    if title_block is not None:
        sources.append(title_block)
    grounds = False
    for block in blocks[:body_start]:
        bullet = marker_of(block.text)
        if bullet is not None and bullet.kind == "roman":
            grounds = bool(GROUNDS_HEADING.match(fold(bullet.rest).strip(" :.")))  # "I. CĂN CỨ KẾ HOẠCH"
            continue
        if (
            bullet is not None
            and bullet.kind in ("bullet", "plus")
            and (grounds or fold(bullet.rest).startswith(_PREAMBLE_START))
        ):
            block = Block(bullet.rest, block.start, block.end)  # "• Thực hiện Kế hoạch số …" on a web page
        if fold(block.text).startswith(("quyet dinh:", "dieu ", "noi nhan")):
            break  # the articles of a decision and what follows them are not its preamble
        if block is title_block or is_caps_line(block.text) or marker_of(block.text) is not None:
            continue
        if fold(block.text).startswith("kinh gui"):
            # the addressee line run into the letter's first sentence: "Kính gửi: … Trung ương Ngày …"
            opening = re.search(r"\s(?=(?:Căn cứ|Thực hiện|Vào ngày|Ngày)\s+\S)", block.text)
            if opening:
                sources.append(Block(block.text[opening.end() :], block.start, block.end))
            continue
        if fold(block.text).startswith(("theo de nghi", "xet de nghi")):
            continue  # the proposal behind a decision is no document it implements
        if (
            fold(block.text).startswith(_PREAMBLE_START)
            or _CITED_FIRST.match(block.text)  # "Căn cứ …;" then one cited document per paragraph
            or read_statement(block.text, numbered=True)
            or block.text == enacting  # "… Thực hiện Quyết định số …; UBND tỉnh ban hành Kế hoạch …"
            or (title_block is not None and block.start > title_block.end and len(block.text) > 80)
        ):
            sources.append(block)  # "Căn cứ …", "Thực hiện …", or any sentence between title and body
    found: dict[str, Citation] = {}
    order: list[str] = []
    for block in sources:
        for citation in citations_in(block) + _plan_cited_by_title(block):
            key = fold(citation.number) if citation.number else "law:" + fold(citation.title)
            if key in found:
                found[key] = _merge(found[key], citation)
            else:
                found[key] = citation
                order.append(key)
    return [found[k] for k in order]


# The preamble carries out a plan it names by its title alone, with no number, run into the statement of
# the body that draws up its own plan (the body, a verb of drawing up or issuing, the word for plan): the
# cited title ends where that body's name starts.
_PLAN_BY_TITLE = re.compile(r"^Thực hiện\s+Kế hoạch\s+(?!số\b|\d)")
_OWN_PLAN_DRAWN = re.compile(r"\s+(?:xây dựng|ban hành|triển khai)\s+[Kk]ế hoạch\b")


def _plan_cited_by_title(block: Block) -> list[Citation]:
    m = _PLAN_BY_TITLE.match(block.text)
    drawn = _OWN_PLAN_DRAWN.search(block.text, m.end()) if m else None
    if m is None or drawn is None or re.search(r"[.;:()]", block.text[m.end() : drawn.start()]):
        return []
    between = block.text[m.end() : drawn.start()]
    for start in (w.start() for w in re.finditer(rf"(?<=\s)[{UPPER}]", between)):
        if looks_like_agency(between[start:].strip()):
            title = block.text[m.start() + len("Thực hiện") : m.end() + start].strip(" ,")
            return [Citation("ke_hoach", "", None, "", title, SourceLines(block.start, block.end))]
    return []


_CITING_CLAUSE = re.compile(rf"[,;]\s+(?=(?:Thực hiện|Căn cứ)\s+[{UPPER}])")


def cited_in_clauses(blocks: list[Block]) -> list[Citation]:
    """ "Hiện nay …, Thực hiện Công văn số N ngày D của Bộ X Chi đoàn Y …": a post's paragraph that carries
    a document out in a clause of its own (a capital "Thực hiện" after a comma) cites that document."""
    found: list[Citation] = []
    for block in blocks:
        m = _CITING_CLAUSE.search(block.text)
        if m:
            found.extend(citations_in(Block(block.text[m.end() :], block.start, block.end))[:1])
    return found


# "Đây là một trong những nội dung thực hiện Quyết định số N … phê duyệt …", "… góp phần vào việc thực hiện
# chủ trương … và Chỉ thị N ngày D của X về việc …", "… tiếp tục thực hiện quy định về Y theo Quyết định N
# …": a numbered document a post's sentence carries out in its running text ("thực hiện" in lower case, the
# document after it, or after the last "và" or "theo" of the clause); or that a body acts on ("… giao Sở X
# chủ trì … căn cứ chức năng, nhiệm vụ, nội dung chỉ đạo của Bộ Y tại Công văn số N và Kế hoạch số M …":
# "căn cứ" in lower case, the documents after "tại")
_CARRIED_OUT = re.compile(
    # … or a sentence that opens with the verb of carrying out (capitalised) and the document right after
    r"(?:(?:^|(?<=[.;]\s))(?:Triển khai|Thực hiện)\s+"
    r"(?=(?:Quyết định|Chỉ thị|Kế hoạch|Nghị quyết|Hướng dẫn|Công văn|Công điện|Thông tư)\s+số\s+\d)|"
    # "… thực hiện nghiêm Công điện số N …": the document right after a word of how it is carried out
    r"\b(?:thực hiện|căn cứ)\s+(?:nghiêm(?:\s+túc)?\s+(?=(?:Quyết|Chỉ|Kế|Nghị|Hướng|Công|Thông)\s)"
    r"|[^.;:]{0,160}?\s+(?:và|theo|tại)\s+)?"
    r"(?=(?:Quyết định|Chỉ thị|Kế hoạch|Nghị quyết|Hướng dẫn|Công văn|Công điện|Thông tư)\s+(?:số\s+)?\d))"
)
# between two documents of one list: the first one's date and issuer at most, then "và" or a comma; or the
# first one's title too, then "và chỉ đạo của X tại" (a body's direction, given in the next document)
_LISTED_NEXT = re.compile(
    r"[^.;:]{0,100}?(?:,|\svà)\s*$|[^.;:]{0,200}?\svà\s+(?:(?:nội dung|sự)\s+)?chỉ đạo của\s+[^.;:,]{3,60}?"
    r"\s+tại\s*$"
)


# after a comma, a body, its verb of issuing (after an auxiliary or not) and a numbered document
_ISSUED_TO_CARRY_OUT = re.compile(
    rf",\s+(?P<who>[{UPPER}][^,.;:()]{{2,80}}?)\s+(?:(?:đã|vừa)\s+)?(?:ra|ban hành)\s+"
    r"(?P<kind>Quyết định|Kế hoạch|Chỉ thị|Hướng dẫn|Công văn)\s+số\s+(?P<n>\d{1,6}(?:/[\wĐ&.\-]+)*)"
)


def carried_out_in_sentences(blocks: list[Block]) -> list[Citation]:
    """The numbered documents a post's sentences say they carry out, cited: the first one named, and the
    ones listed with it ("… tại Công văn số N và Kế hoạch số M ngày D của X về việc …")."""
    found: list[Citation] = []
    for block in blocks:
        for m in _CARRIED_OUT.finditer(block.text):
            rest = block.text[m.end() :]
            refs = [r for r in _REF.finditer(rest) if r["number"]]
            listed = 1
            while listed < len(refs) and _LISTED_NEXT.match(
                rest[refs[listed - 1].end() : refs[listed].start()]
            ):
                listed += 1
            numbers = {re.sub(r"\s+", "", fold(r["number"])) for r in refs[:listed]}
            cited = citations_in(Block(rest, block.start, block.end))
            found.extend(cited[:1] + [c for c in cited[1:] if re.sub(r"\s+", "", fold(c.number)) in numbers])
            # a sentence that opens by carrying out a document goes on, after a comma, with the document a
            # body issued to carry it out: the plan carries that one out with it
            sentence = re.split(r"(?<=[^\d\s.][.])\s", rest, maxsplit=1)[0]
            issued = _ISSUED_TO_CARRY_OUT.search(sentence)
            if m.group(0)[:1].isupper() and issued and looks_like_agency(issued["who"]):
                kind, number = doc_type_of(issued["kind"]), issued["n"]
                found.append(
                    Citation(kind, number, None, issued["who"], "", SourceLines(block.start, block.end))
                )
            # "… thực hiện Chỉ thị số 06 của X về Y. Chỉ thị số 02 của Z về … và Văn bản số 863 của …": a
            # sentence of documents alone (no verb before them) goes on with the list carried out
            after = re.split(rf"(?<=[^\d\s.][.])\s+(?=[{UPPER}])", block.text[m.end() :], maxsplit=1)
            if len(after) == 2 and (opening := _REF.match(after[1])) and opening["number"]:
                found.extend(citations_in(Block(after[1].split(". ")[0], block.start, block.end)))
    return found


def _before_acting_body(issuer: str, following: str) -> str:
    """ "… của Bộ X Chi đoàn Y quan tâm tổ chức …": the cited document's issuer ends where a second body,
    one that acts, starts with no comma between them."""
    first = AgencyCatalogue.default().find(following)[:1]
    end = first[0].end if first and first[0].start == 0 else 0
    after = following[end:].lstrip()
    body = body_acting(after) if 0 < end < len(issuer) and after[:1].isupper() else ""
    if body and len(following) - len(after) + len(body) <= len(issuer):
        return following[:end].strip()  # the second body and its verb inside what was read as the issuer
    return issuer


# A paragraph of the preamble that opens with a numbered document ("Kế hoạch số 176/KH-UBND ngày …",
# "Quyết định số 1826/QĐ-UBND, ngày …"): the list under one "Căn cứ" goes on, one document a paragraph;
# or with the document the plan follows on from ("Tiếp theo Kế hoạch số N ngày D của X …", "Tiếp nối …").
_CITED_FIRST = re.compile(
    r"^(?:Tiếp (?:theo|nối)\s+)?"
    r"(?:Quyết định|Kế hoạch|Chỉ thị|Nghị quyết|Nghị định|Thông tư|Công văn|Hướng dẫn|Chương trình)"
    rf"(?:\s+liên tịch)?\s+số\s*:?\s*{_NUMBER}\s*,?\s+ngày\b"
)


# "số 1157 UBND-VX": a number whose "/" before its code (in capitals, with a dash) was lost, a space left
_SPACED_CODE = re.compile(r"(?<=\bsố\s)(?P<n>\d{1,6})\s+(?P<code>[A-ZĐ]{2,}(?:-[A-ZĐ0-9&]+)+)(?![\w/&-])")


# a cited document's day that reads as no date (a site's extra digit in the year: "ngày 03/01/20219"),
# passed over so that the issuer after it is still read
_UNREAD_DAY = re.compile(r"^\s*,?\s*ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d+(?=\s)")


def _named_again(text: str, m: re.Match[str]) -> bool:
    """ "Quyết định số 9/QĐ-TTg ngày … (Quyết định số 9), UBND tỉnh ban hành Kế hoạch thực hiện Quyết định số
    9 của …": a number without its code that the same kind's full number starts with is that document named
    again in short."""
    number = m["number"] or ""
    return number.isdigit() and any(
        o["kind"] == m["kind"] and (o["number"] or "").startswith(number + "/") for o in _REF.finditer(text)
    )


def citations_in(block: Block) -> list[Citation]:
    text = _SPACED_CODE.sub(r"\g<n>/\g<code>", block.text)
    matches = [
        m
        for m in _REF.finditer(text)
        if (m["number"] or m["kind"] in _LAW_KINDS)
        and not _proposal(text, m.start())
        and not _inside_amending_law(text, m)
        and not _named_again(text, m)
    ]
    citations = []
    bare_before = False  # the citation before this one had nothing but its day before "and" and this one
    for index, m in enumerate(matches):
        segment_end = len(text)
        joined = False
        for later in matches[index + 1 :]:
            if re.search(r"(?:[;,]|\svà|\sand)\s*$", text[max(0, later.start() - 6) : later.start()]):
                segment_end = later.start()
                joined = re.search(r"\svà\s*$", text[max(0, later.start() - 6) : later.start()]) is not None
                break
        segment = text[m.end() : segment_end]
        kind = doc_type_of(m["kind"])
        number = re.sub(r"\s+", "", m["number"] or "")
        if m["kind"] in _LAW_KINDS and not number:
            law = re.match(
                r"(?P<title>[^;(]{2,160}?)\s+(?:số\s+\S+\s+)?(?:(?:ban hành|thông qua)\s+)?"
                r"(?:ngày|năm\s+\d{4}\b)",
                segment,
            )  # "Luật … ngày …", "Luật … năm 2016", "Luật … số 03/2007/QH12 ban hành ngày 21/11/2007"
            title = law["title"] if law else _law_named_alone(text, m.start(), segment)
            passed = re.match(r"(?P<name>.+?)\s+(?:đã\s+)?được\s+Quốc hội\b[^;]*$", title)
            if passed and re.match(r"\s*Căn cứ\b", text[: m.start()].rsplit(";", 1)[-1], re.IGNORECASE):
                title = passed["name"]  # "Căn cứ Luật X được Quốc hội khóa … thông qua ngày D": the law cited
            elif not title or re.search(r"\b(?:được|đã|sẽ|có hiệu lực|thông qua)\b", title):
                continue  # "Luật trẻ em được Quốc hội thông qua …": named in passing, not cited
            date, _ = first_date(segment)
            citations.append(Citation("luat", "", date, "Quốc hội", m["kind"] + " " + title.strip(),
                                      SourceLines(block.start, block.end)))  # fmt: skip
            continue
        if kind == "other" and not number:
            continue
        date = None
        head = segment[:80]
        found_date, dm = first_date(head)
        rest = segment
        if found_date is not None and dm is not None and dm.start() <= 12:
            date = found_date
            rest = head[dm.end() :] + segment[80:]
        elif found_date is None:
            rest = _UNREAD_DAY.sub("", rest, count=1)  # "… ngày 03/01/20219 của X": X is still its issuer
        issuer = ""
        im = re.match(
            # a comma may set the issuer off from the day before it
            r"\s*,?\s*(?:của\s+)(?P<who>(?:[^,;(“\"]|,\s*(?=" + _NAME_AFTER_COMMA + r"))+?)"
            r"(?=\s+(?:về|ban hành|"
            r"phê duyệt|quy định|hướng dẫn|triển khai|thực hiện|tổ chức|tăng cường|sửa đổi|bổ sung|"
            r"bãi bỏ|công bố|ngày(?=\s+\d)|"
            # … written with a capital, as a converted title gives it ("của Thủ tướng Chính phủ Phê duyệt …")
            r"Về|Ban hành|Phê duyệt|Quy định|Sửa đổi|Bãi bỏ|Triển khai)\b|[;(“\"]|"
            rf"(?<=[{LOWER}])\.\s+(?=[{UPPER}])|,(?!\s*" + _NAME_AFTER_COMMA + r")|\.?$)",
            rest,
        )
        if not im:
            # "Công văn số 761/… ngày … V/v Thực hiện … của Phòng Giáo dục …;", "KH số 38/… ngày … về việc …
            # của trường X. <next sentence>": the issuer after the subject
            im = re.match(
                r"\s*,?\s*(?:V/v|về việc)\s[^;]*?\s(?:của\s+)(?P<who>[^;,(“\"]{3,80}?)"
                rf"\s*(?=[;(“\"]|\.?$|\.\s+[{UPPER}]|ngày\s+\d)",
                rest,
            )
        done = None if im else _DONE_BY.match(rest)
        if done:
            # "Quyết định số N, ngày D hướng dẫn về … do Bộ X ban hành;": the issuer after the subject
            issuer, rest = done["who"].strip(), done["about"]
        between = re.match(r"\s*giữa\s+(?P<who>[^;(“\"]+?)(?=\s+về\b|[;(“\"]|$)", rest)
        if between and not im and not done:
            # "Quy chế phối hợp số … giữa Bộ A, Bộ B, … về …": a joint document, every body its issuer
            im = between
        if im:
            issuer = _party_plenum(re.sub(r"\s+(?:và|cùng)$", "", im["who"].strip()))
            if re.match(r"\s*(?:;|$)", rest[im.end() :]):
                # a year closing the cited clause after its issuer is the document's, not the body's
                issuer = re.sub(r"\s+năm\s+\d{4}$", "", issuer)
            whole = issuer
            issuer = _before_acting_body(issuer, rest[im.start("who") :])
            rest = rest[im.end() :] if issuer == whole else ""  # the rest is what the body does
            # "… của Văn phòng Chính phủ, ngày 20 tháng 9 năm 2019 về …": its date after the sender
            after, am = first_date(rest[:40])
            if date is None and after is not None and am is not None and not rest[: am.start()].strip(" ,"):
                date, rest = after, rest[am.end() :]
        if not issuer and (bare := _ISSUER_BEFORE_VERB.match(rest)):
            # "Quyết định số 1660/QĐ-TTg Thủ tướng Chính phủ phê duyệt …": the issuer without "của"
            issuer, rest = bare["who"], rest[bare.end() :]
        if not issuer and date is not None and (bare := _ISSUER_BEFORE_ABOUT.match(rest)):
            # a cited number, its day, then a body with no "of" before it and the subject after it
            issuer, rest = bare["who"], rest[bare.end() :]
        if not issuer:
            # "Thực hiện chỉ đạo của UBND tỉnh tại Công văn số …, Kế hoạch số …": named once for the list
            clause = re.split(r";\s", text[: m.start()])[-1]
            named = re.search(r"\bcủa\s+(?P<who>[^,;]{3,60}?)\s+tại\s", clause)
            if named:
                issuer = named["who"].strip()
        issued = _ISSUED_ON.search(text[: m.start()])
        if issued and date is None and not issuer:
            # "Ngày 22 tháng 02 năm 2011, Thủ tướng Chính phủ đã ban hành Quyết định số 267/QĐ-TTg …"
            date, _ = first_date("ngày " + issued["d"])
            issuer = issued["who"].strip()
        issued_then = _ISSUED_IN_BRACKET.search(rest)
        if date is None and issued_then:
            # "Quyết định N về Y (ban hành ngày 30.5.2014, …)": its day in a bracket after its title
            date, _ = first_date(issued_then["d"])
        title = _title_of(rest)
        if issuer and bare_before and citations and _same_party_code(citations[-1].number, number, issuer):
            citations[-1] = dataclasses.replace(citations[-1], issuer=issuer)
        citations.append(Citation(kind, number, date, issuer, title, SourceLines(block.start, block.end)))
        bare_before = joined and not issuer and not re.sub(r"\s*và\s*$", "", rest).strip(" ,")
    return citations


# a party committee's code after a number ("<n>-<kind>/<code>"): the committee and its level, which no
# other body shares (a people's committee's code is the same at every level)
_PARTY_CODES = {
    "tu": ("tinh uy", "thanh uy"),
    "hu": ("huyen uy", "thi uy"),
    "qu": ("quan uy",),
    "tw": ("trung uong",),
}


def _same_party_code(first: str, second: str, issuer: str) -> bool:
    """Whether two documents cited as "A on day D and B on day E of <issuer>" both bear the code of the
    party committee the issuer names, so that the issuer named once is the first one's too."""
    codes = {fold(n.rsplit("/", 1)[-1]) if "/" in n else "" for n in (first, second)}
    if len(codes) != 1:
        return False
    named = fold(issuer)
    return any(level in named for level in _PARTY_CODES.get(codes.pop(), ()))


# the day a cited document was issued, in a bracket after its title (the bracket's first words)
_ISSUED_IN_BRACKET = re.compile(
    r"^[^;()]*\(\s*(?:được\s+)?ban hành\s+(?:vào\s+)?ngày\s+(?P<d>\d{1,2}[./]\d{1,2}[./]\d{4})"
)
# right after a cited number, a body with no "của" before it and its verb of issuing after it
_CITED_BODY = r"(?:Thủ tướng|Chính phủ|Bộ|Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Sở|Tỉnh ủy|Tỉnh uỷ|Trung tâm)\b"
_ISSUER_BEFORE_VERB = re.compile(
    r"\s+(?P<who>" + _CITED_BODY + r"[^,;.()“\"]{0,60}?)\s+(?=(?:phê duyệt|ban hành)\b)"
)
# right after a cited document's day, a body with no word "of" before it and its subject after it
_ISSUER_BEFORE_ABOUT = re.compile(r"\s*(?P<who>" + _CITED_BODY + r"[^,;.()“\"]{2,60}?)\s+(?=về\s)")
# a cited document's subject, then who issued it: "… về “Công tác y tế trường học” do Bộ Y tế, Bộ Giáo dục
# và Đào tạo ban hành;" (a joint document: every body named)
_DONE_BY = re.compile(
    rf"(?P<about>[^;]*?)\s+do\s+(?P<who>[{UPPER}][^;(“\"]{{2,120}}?)\s+ban hành\s*(?=[;.]|$)"
)

_ISSUED_ON = re.compile(
    r"(?:^|[.;]\s+)(?:Vào\s+)?[Nn]gày\s+(?P<d>\d{1,2}(?:\s*/\s*\d{1,2}\s*/\s*\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))"
    r"\s*,\s*(?P<who>[^,.;]{3,80}?)\s+(?:đã\s+)?ban hành\s+$"
)

# After a comma, "Thương binh và Xã hội", "Thể thao và Du lịch": the rest of a ministry's name written
# with a comma ("Bộ Lao động, Thương binh và Xã hội"), not the next clause.
_NAME_AFTER_COMMA = rf"[{UPPER}][{LOWER}]*(?:\s+[{LOWER}]+)?\s+và\s+[{UPPER}][{LOWER}]*\s+[{LOWER}]+\b"


# "Căn cứ Luật Nuôi con nuôi;": a law's name with nothing after it in its clause (no day or year)
_NAME_ALONE = re.compile(rf"\s*(?P<name>[{UPPER}][^;()“”\"]{{1,80}}?)\s*[;.]?\s*")


def _law_named_alone(text: str, start: int, segment: str) -> str:
    """A ground that names a law by its name alone ("Căn cứ Luật X;", "Căn cứ Luật X; Luật Y;"): the name,
    the law cited undated; "" where the law stands inside other words of its clause."""
    before = text[:start].rsplit(";", 1)[-1]
    grounds = re.fullmatch(r"\s*Căn cứ\s*", before) or (not before.strip() and re.match(r"\s*Căn cứ\s", text))
    m = _NAME_ALONE.fullmatch(segment) if grounds else None
    return m["name"] if m else ""


def _inside_amending_law(text: str, m: re.Match[str]) -> bool:
    """ "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa
    phương ngày 22 tháng 11 năm 2019": the laws it amends are part of its name, not citations."""
    if m["number"] or m["kind"] not in _LAW_KINDS:
        return False
    clause = re.split(r";\s", text[: m.start()])[-1]
    amending = re.search(r"\bLuật\s+sửa\s+đổi\b[^;]*$", clause, re.IGNORECASE)
    if amending is None:
        return False
    return not re.search(r"\bngày\s*\d|\bnăm\s+\d{4}", clause[amending.start() :])


def _party_plenum(issuer: str) -> str:
    """ "Hội nghị lần thứ sáu Ban chấp hành Trung ương khóa XII" → "Ban Chấp hành Trung ương": a plenum
    is a meeting of the committee that issues the resolution."""
    m = re.match(
        r"Hội nghị\s+(?:lần\s+thứ\s+\S+\s+)?(?:của\s+)?(?:Ban\s+Chấp\s+hành|BCH)\s+(?:Trung\s+ương|TW)\b",
        issuer,
        re.IGNORECASE,
    )
    return "Ban Chấp hành Trung ương" if m else issuer


def _proposal(text: str, start: int) -> bool:
    """ "… Theo đề nghị của Sở Y tế tại Tờ trình số …", "trên cơ sở đề xuất của Sở X tại Tờ trình số …",
    "Xét Tờ trình số …": the proposal behind the document is no document it implements (the clause, back to
    its sentence's start, asks for it or proposes it, or opens by considering it)."""
    clause = re.split(r"[.;]\s", text[max(0, start - 120) : start])[-1]
    return bool(re.search(r"\bđề (?:nghị|xuất)\b|^\W*Xét\b", clause, re.IGNORECASE))


def _title_of(rest: str) -> str:
    rest = re.split(rf"\((?:sau đây|gọi tắt)|;\s|;$|\.\s+(?=[{UPPER}])", rest, maxsplit=1)[0]
    # the sentence goes on with the citing body: "…, Ủy ban nhân dân tỉnh ban hành Kế hoạch …"
    enacting = r",\s+[^,]{0,80}?\s(?:ban hành|xây dựng|triển khai)\s+(?:Kế hoạch|Quyết định|Chương trình)"
    rest = re.split(enacting, rest, maxsplit=1)[0]
    # "… giai đoạn 2021-2030 (Chương trình) và": the short name and the joining word are not the title
    # (nor "và" alone, between two documents of a list)
    rest = re.sub(r"(?:\s*\([^()]{1,40}\))?(?:(?:^|\s+)(?:và|cùng))?\s*$", "", rest.strip())
    rest = rest.strip(' ,.;:“”"')
    rest = re.sub(r"^(?:về việc|về)\s+", "", rest)
    return rest.strip(' “”"')[:300]


def _merge(old: Citation, new: Citation) -> Citation:
    return Citation(
        old.doc_type if old.doc_type != "other" else new.doc_type,
        old.number,
        old.date or new.date,
        old.issuer or new.issuer,
        old.title if len(old.title) >= 10 else new.title or old.title,
        old.lines,
    )
