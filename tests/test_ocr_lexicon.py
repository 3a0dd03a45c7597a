import pytest

from pipeline.ocr_lexicon import correct_words, well_formed


def corrected(line: str) -> str:
    return " ".join(correct_words(line.split()))


@pytest.mark.parametrize("read, meant", [
    ("V/v triên khai thực hiện thủ tục câp phép", "V/v triển khai thực hiện thủ tục cấp phép"),
    ("phương tiện vận chuyên hàng hóa nguy hiêm", "phương tiện vận chuyển hàng hóa nguy hiểm"),
    ("các cơ quan có liên quan tô chức kiểm tra", "các cơ quan có liên quan tổ chức kiểm tra"),
    ("PHÓ CHÁNH VAN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
    ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐÒNG", "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"),  # province names count
    ("Sở Tài chính đề xuất giải pháp đây nhanh tiến độ.", "Sở Tài chính đề xuất giải pháp đẩy nhanh tiến độ."),
    ("Kết luận của đồng chí Trần Văn Nam - Tỉnh úy viên, Giám đốc Sở", "Kết luận của đồng chí Trần Văn Nam - Tỉnh ủy viên, Giám đốc Sở"),
    ("công khai kết quả chậm nhất vào ngày 05 hăng tháng.", "công khai kết quả chậm nhất vào ngày 05 hằng tháng."),
    ("định kỳ hăng tuân, báo cáo UBND tỉnh", "định kỳ hằng tuần, báo cáo UBND tỉnh"),  # both words of the phrase
])
def test_marks_lost_by_ocr_are_put_back(read, meant):
    assert corrected(read) == meant


@pytest.mark.parametrize("line", [
    "Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì, phối hợp với các sở, ngành thuộc tỉnh.",
    "Đồng chí Nguyễn Văn Bình, Phó Chủ tịch UBND tỉnh, kết luận như sau:",
    "Thời hạn hoàn thành trước ngày 30/6/2026; gọi tắt là Chỉ số PCI.",
    "Tháo gỡ khó khăn cho người dân, trồng cây xanh và làm đường giao thông từ đêm 05/6.",
    "Đoàn viên thanh niên hăng hái tham gia, tuyên truyền hằng tháng.",
    "Đồng chí Nguyễn Thị Hằng Tuấn phụ trách.",
])
def test_text_read_right_is_left_alone(line):
    assert corrected(line) == line


def test_a_checked_syllable_takes_only_the_acute_or_the_dot_below():
    assert well_formed("cấp") and well_formed("cập") and well_formed("chuyển")
    assert not well_formed("câp") and not well_formed("cầp")
