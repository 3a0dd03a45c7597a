import re

import pytest

from extract.units import (UnitRegistry, canonical_unit, expand_abbreviations, find_units, led_by_first_letters,
                           split_cell_units, split_units, unit_key)


def registry():
    return UnitRegistry.load()


def test_lookup_tolerates_case_tones_abbreviations_and_province():
    for name in ("UBND tỉnh Quảng Ninh", "Uỷ ban nhân dân tỉnh", "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN"):
        assert registry().lookup(name).name == "Ủy ban nhân dân tỉnh"
    assert registry().lookup("Sở NN&MT").name == "Sở Nông nghiệp và Môi trường"
    assert registry().lookup("VP UBND tỉnh").name == "Văn phòng Ủy ban nhân dân tỉnh"
    assert registry().lookup("Ủy ban MTTQ tỉnh").name == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
    assert registry().lookup("BXD").name == "Bộ Xây dựng"
    assert registry().lookup("Phòng khám tư nhân Hạnh Phúc") is None


def test_merged_units_point_to_their_successor():
    old = registry().lookup("Sở Tài nguyên và Môi trường")
    assert old.replaced_by == "Sở Nông nghiệp và Môi trường" and old.valid_to.year == 2025
    assert "Sở Tài nguyên và Môi trường" in registry().lookup("Sở NN&MT").predecessors


def test_classes_are_recognised_with_their_qualifiers():
    entry = registry().lookup("Các sở, ban, ngành tỉnh có liên quan")
    assert entry.kind == "class"
    assert registry().lookup("UBND cấp xã").name == "Ủy ban nhân dân các xã, phường, đặc khu"
    # the article leads the whole list: "đơn vị" after "các sở, ngành" belongs to the class
    assert split_units("Công an tỉnh, các sở, ngành, đơn vị có liên quan") == [
        "Công an tỉnh", "các sở, ngành, đơn vị có liên quan"]


def test_a_centrally_run_citys_units_are_recognised_like_a_provinces():
    assert registry().lookup("Các sở, ban, ngành Thành phố có liên quan").kind == "class"
    assert [(m.text, m.canonical) for m in find_units("Giao UBND TP. Hồ Chí Minh và Công an thành phố Cần Thơ")] == [
        ("UBND TP. Hồ Chí Minh", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
        ("Công an thành phố Cần Thơ", "Công an thành phố Cần Thơ")]


def test_a_capitalised_level_after_a_comma_names_the_next_unit():
    assert split_units("Hội Nông dân tỉnh, Hội Cựu chiến binh tỉnh, Tỉnh đoàn") == [
        "Hội Nông dân tỉnh", "Hội Cựu chiến binh tỉnh", "Tỉnh đoàn"]
    assert split_units("các sở, ban, ngành, địa phương") == ["các sở, ban, ngành, địa phương"]


def test_unit_key_sets_aside_abbreviations_marks_and_small_words():
    assert unit_key("UBND các xã, phường") == unit_key("Ủy ban nhân dân xã phường")
    assert unit_key("Ủy ban MTTQ Việt Nam tỉnh") == unit_key("Uỷ ban Mặt trận Tổ quốc")
    assert unit_key("Sở VH,TT&DL") == unit_key("Sở Văn hóa, Thể thao và Du lịch")
    assert unit_key("Hội LHPN tỉnh") == unit_key("Hội Liên hiệp Phụ nữ tỉnh")
    assert unit_key("Công chức VH-XH") == unit_key("Công chức Văn hóa - Xã hội")
    assert unit_key("Sở Tư pháp") != unit_key("Sở Tài chính")


def test_expand_spells_out_abbreviations():
    assert expand_abbreviations("Sở GD&ĐT và UBND tỉnh") == "Sở Giáo dục và Đào tạo và Ủy ban nhân dân tỉnh"


def test_find_units_in_running_text():
    text = "Giao Sở Tài chính chủ trì, phối hợp với Sở KH&CN, UBND các xã, phường và các cơ quan liên quan."
    mentions = find_units(text)
    assert [m.text for m in mentions] == ["Sở Tài chính", "Sở KH&CN", "UBND các xã, phường", "các cơ quan liên quan"]
    assert [text[m.start:m.end] for m in mentions] == [m.text for m in mentions]
    assert mentions[1].canonical == "Sở Khoa học và Công nghệ"
    assert mentions[2].kind == "class"


def test_unknown_units_are_found_by_their_head_noun():
    mentions = find_units("Chi cục Kiểm lâm và Công an xã Tân Lập phối hợp với Công ty Cổ phần Mai Sơn.")
    assert [(m.text, m.kind) for m in mentions] == [
        ("Chi cục Kiểm lâm", "agency"), ("Công an xã Tân Lập", "agency"), ("Công ty Cổ phần Mai Sơn", "enterprise")]


def test_unit_names_stop_before_the_verb():
    assert [m.text for m in find_units("Cục Thuế tham mưu UBND tỉnh Hòa Bình ban hành quy chế")] == [
        "Cục Thuế", "UBND tỉnh Hòa Bình"]


def test_role_before_a_unit_belongs_to_the_mention():
    mention = find_units("Giám đốc Sở Y tế báo cáo kết quả")[0]
    assert mention.text == "Giám đốc Sở Y tế" and mention.canonical == "Sở Y tế"


def test_split_units_cuts_lists_but_not_classes():
    assert split_units("Sở Tài chính; Sở Nội vụ") == ["Sở Tài chính", "Sở Nội vụ"]
    assert split_units("Sở Tư pháp, Sở Nội vụ và các cơ quan liên quan") == [
        "Sở Tư pháp", "Sở Nội vụ", "các cơ quan liên quan"]
    assert split_units("- Sở Văn hóa, Thể thao và Du lịch\n- Công an tỉnh.") == [
        "Sở Văn hóa, Thể thao và Du lịch", "Công an tỉnh"]
    assert split_units("UBND các xã, phường, đặc khu") == ["UBND các xã, phường, đặc khu"]
    assert split_units("UBND các huyện, thị xã, thành phố") == ["UBND các huyện, thị xã, thành phố"]


def test_person_names_and_titles_are_not_units():
    mentions = find_units("Ông Đoàn Văn Hùng, Phó Chủ tịch UBND tỉnh")
    assert [m.text for m in mentions] == ["Phó Chủ tịch UBND tỉnh"]


def test_split_units_cuts_before_an_article_and_a_lower_case_class():
    assert split_units("Ban Quản lý rừng phòng hộ Sông Đà, các Công ty Cà phê") == [
        "Ban Quản lý rừng phòng hộ Sông Đà", "các Công ty Cà phê"]
    assert split_units("các sở, ngành và địa phương") == ["các sở, ngành", "địa phương"]
    assert split_units("cơ quan Hải quan, Sở Công Thương") == ["cơ quan Hải quan", "Sở Công Thương"]
    assert split_units("các sở, ngành, địa phương") == ["các sở, ngành, địa phương"]


def test_units_as_written_are_linked_to_their_canonical_entry():
    from extract.units import canonical_unit

    assert canonical_unit("Sở GD&ĐT") == ("Sở Giáo dục và Đào tạo", "agency")
    assert canonical_unit("Giám đốc Sở Tư pháp") == ("Sở Tư pháp", "agency")
    assert canonical_unit("UBND cấp xã") == ("Ủy ban nhân dân các xã, phường, đặc khu", "class")
    assert canonical_unit("Hạt Kiểm lâm Văn Bàn") == ("Hạt Kiểm lâm Văn Bàn", "agency")
    assert canonical_unit("các hộ chăn nuôi") == (None, None)


@pytest.mark.parametrize("cell, units", [
    ("Công an tỉnh\nSở Khoa học và\nCông nghệ", ["Công an tỉnh", "Sở Khoa học và Công nghệ"]),
    ("Hội\nLiên hiệp Phụ nữ tỉnh", ["Hội Liên hiệp Phụ nữ tỉnh"]),
    ("Lãnh đạo\nSở Tài chính", ["Lãnh đạo Sở Tài chính"]),
    ("Ủy ban nhân\ndân các xã,\nphường", ["Ủy ban nhân dân các xã, phường"]),
    ("Bảo tàng tỉnh\nỦy ban nhân dân các xã, phường", ["Bảo tàng tỉnh", "Ủy ban nhân dân các xã, phường"]),
    ("- Sở Y tế;\n- Sở Giáo dục và Đào tạo", ["Sở Y tế", "Sở Giáo dục và Đào tạo"]),
])
def test_a_cell_lists_one_unit_per_line_and_wrapped_names_stay_whole(cell, units):
    assert split_cell_units(cell) == units


@pytest.mark.parametrize("pattern, flags", [
    (r"(?:trước|chậm nhất)\s+ngày\s+\d{1,2}", re.IGNORECASE),
    (r"Sở\s+\w+|Ủy ban nhân dân(?:\s+tỉnh)?", 0),
    (r"\d+/\d{4}|quý\s+[IV]+", re.IGNORECASE),
    (r"(?:các\s+)?sở,\s*ngành", re.IGNORECASE),
])
def test_a_pattern_led_by_its_first_letters_matches_as_the_plain_pattern(pattern, flags):
    text = ("Giao Sở Tài chính, các sở, ngành và Ủy ban nhân dân tỉnh hoàn thành TRƯỚC NGÀY 15/6/2026, "
            "chậm nhất ngày 30 trong Quý III; Các Sở, ngành báo cáo trước ngày 5.")
    assert led_by_first_letters(pattern, flags).findall(text) == re.compile(pattern, flags).findall(text)


def test_district_committees_named_in_any_order_are_one_class_beside_the_others():
    assert split_units("Các sở, ngành, UBND các huyện, thành phố") == ["Các sở, ngành", "UBND các huyện, thành phố"]
    assert split_units("Công an tỉnh, UBND các quận, huyện") == ["Công an tỉnh", "UBND các quận, huyện"]


def test_a_provincial_unit_with_a_verb_in_its_name_stays_whole():
    from extract.clauses import parse_clause

    clause = parse_clause("Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Trung tâm Xúc tiến đầu tư tỉnh công bố "
                          "danh mục dự án trên Cổng thông tin điện tử tỉnh.")
    assert clause.support == ["Trung tâm Xúc tiến đầu tư tỉnh"]
    assert UnitRegistry.load().lookup("Văn phòng Tỉnh ủy").kind == "organisation"


def test_the_provinces_project_boards_are_units_whatever_verb_their_names_hold():
    from extract.clauses import parse_clause

    clause = parse_clause("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh đẩy nhanh "
                          "tiến độ thi công.")
    assert clause.lead == ["Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh"]
    assert clause.rest == "đẩy nhanh tiến độ thi công."


def test_a_provincial_unit_named_with_the_provinces_name_in_place_of_its_level_is_known():
    assert canonical_unit("Viễn thông Lào Cai") == ("VNPT tỉnh", "enterprise")
    assert canonical_unit("Điện lực Lâm Đồng") == ("Công ty Điện lực tỉnh", "enterprise")
    assert canonical_unit("Báo và Phát thanh, Truyền hình Điện Biên")[0] == "Báo và Phát thanh, Truyền hình tỉnh"
    # another body's name after the stem is not a province: its own unit
    assert canonical_unit("Thanh tra Bộ Xây dựng")[0] == "Thanh tra Bộ Xây dựng"
    assert [m.text for m in find_units("phối hợp với Phòng Quản lý Văn hóa, Viễn thông Lâm Đồng")] == [
        "Phòng Quản lý Văn hóa", "Viễn thông Lâm Đồng"]
