"""One spelling for comparison: Unicode NFC and one tone placement, raw text kept apart."""

from __future__ import annotations

import unicodedata

from pipeline.text import fold, normalize, strip_diacritics


def test_old_and_new_tone_placement_compare_equal():
    assert normalize("Uỷ ban nhân dân") == normalize("Ủy ban nhân dân") == "Ủy ban nhân dân"
    assert normalize("UỶ BAN") == "ỦY BAN"
    assert normalize("hoà bình") == normalize("hòa bình") == "hòa bình"
    assert normalize("khoẻ mạnh") == "khỏe mạnh"


def test_qu_syllables_keep_their_mark():
    assert normalize("quý III") == "quý III"
    assert normalize("Quỹ đầu tư") == "Quỹ đầu tư"


def test_closed_syllables_keep_their_mark():
    assert normalize("hoàn thành") == "hoàn thành"
    assert normalize("khuyến khích") == "khuyến khích"


def test_decomposed_input_is_composed():
    decomposed = unicodedata.normalize("NFD", "Thông báo")
    assert decomposed != "Thông báo"
    assert normalize(decomposed) == "Thông báo"


def test_spaces_and_invisible_characters_are_tidied():
    assert normalize("Sở\u00a0Nội   vụ\u200b ") == "Sở Nội vụ"


def test_fold_ignores_case_and_tone_placement():
    assert fold("UỶ BAN NHÂN DÂN TỈNH") == fold("Ủy ban nhân dân tỉnh")


def test_strip_diacritics_for_search():
    assert strip_diacritics("Đồng Nai, Lâm Đồng") == "Dong Nai, Lam Dong"


def test_syllables_with_two_marks_are_left_as_written():
    # "hoặc" decomposes to a dot below followed by a breve: its tone mark has nowhere to move.
    assert normalize("Báo cáo hoặc đề xuất; HOẶC") == "Báo cáo hoặc đề xuất; HOẶC"
    assert normalize("ho\u0061\u0323\u0306c") == "hoặc"
