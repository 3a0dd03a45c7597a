"""Deadline phrases of Vietnamese administrative texts, read as a clerk would."""

from datetime import date

import pytest

from extract.deadlines import find_deadlines, parse_deadline

D = date.fromisoformat


@pytest.mark.parametrize(
    "phrase, start, end, recurrence",
    [
        # exact days
        ("trước ngày 20/10/2026", None, "2026-10-20", None),
        ("chậm nhất ngày 05-11-2026", None, "2026-11-05", None),
        ("ngày 03 tháng 8 năm 2026", "2026-08-03", "2026-08-03", None),
        ("14h00' ngày 12/5/2026", "2026-05-12", "2026-05-12", None),
        ("Từ 8 giờ 00 - 11 giờ 30 ngày 18 tháng 3", "2026-03-18", "2026-03-18", None),
        ("hoàn thành chậm nhất đến ngày 31 tháng 10 năm 2027", None, "2027-10-31", None),
        ("Trước 31/8/2026", None, "2026-08-31", None),
        # months
        ("Tháng 9/2026", "2026-09-01", "2026-09-30", None),
        ("xong trong tháng 02 năm 2028", "2028-02-01", "2028-02-29", None),
        ("trong tháng 10, tháng 11 năm 2026", "2026-10-01", "2026-11-30", None),
        # quarters
        ("Quý IV/2026", "2026-10-01", "2026-12-31", None),
        ("trong quý 3 năm 2026", "2026-07-01", "2026-09-30", None),
        ("quý II, III/2026", "2026-04-01", "2026-09-30", None),
        ("quý I và quý II năm 2027", "2027-01-01", "2027-06-30", None),
        # halves and parts of a year
        ("6 tháng đầu năm 2027", "2027-01-01", "2027-06-30", None),
        ("6 tháng cuối năm 2026", "2026-07-01", "2026-12-31", None),
        ("cuối năm 2026", "2026-10-01", "2026-12-31", None),
        # years and ranges
        ("Năm 2027", "2027-01-01", "2027-12-31", None),
        ("trong năm 2026", "2026-01-01", "2026-12-31", None),
        ("giai đoạn 2026-2030", "2026-01-01", "2030-12-31", None),
        ("2026 - 2030", "2026-01-01", "2030-12-31", None),
        ("từ năm 2026 đến năm 2028", "2026-01-01", "2028-12-31", None),
        ("đến năm 2035", None, "2035-12-31", None),
        ("kể từ năm 2027", "2027-01-01", None, None),
        # recurrences
        ("Thường xuyên", None, None, "continuous"),
        ("thường xuyên, liên tục", None, None, "continuous"),
        ("Hàng năm", None, None, "yearly"),
        ("hằng tháng", None, None, "monthly"),
        ("Hằng quý", None, None, "quarterly"),
        ("hằng tuần", None, None, "weekly"),
        ("hằng ngày", None, None, "daily"),
        ("định kỳ hằng năm", None, None, "yearly"),
        ("Hằng quý, hằng năm", None, None, "quarterly"),
        ("định kỳ 6 tháng", None, None, None),
    ],
)
def test_phrase_forms(phrase, start, end, recurrence):
    found = parse_deadline(phrase, doc_year=2026)
    assert found is not None
    assert found.text == phrase
    assert (found.start, found.end, found.recurrence) == (
        D(start) if start else None,
        D(end) if end else None,
        recurrence,
    )


@pytest.mark.parametrize(
    "phrase, doc_date, end, recurrence",
    [
        # a day without a year falls on or after the document's date
        ("trước ngày 30 tháng 6 hằng năm", D("2025-11-20"), "2026-06-30", "yearly"),
        ("trước ngày 30 tháng 6 hằng năm", D("2026-03-02"), "2026-06-30", "yearly"),
        ("trước ngày 20/01", D("2025-12-10"), "2026-01-20", None),
        ("trong tháng 3", D("2025-12-10"), "2026-03-31", None),
        ("trước ngày 20 hằng tháng", D("2026-05-25"), "2026-06-20", "monthly"),
        ("định kỳ hằng tuần (trước 15 giờ ngày thứ năm)", D("2026-03-02"), "2026-03-05", "weekly"),
        ("trước ngày 31 tháng 01 của năm liền kề", D("2026-04-01"), "2027-01-31", "yearly"),
        ("trong quý", D("2026-05-12"), "2026-06-30", None),
    ],
)
def test_year_of_the_document(phrase, doc_date, end, recurrence):
    found = parse_deadline(phrase, doc_date=doc_date)
    assert (found.end, found.recurrence) == (D(end), recurrence)


def test_day_without_year_takes_the_printed_year_when_the_day_is_blank():
    assert parse_deadline("trước ngày 10/12", doc_year=2026).end == D("2026-12-10")


def test_relative_deadline_counts_from_the_signature_when_the_date_is_known():
    phrase = "trong 15 ngày kể từ ngày ký"
    assert parse_deadline(phrase, doc_date=D("2026-03-10")).end == D("2026-03-25")
    unknown = parse_deadline(phrase, doc_year=2026)
    assert (unknown.text, unknown.start, unknown.end) == (phrase, None, None)


def test_working_days_skip_the_weekend():
    found = parse_deadline("không quá 5 ngày làm việc kể từ ngày ký", doc_date=D("2026-03-13"))  # a Friday
    assert found.end == D("2026-03-20")


def test_periodic_without_a_fixed_period_keeps_its_text():
    found = parse_deadline("Định kỳ", doc_year=2026)
    assert (found.text, found.end, found.recurrence) == ("Định kỳ", None, None)


def test_phrase_with_no_time_in_it():
    assert parse_deadline("theo quy định hiện hành", doc_year=2026) is None


def test_sentence_gives_the_phrase_with_its_offsets():
    text = "Giao Sở Tài chính chủ trì, phối hợp với các sở, ngành rà soát định mức chi, xong trong quý III năm 2026."
    (found,) = find_deadlines(text, doc_year=2026)
    assert found.text == "xong trong quý III năm 2026"
    assert text[found.span.start : found.span.end] == found.text
    assert (found.start, found.end, found.span.rule) == (D("2026-07-01"), D("2026-09-30"), "quarters")


def test_several_deadlines_in_position_order():
    text = "Các xã hoàn thành rà soát trước ngày 15/7/2026; tổng hợp, báo cáo UBND tỉnh trong tháng 8/2026."
    found = find_deadlines(text, doc_year=2026)
    assert [d.text for d in found] == ["trước ngày 15/7/2026", "trong tháng 8/2026"]
    assert [d.end for d in found] == [D("2026-07-15"), D("2026-08-31")]


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Kế hoạch số 215/KH-UBND ngày 14/3/2026 của UBND tỉnh về cải cách hành chính.",
        "Triển khai Chỉ thị số 07-CT/TU ngày 09/01/2026 của Ban Thường vụ Tỉnh ủy.",
        "Quán triệt Nghị định số 95/2026/NĐ-CP ngày 02/4/2026 của Chính phủ.",
        "Phổ biến Luật Đất đai năm 2026 đến người dân.",
        "Thông tư có hiệu lực từ ngày 01/6/2026.",
        "Tổng hợp báo cáo kết quả năm 2026 của các đơn vị.",
        "Đôn đốc kiểm tra thường xuyên và đột xuất các cơ sở kinh doanh.",
        "Theo kết luận tại cuộc họp ngày 08/5/2026 của Thường trực UBND tỉnh.",
        "Rà soát Quy hoạch tỉnh thời kỳ 2021-2030, tầm nhìn đến năm 2050.",
        "Lào Cai, ngày      tháng 5 năm 2026",
        "Tập trung chỉ đạo chuẩn bị sản xuất vụ Đông Xuân 2026 - 2027.",
    ],
)
def test_cited_dates_and_qualifiers_are_not_deadlines(text):
    assert find_deadlines(text, doc_year=2026) == []


def test_past_period_in_a_report_is_not_a_deadline():
    text = "Trong năm 2025, Sở Xây dựng đã kiểm tra 40 công trình."
    assert find_deadlines(text, doc_year=2026) == []


def test_continuous_at_the_head_of_a_clause():
    text = "Rà soát hồ sơ tồn đọng; thường xuyên theo dõi, đôn đốc các xã."
    (found,) = find_deadlines(text, doc_year=2026)
    assert (found.text, found.recurrence) == ("thường xuyên", "continuous")


def test_recurrence_joined_with_its_day():
    text = "Các sở định kỳ hằng năm (trước ngày 05/12) báo cáo UBND tỉnh."
    (found,) = find_deadlines(text, doc_year=2026)
    assert found.text == "định kỳ hằng năm (trước ngày 05/12)"
    assert (found.end, found.recurrence) == (D("2026-12-05"), "yearly")


def test_table_cells():
    cells = {"Quý II/2026": D("2026-06-30"), "Năm 2026": D("2026-12-31"), "Trước 30/6/2026": D("2026-06-30"),
             "Tháng 11, 12": D("2026-12-31")}
    for cell, end in cells.items():
        (found,) = find_deadlines(cell, doc_year=2026)
        assert (found.text, found.end) == (cell, end)


def test_recurrence_followed_by_its_day_after_a_comma():
    text = "Hằng năm, trước ngày 20/11 các xã gửi báo cáo về Sở Nội vụ."
    (found,) = find_deadlines(text, doc_date=D("2026-02-10"))
    assert (found.text, found.end, found.recurrence) == ("Hằng năm, trước ngày 20/11", D("2026-11-20"), "yearly")


def test_old_spelling_of_quarter():
    assert parse_deadline("trong quí I/2027").end == D("2027-03-31")


def test_a_recurrence_or_a_period_qualifying_a_budget_or_plan_is_no_deadline():
    for text in ("Lập và giao dự toán ngân sách nhà nước hằng năm và kế hoạch tài chính.",
                 "Rà soát danh mục dự án đầu tư công trung hạn, hằng năm được đầu tư từ ngân sách tỉnh.",
                 "Đưa tin về cải cách hành chính trong chương trình thời sự hằng ngày.",
                 "Tham mưu kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030 của Chương trình."):
        assert find_deadlines(text, doc_date=D("2026-01-15")) == []
    (found,) = find_deadlines("Các xã báo cáo hằng tháng về Sở Tài chính.", doc_date=D("2026-01-15"))
    assert found.recurrence == "monthly"
    # The recurrent budget of a year ("nguồn chi thường xuyên năm 2026") is neither a recurrence nor a deadline.
    assert find_deadlines("Bố trí kinh phí từ nguồn chi thường xuyên năm 2026.", doc_date=D("2026-01-15")) == []


def test_a_draft_with_a_blank_day_counts_a_monthly_or_weekly_day_from_its_month_end():
    """An unsigned draft ("ngày   tháng 01 năm 2026") may be signed up to the month's last day:
    the first monthly or weekly day surely after the signing comes after it."""
    (monthly,) = find_deadlines("Các sở báo cáo kết quả chậm nhất vào ngày 05 hằng tháng.", doc_year=2026, doc_month=1)
    assert (monthly.end, monthly.recurrence) == (D("2026-02-05"), "monthly")
    (weekly,) = find_deadlines("Định kỳ hằng tuần (trước 16 giờ ngày thứ sáu) báo cáo tiến độ.", doc_year=2026,
                               doc_month=4)
    assert (weekly.end, weekly.recurrence) == (D("2026-05-01"), "weekly")
    (relative,) = find_deadlines("Hoàn thành trong 10 ngày kể từ ngày ký.", doc_year=2026, doc_month=4)
    assert (relative.start, relative.end) == (None, None)  # counted from a day no one knows yet


def test_the_same_day_is_the_day_of_the_document_and_a_day_named_after_it_is_not():
    issued = date(2026, 8, 13)
    [found] = find_deadlines("Sơ tán các hộ dân ven suối ngay trong ngày; bố trí nơi ở tạm.", issued, 2026)
    assert (found.text, found.start, found.end) == ("ngay trong ngày", issued, issued)
    assert find_deadlines("Tổ chức gian hàng trong ngày hội văn hóa các dân tộc.", issued, 2026) == []


def test_a_recurring_duty_runs_until_the_end_it_names():
    [found] = find_deadlines("Đài tỉnh đưa tin thường xuyên từ nay đến hết tháng 3/2027.", date(2026, 12, 1), 2026)
    assert (found.text, found.end, found.recurrence) == ("thường xuyên từ nay đến hết tháng 3/2027",
                                                         date(2027, 3, 31), "continuous")


def test_a_first_date_then_every_year_and_a_start_from_this_year_on():
    (found,) = find_deadlines("Bố trí kinh phí sự nghiệp môi trường trước ngày 31/12/2025 và hằng năm.",
                              doc_date=D("2025-05-16"))
    assert (found.text, found.end, found.recurrence) == ("trước ngày 31/12/2025 và hằng năm", D("2025-12-31"), "yearly")
    (found,) = find_deadlines("Triển khai phân loại rác tại nguồn từ năm 2025 và các năm tiếp theo.",
                              doc_date=D("2025-05-16"))
    assert (found.start, found.end) == (D("2025-01-01"), None)
    assert find_deadlines("Từ năm 2020, tỉnh đã triển khai phân loại rác.", doc_date=D("2025-05-16")) == []


def test_a_day_of_each_quarter_recurs_every_quarter():
    (found,) = find_deadlines("Các huyện gửi báo cáo về Sở Nội vụ trước ngày 20 của tháng cuối quý.",
                              doc_date=D("2026-05-21"))
    assert (found.text, found.end, found.recurrence) == ("trước ngày 20 của tháng cuối quý", D("2026-06-20"),
                                                         "quarterly")
    (found,) = find_deadlines("Báo cáo kết quả trước ngày 10 tháng đầu tiên của quý sau.", doc_date=D("2026-05-21"))
    assert (found.end, found.recurrence) == (D("2026-07-10"), "quarterly")
    (found,) = find_deadlines("Tổng hợp trước ngày 25 tháng cuối quý.", doc_date=D("2026-06-28"))
    assert found.end == D("2026-09-25")  # this quarter's day has passed: the next quarter's


def test_the_day_of_a_monthly_or_yearly_recurrence_named_apart_from_it():
    (found,) = find_deadlines("Định kỳ hằng tháng, gửi báo cáo về Sở Nội vụ trước ngày 25.", doc_date=D("2026-03-27"))
    assert (found.text, found.end, found.recurrence) == ("trước ngày 25", D("2026-04-25"), "monthly")
    (found,) = find_deadlines("Các xã báo cáo hằng tháng vào ngày 25.", doc_date=D("2026-03-10"))
    assert (found.end, found.recurrence) == (D("2026-03-25"), "monthly")
    (found,) = find_deadlines("Định kỳ hằng tuần, tổng hợp tình hình, báo cáo UBND tỉnh vào ngày thứ Sáu.",
                              doc_date=D("2026-03-10"))
    assert (found.text, found.end, found.recurrence) == ("vào ngày thứ Sáu", D("2026-03-13"), "weekly")
    (found,) = find_deadlines("Hằng năm, Sở Tài chính tổng hợp, báo cáo UBND tỉnh trước ngày 15/12.",
                              doc_date=D("2026-03-10"))
    assert (found.text, found.end, found.recurrence) == ("trước ngày 15/12", D("2026-12-15"), "yearly")
    # A date with its year, or a day in another clause, is a deadline of its own.
    (_, found) = find_deadlines("Hằng năm, Sở Tài chính báo cáo trước ngày 15/12/2026.", doc_date=D("2026-03-10"))
    assert (found.end, found.recurrence) == (D("2026-12-15"), None)
    found = find_deadlines("Hằng tháng, các sở báo cáo tiến độ; trước ngày 25 tổng hợp.", doc_date=D("2026-03-10"))
    assert [d.recurrence for d in found] == ["monthly", None]


def test_a_year_and_the_years_after_it_is_open_ended():
    for text in ("Thời gian thực hiện: Năm 2026 và các năm tiếp theo.",
                 "Duy trì mô hình trong năm 2026 và những năm tiếp theo."):
        (found,) = find_deadlines(text, doc_date=D("2025-12-01"))
        assert (found.start, found.end) == (D("2026-01-01"), None)
        assert found.text.endswith("năm tiếp theo")


def test_a_dash_between_two_dates_spans_them():
    cells = {"Từ 01/12/2025 - 31/12/2025": (D("2025-12-01"), D("2025-12-31")),
             "01/3 - 30/4/2026": (D("2026-03-01"), D("2026-04-30")),
             "Tháng 6/2026 - 12/2026": (D("2026-06-01"), D("2026-12-31")),
             "Tháng 12/2025 - tháng 02/2026": (D("2025-12-01"), D("2026-02-28")),
             "Quý I - Quý II/2026": (D("2026-01-01"), D("2026-06-30"))}
    for cell, (start, end) in cells.items():
        (found,) = find_deadlines(cell, doc_date=D("2025-11-20"))
        assert (found.text, found.start, found.end) == (cell, start, end)
    (found,) = find_deadlines("Ngày 15/12/2025 - Hội nghị sơ kết công tác năm.", doc_date=D("2025-11-20"))
    assert found.text == "Ngày 15/12/2025"


def test_within_a_time_counted_from_the_plan():
    (found,) = find_deadlines("Hoàn thành trong thời gian 30 ngày kể từ ngày Kế hoạch được ban hành.",
                              doc_date=D("2026-03-02"))
    assert (found.start, found.end) == (D("2026-03-02"), D("2026-04-01"))


def test_the_period_or_day_the_figures_cover_is_no_deadline():
    for text, end in (
            ("Báo cáo được lập và nộp trước ngày 15 tháng 02 của năm liền kề sau năm báo cáo, kỳ báo cáo là 01 năm "
             "(từ 01 tháng 01 đến 31 tháng 12).", D("2026-02-15")),
            ("Gửi báo cáo về Sở Nội vụ trước ngày 20/12/2025 (số liệu tính đến ngày 15/12/2025).", D("2025-12-20")),
            ("Kỳ báo cáo từ ngày 15/12/2024 đến ngày 14/12/2025; gửi báo cáo trước ngày 20/12/2025.", D("2025-12-20"))):
        assert [d.end for d in find_deadlines(text, doc_date=D("2025-11-20"))] == [end]


def test_a_cell_that_holds_only_a_year():
    assert (parse_deadline("2026").start, parse_deadline("2026").end) == (D("2026-01-01"), D("2026-12-31"))
    assert find_deadlines("Tỷ lệ hộ nghèo năm trước là 2026 hộ, giảm 12/2025 hộ.", doc_date=D("2025-11-20")) == []


def test_a_day_of_every_month_needs_no_lead_in():
    (found,) = find_deadlines("Các xã tổng hợp số liệu ngày 20 hằng tháng, gửi Sở Tài chính.", doc_date=D("2026-02-10"))
    assert (found.text, found.end, found.recurrence) == ("ngày 20 hằng tháng", D("2026-02-20"), "monthly")
    (found,) = find_deadlines("Báo cáo ngày 05 hàng tháng.", doc_date=D("2026-02-10"))
    assert (found.end, found.recurrence) == (D("2026-03-05"), "monthly")  # this month's day has passed
    assert find_deadlines("Lào Cai, ngày    tháng 3 năm 2026", doc_date=None, doc_year=2026) == []


def test_a_part_of_a_month_names_its_days():
    def span(phrase: str) -> tuple:
        found = parse_deadline(phrase, doc_date=D("2026-02-10"), doc_year=2026)
        return found.start, found.end

    assert span("đầu tháng 4/2026") == (D("2026-04-01"), D("2026-04-10"))
    assert span("trong tuần đầu của tháng 3/2026") == (D("2026-03-01"), D("2026-03-07"))
    assert span("giữa tháng 5/2026") == (D("2026-05-11"), D("2026-05-20"))
    assert span("cuối tháng 2/2028") == (D("2028-02-21"), D("2028-02-29"))
    assert span("tuần cuối tháng 6/2026") == (D("2026-06-24"), D("2026-06-30"))
    assert span("trước cuối tháng 3/2026") == (None, D("2026-03-31"))
