import io
import unicodedata

import docx
import pytest
from docx.oxml import OxmlElement

from pipeline.legacy_fonts import (
    decode_tcvn3, decode_vni, detect_legacy, encoding_for_font, fix_legacy, fix_pdf_words, is_garbled,
    table,
)
from pipeline.parsers import parse_bytes
from pipeline.process import process_bytes

BASES = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
LOWER = [unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES] + ["đ"]
SENTENCES = [
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện nhiệm vụ năm 2026",
    "Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan tham mưu báo cáo trước ngày 15 tháng 3",
    "Đề nghị các đơn vị nghiêm túc triển khai thực hiện, định kỳ hằng quý gửi kết quả về Văn phòng",
    "Thông báo kết luận của đồng chí Phó Chủ tịch tại buổi làm việc với Sở Xây dựng",
]


def encoder(encoding: str):
    """The inverse of the decoding table: Unicode letter -> legacy sequence."""
    inverse = {letter: seq for seq, letter in table(encoding).items()}
    return lambda text: "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text))


to_tcvn3, to_vni = encoder("tcvn3"), encoder("vni")


def test_tcvn3_round_trips_every_letter_and_tone():
    for letter in LOWER:
        assert decode_tcvn3(to_tcvn3(letter)) == letter
    for capital in "ĂÂÊÔƠƯĐ":
        assert decode_tcvn3(to_tcvn3(capital)) == capital


def test_tcvn3_uppercase_fonts_draw_capitals():
    assert decode_tcvn3(to_tcvn3("kế hoạch"), uppercase=True) == "KẾ HOẠCH"
    for letter in LOWER:
        assert decode_tcvn3(to_tcvn3(letter), uppercase=True) == letter.upper()


def test_vni_round_trips_every_letter_and_tone_in_both_cases():
    letters = LOWER + [letter.upper() for letter in LOWER]
    for letter in letters:
        assert decode_vni(to_vni(letter)) == letter
    joined = " ".join(letters)
    assert decode_vni(to_vni(joined)) == joined


def test_known_legacy_spellings():
    assert decode_tcvn3("Uû ban nh©n d©n tØnh") == "Uỷ ban nhân dân tỉnh"
    assert decode_tcvn3("KÕ ho¹ch sè 12") == "Kế hoạch số 12"
    assert decode_vni("UÛy ban nhaân daân tænh") == "Ủy ban nhân dân tỉnh"
    assert decode_vni("ñöôïc giao") == "được giao"


@pytest.mark.parametrize("font, expected", [
    (".VnTime", "tcvn3"), (".VnTimeH", "tcvn3"), ("ABCDEF+.VnArial,Bold", "tcvn3"),
    ("VnTimeH-BoldItalic", "tcvn3"), (".VnArial NarrowH", "tcvn3"), ("VNI-Times", "vni"),
    ("QWERTY+VNI-Helve-Bold", "vni"), ("VNITimes", "vni"), ("VnTime", "tcvn3"), ("Times New Roman", None), ("Helvetica", None), ("", None),
])
def test_encoding_for_font(font, expected):
    assert encoding_for_font(font) == expected


@pytest.mark.parametrize("sentence", SENTENCES)
def test_detects_and_fixes_legacy_sentences(sentence):
    assert detect_legacy(to_tcvn3(sentence)) == "tcvn3"
    assert detect_legacy(to_vni(sentence)) == "vni"
    assert fix_legacy(to_tcvn3(sentence)) == (sentence, "tcvn3")
    assert fix_legacy(to_vni(sentence)) == (sentence, "vni")


@pytest.mark.parametrize("short, encoding", [
    ("Uû ban nh©n d©n", "tcvn3"), ("ho¹ch", "tcvn3"), ("UÛy ban nhaân daân", "vni"), ("ñöôïc", "vni"),
])
def test_detects_short_strings(short, encoding):
    assert detect_legacy(short) == encoding


@pytest.mark.parametrize("text", SENTENCES + [
    "Số: 12/KH-UBND", "Hà Nội, ngày 02 tháng 4 năm 2026", "Hoà Bình", "ôi", "Kế", "",
    "The committee approved the budget © 2024, Müller & Peña, café où l'été",
    "Résumé of the naïve señor, façade, Ångström, Øresund",
])
def test_no_false_positive_on_unicode_or_english(text):
    assert detect_legacy(text) is None
    assert fix_legacy(text) == (text, None)


def test_font_name_decides_short_runs():
    assert fix_legacy("Sè", ".VnTime") == ("Số", "tcvn3")
    assert fix_legacy("KÕ HO¹CH", ".VnTimeH") == ("KẾ HOẠCH", "tcvn3")
    assert fix_legacy("Soá", "VNI-Times") == ("Số", "vni")


def test_unicode_run_in_a_legacy_font_is_kept():
    assert fix_legacy("Ủy ban nhân dân", ".VnTime") == ("Ủy ban nhân dân", None)


def test_pdf_words_are_fixed_per_font():
    words = [{"text": t, "fontname": f} for t, f in [
        ("KÕ", "ABCDEF+.VnTimeH"), ("HO¹CH", "ABCDEF+.VnTimeH"),  # capitals font
        ("Sè:", "F1"), ("12/KH-UBND", "F1"), ("Uû", "F1"), ("ban", "F1"), ("nh©n", "F1"),  # neutral name
        ("Hà", "TimesNewRomanPSMT"), ("Nội", "TimesNewRomanPSMT"),
    ]]
    fixed = fix_pdf_words(words)
    assert [w["text"] for w in fixed] == ["KẾ", "HOẠCH", "Số:", "12/KH-UBND", "Uỷ", "ban", "nhân", "Hà", "Nội"]
    assert fixed[2]["encoding"] == "tcvn3" and "encoding" not in fixed[-1]
    assert words[0]["text"] == "KÕ"  # the input is not changed


def test_garbled_ocr_layer_is_recognised():
    garbled = ("uY BAN NgAN nAN ceNG HoA xA ugr cuu xcuia vrET NAM TINH LAMDONG DQc l$p - Tg do - "
               "H4nh phric Ldm D6ng, ngdy fithdng 11 ndm 2025 THONGBAo tu6n cria tldng chi vi6n "
               "Ph6 Ch[ tich t4i bu6i thm viQc nghe b6o c6o tl6nh gi6 kiit qu6 vh gi6i ph6p n6ng "
               "cao c6c chi s6")
    assert is_garbled(garbled)
    readable = " ".join(SENTENCES * 2)
    assert not is_garbled(readable)
    assert not is_garbled(to_tcvn3(readable))  # decodable, so readable
    english = ("The committee reviewed the annual report and approved the budget for the next "
               "fiscal year and asked the office to publish the minutes within ten days of the "
               "meeting and to send copies of the PAR INDEX 2024 results to all departments")
    assert not is_garbled(english)
    assert not is_garbled("b6o c6o")  # too short to judge


def docx_runs(paragraphs: list[list[tuple[str, str | None]]], default_font: str | None = None,
              cell: list[tuple[str, str | None]] | None = None) -> bytes:
    """A DOCX whose paragraphs are runs of (text, font); font None takes the style's font."""
    document = docx.Document()
    if default_font:
        document.styles["Normal"].font.name = default_font
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, font in runs:
            run = paragraph.add_run(text)
            if font:
                run.font.name = font
    if cell:
        paragraph = document.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0]
        for text, font in cell:
            paragraph.add_run(text).font.name = font
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_runs_decoded_by_font_beside_unicode_runs():
    data = docx_runs([
        [(to_tcvn3("kế hoạch"), ".VnTimeH")],
        [("Giao ", "Times New Roman"), (to_vni("Sở Tài chính"), "VNI-Times"), (" chủ trì, ", "Times New Roman"),
         (to_tcvn3("phối hợp với Sở Y tế"), ".VnTime"), (" thực hiện.", "Arial")],
        [("Sô", "VNI-Times"), ("û Xaây döïng", "VNI-Times")],  # a VNI letter split between two runs
        [("Số: 12/KH-UBND", ".VnTime")],  # retyped in Unicode, the old font left on it
        [("Phối hợp", "Arial"), ("\xad", "Arial"), (" thực hiện", "Arial")],  # an optional hyphen is invisible
    ], cell=[(to_vni("Ủy ban nhân dân các xã"), "VNI-Helve")])
    document = parse_bytes(data, "kh.docx")
    assert [b.text for b in document.blocks] == [
        "KẾ HOẠCH", "Giao Sở Tài chính chủ trì, phối hợp với Sở Y tế thực hiện.", "Sở Xây dựng",
        "Số: 12/KH-UBND", "Phối hợp thực hiện", "Ủy ban nhân dân các xã"]
    assert document.warnings == ["Text typed in TCVN3 (ABC) fonts was converted to Unicode.",
                                 "Text typed in VNI fonts was converted to Unicode."]


def test_docx_style_font_decides_a_run_too_short_to_judge_by_its_letters():
    data = docx_runs([[("Sè", None)], [("Sè", "Times New Roman")]], default_font=".VnTime")
    assert [b.text for b in parse_bytes(data, "x.docx").blocks] == ["Số", "Sè"]


def test_docx_tcvn3_u_horn_saved_as_a_soft_hyphen_is_read():
    """TCVN3 draws "ư" at the code of the soft hyphen, which Word saves as <w:softHyphen/>."""
    document = docx.Document()
    run = document.add_paragraph().add_run("Nh")
    run.font.name = ".VnTime"
    run._r.append(OxmlElement("w:softHyphen"))
    run._r.append(OxmlElement("w:t"))
    run._r[-1].text = " trªn"
    out = io.BytesIO()
    document.save(out)
    assert parse_bytes(out.getvalue(), "x.docx").text == "Như trên"


def test_docx_legacy_text_whose_font_was_changed_is_told_by_its_letters():
    data = docx_runs([[(to_vni(SENTENCES[2]), "Times New Roman")], [(SENTENCES[3], "Times New Roman")]])
    assert parse_bytes(data, "x.docx").text == SENTENCES[2] + "\n" + SENTENCES[3]


def test_docx_warns_only_when_text_was_decoded():
    data = docx_runs([[("Số: 12/KH-UBND", "Times New Roman"), (" 2026 ", ".VnTime")]])
    assert parse_bytes(data, "x.docx").warnings == []


def test_docx_typed_in_a_legacy_default_font_is_read():
    lines = ["ủy ban nhân dân tỉnh lào cai", "Số: 12/KH-UBND", "Lào Cai, ngày 05 tháng 3 năm 2026", "kế hoạch",
             "Kiểm tra công tác bảo vệ môi trường năm 2026",
             "1. Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính tổ chức kiểm tra các "
             "cơ sở sản xuất trong quý II năm 2026."]
    fonts = [".VnTimeH", None, None, ".VnTimeH", None, None]  # None: the Normal style's .VnTime
    data = docx_runs([[(to_tcvn3(text), font)] for text, font in zip(lines, fonts)], default_font=".VnTime")
    record = process_bytes(data, "kh12.docx").record.to_contract()
    assert record["document"]["doc_type"] == "Kế hoạch"
    assert record["document"]["number"] == "12/KH-UBND"
    assert record["document"]["issued_date"] == "2026-03-05"
    [task] = record["tasks"]
    assert task["lead"] == ["Sở Nông nghiệp và Môi trường"] and task["support"] == ["Sở Tài chính"]


LEGACY_TXT = """\
Uỷ ban nhân dân tỉnh Lào Cai           Cộng hoà xã hội chủ nghĩa Việt Nam
Số: 12/KH-UBND                        Lào Cai, ngày 05 tháng 3 năm 2026

                         Kế hoạch
         Kiểm tra công tác bảo vệ môi trường năm 2026

1. Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính tổ chức
kiểm tra các cơ sở sản xuất trong quý II năm 2026.
"""


@pytest.mark.parametrize("encoded", [
    to_tcvn3(LEGACY_TXT).encode("latin-1"),  # saved from a .VnTime text as 8-bit bytes
    to_vni(LEGACY_TXT).encode("latin-1"),
    to_tcvn3(LEGACY_TXT).encode("utf-8"),  # the fonts' letters pasted into a Unicode editor
], ids=["tcvn3", "vni", "tcvn3-in-utf8"])
def test_plain_text_in_a_legacy_encoding_reads_like_unicode(encoded):
    unicode = process_bytes(LEGACY_TXT.encode("utf-8"), "kh12.txt")
    legacy = process_bytes(encoded, "kh12.txt")
    assert legacy.document.text == unicode.document.text
    assert [b.kind for b in legacy.document.blocks] == [b.kind for b in unicode.document.blocks]
    assert legacy.record.to_contract()["document"]["number"] == "12/KH-UBND"
    assert legacy.record.tasks[0].lead[0].name == "Sở Nông nghiệp và Môi trường"
    assert legacy.document.warnings and "converted to Unicode" in legacy.document.warnings[0]


def to_cp1258(text: str) -> bytes:
    """The Windows Vietnamese code page: base letters with the tone as a combining mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in "".join(TONES))
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return out


def test_plain_text_in_the_windows_vietnamese_code_page_is_not_taken_for_legacy():
    text = "\n".join(SENTENCES)
    document = parse_bytes(to_cp1258(text), "x.txt")
    assert document.text == parse_bytes(text.encode("utf-8"), "x.txt").text
    assert "tham mưu báo cáo trước ngày 15 tháng 3" in document.text and not document.warnings


def test_unicode_passage_in_a_legacy_text_file_is_kept():
    unicode_line = "Ghi chú: gửi Sở Tài chính trước ngày 20 tháng 3 năm 2026.\n"
    mixed = (to_tcvn3(LEGACY_TXT) + unicode_line).encode("utf-8")
    document = parse_bytes(mixed, "kh12.txt")
    assert document.text == parse_bytes((LEGACY_TXT + unicode_line).encode("utf-8"), "kh12.txt").text
    assert document.warnings == ["Text typed in TCVN3 (ABC) fonts was converted to Unicode."]
