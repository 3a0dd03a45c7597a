"""Task extraction rules, each pinned with a sentence or table written for the test."""

from datetime import date

from extract.record import Metadata
from extract.tasks import extract_tasks, parse_clause
from extract.units import split_units
from pipeline.document import HEADING, LIST_ITEM, PARAGRAPH, DocumentBuilder


def build(*items, doc_type="Kế hoạch", year=2023, issued=date(2023, 2, 22), issuer=None):
    builder = DocumentBuilder(b"test", "test.docx", "docx")
    for item in items:
        if isinstance(item, list):
            builder.add_table([[(cell, (r, c)) for c, cell in enumerate(row)] for r, row in enumerate(item)])
        else:
            kind, text = item
            builder.add_text(text, kind)
    document = builder.build()
    return extract_tasks(document, Metadata(doc_type=doc_type, issued_date=issued, year=year, issuer=issuer))


def leads(task):
    return [u.name for u in task.lead]


def supports(task):
    return [u.name for u in task.support]


def test_giao_clause_gives_lead_support_and_quarter_deadline():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (PARAGRAPH, "Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính và các cơ quan liên quan xây dựng "
                              "kế hoạch kiểm tra việc thực hiện Chương trình phối hợp trong quý III năm 2023."))
    assert len(tasks) == 1
    task = tasks[0]
    assert leads(task) == ["Sở Nội vụ"]
    assert supports(task) == ["Sở Tài chính", "các cơ quan liên quan"]
    assert [(u.canonical, u.kind) for u in task.support] == [("Sở Tài chính", "agency"),
                                                             ("các cơ quan, đơn vị", "class")]
    assert task.text.startswith("xây dựng kế hoạch kiểm tra")
    assert "quý III" not in task.text
    assert (task.deadline.start, task.deadline.end) == (date(2023, 7, 1), date(2023, 9, 30))
    assert task.span.rule.startswith("opener")


def test_duties_under_a_unit_heading_are_led_by_it():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "1. Sở Văn hóa, Thể thao và Du lịch"),
                  (LIST_ITEM, "- Tổ chức các hoạt động tuyên truyền về phong trào thi đua trên địa bàn tỉnh."),
                  (LIST_ITEM, "- Chủ trì, phối hợp với Báo Lào Cai đăng tải tin bài về các điển hình tiên tiến."),
                  (LIST_ITEM, "2. Công an tỉnh"),
                  (LIST_ITEM, "- Bảo đảm an ninh, trật tự tại các điểm tổ chức sự kiện của tỉnh."))
    assert [leads(t) for t in tasks] == [["Sở Văn hóa, Thể thao và Du lịch"]] * 2 + [["Công an tỉnh"]]
    assert supports(tasks[1]) == ["Báo Lào Cai"]


def test_goals_section_and_legal_bases_hold_no_task():
    tasks = build((PARAGRAPH, "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;"),
                  (HEADING, "I. MỤC ĐÍCH, YÊU CẦU"),
                  (LIST_ITEM, "- Các sở, ban, ngành nâng cao nhận thức về công tác phối hợp."),
                  (HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "- Các sở, ban, ngành chủ động xây dựng kế hoạch thực hiện, hoàn thành trước ngày 30/6/2023."))
    assert len(tasks) == 1
    assert leads(tasks[0]) == ["Các sở, ban, ngành"]
    assert tasks[0].deadline.end == date(2023, 6, 30)


def test_class_of_units_is_not_split_but_two_units_are():
    assert split_units("Các sở, ban, ngành và UBND các huyện, thị xã, thành phố") == \
        ["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"]
    assert split_units("Sở Nông nghiệp và Môi trường, Công an tỉnh") == \
        ["Sở Nông nghiệp và Môi trường", "Công an tỉnh"]


def test_request_and_responsibility_clauses():
    clause = parse_clause("Đề nghị Ủy ban MTTQ Việt Nam tỉnh tăng cường giám sát việc thực hiện chính sách.")
    assert clause.lead == ["Ủy ban MTTQ Việt Nam tỉnh"]
    clause = parse_clause("Sở Tài chính có trách nhiệm bố trí kinh phí thực hiện Kế hoạch.")
    assert clause.lead == ["Sở Tài chính"] and clause.rest.startswith("bố trí kinh phí")


def test_report_only_recounts_past_work_except_requests():
    tasks = build((HEADING, "I. KẾT QUẢ THỰC HIỆN"),
                  (PARAGRAPH, "Sở Nội vụ đã tổ chức kiểm tra tại 12 cơ quan, đơn vị."),
                  (HEADING, "II. ĐỀ XUẤT, KIẾN NGHỊ"),
                  (PARAGRAPH, "Đề nghị Bộ Nội vụ sớm ban hành hướng dẫn về sắp xếp đơn vị sự nghiệp."),
                  doc_type="Báo cáo")
    assert [leads(t) for t in tasks] == [["Bộ Nội vụ"]]


def test_execution_clause_of_a_decision_is_not_a_task():
    tasks = build((PARAGRAPH, "Điều 2. Chánh Văn phòng UBND tỉnh, Giám đốc các sở, ban, ngành chịu trách nhiệm "
                              "thi hành Quyết định này."), doc_type="Quyết định")
    assert tasks == []


def test_task_table_with_merged_lead_and_group_rows():
    table = [["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
             ["I", "Công tác tuyên truyền", "Công tác tuyên truyền", "Công tác tuyên truyền", "Công tác tuyên truyền"],
             ["1", "Tổ chức hội nghị quán triệt Kế hoạch", "Sở Nội vụ", "Các sở, ban, ngành", "Quý II/2023"],
             ["2", "Xây dựng chuyên mục trên Cổng thông tin điện tử", "Sở Nội vụ", "", "Thường xuyên"]]
    builder = DocumentBuilder(b"t", "t.docx", "docx")
    grid = [[(cell, (r, c)) for c, cell in enumerate(row)] for r, row in enumerate(table)]
    grid[1] = [(table[1][0], (1, 0))] * 5  # the group row spans the table
    grid[3][2] = grid[2][2]  # the lead cell is merged over two rows
    builder.add_table(grid)
    tasks = extract_tasks(builder.build(), Metadata(doc_type="Kế hoạch", year=2023, issued_date=date(2023, 2, 22)))
    assert [t.text for t in tasks] == ["Tổ chức hội nghị quán triệt Kế hoạch",
                                       "Xây dựng chuyên mục trên Cổng thông tin điện tử"]
    assert [leads(t) for t in tasks] == [["Sở Nội vụ"], ["Sở Nội vụ"]]
    assert supports(tasks[0]) == ["Các sở, ban, ngành"]
    assert tasks[0].deadline.end == date(2023, 6, 30)
    assert tasks[1].deadline.recurrence == "continuous"
    assert tasks[0].span.rule == "table"


def test_task_table_headed_by_two_rows_splitting_the_bodies_into_lead_and_cooperating():
    table = [["TT", "Nhiệm vụ", "Cơ quan thực hiện", "", "Thời gian"],
             ["", "", "Chủ trì", "Phối hợp", ""],
             ["1", "Xây dựng cơ sở dữ liệu đất đai", "Sở Nông nghiệp và Môi trường", "Sở Tài chính, UBND các xã",
              "Quý II/2026"],
             ["2", "Rà soát quy hoạch xây dựng", "Sở Xây dựng", "Các sở, ngành liên quan", "Năm 2026"]]
    grid = [[(cell, (r, c)) for c, cell in enumerate(row)] for r, row in enumerate(table)]
    grid[0][3] = grid[0][2]  # "Cơ quan thực hiện" spans the two columns under it
    for c in (0, 1, 4):
        grid[1][c] = grid[0][c]  # the other labels span the two header rows
    builder = DocumentBuilder(b"t", "t.docx", "docx")
    builder.add_table(grid)
    tasks = extract_tasks(builder.build(), Metadata(doc_type="Kế hoạch", year=2026, issued_date=date(2026, 1, 5)))
    assert [(t.text, leads(t), supports(t), t.deadline.end) for t in tasks] == [
        ("Xây dựng cơ sở dữ liệu đất đai", ["Sở Nông nghiệp và Môi trường"], ["Sở Tài chính", "UBND các xã"],
         date(2026, 6, 30)),
        ("Rà soát quy hoạch xây dựng", ["Sở Xây dựng"], ["Các sở, ngành liên quan"], date(2026, 12, 31))]


def test_a_cited_legal_basis_listing_bodies_is_not_a_task():
    tasks = build((PARAGRAPH, "Căn cứ Nghị quyết liên tịch số 403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN ngày 15/6/2017 "
                              "của Ủy ban Thường vụ Quốc hội, Chính phủ, Đoàn Chủ tịch Ủy ban Trung ương Mặt trận "
                              "Tổ quốc Việt Nam quy định chi tiết các hình thức giám sát, phản biện xã hội;"),
                  (PARAGRAPH, "Căn cứ Kế hoạch này, các sở, ban, ngành chủ động xây dựng kế hoạch của đơn vị."))
    assert [leads(t) for t in tasks] == [["các sở, ban, ngành"]]


def test_units_heading_keeps_its_related_bodies_and_leads_the_duties_below():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (LIST_ITEM, "3. Các sở, ngành; UBND các xã, phường; các đơn vị sự nghiệp có liên quan"),
                  (LIST_ITEM, "a) Xây dựng kế hoạch tuyên tuyền cụ thể tại cơ quan, đơn vị mình."),
                  (LIST_ITEM, "b) Báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/12/2023."))
    assert len(tasks) == 2
    assert leads(tasks[0]) == ["Các sở, ngành", "UBND các xã, phường", "các đơn vị sự nghiệp có liên quan"]


def test_a_bare_office_word_is_a_verb_not_a_unit():
    assert parse_clause("Lãnh đạo, chỉ đạo các phòng chuyên môn rà soát hồ sơ tồn đọng.").lead == []
    assert parse_clause("Giám đốc Sở Xây dựng chỉ đạo rà soát hồ sơ tồn đọng.").lead == ["Giám đốc Sở Xây dựng"]


def test_request_after_an_adverbial_in_a_report():
    clause = parse_clause("Về vướng mắc nêu trên, kính đề nghị Bộ Xây dựng có văn bản hướng dẫn thống nhất.")
    assert clause.lead == ["Bộ Xây dựng"] and clause.rest.startswith("có văn bản hướng dẫn")
    tasks = build((HEADING, "I. KẾT QUẢ THỰC HIỆN"),
                  (PARAGRAPH, "Ngày 05/3/2023, UBND tỉnh đã có văn bản chỉ đạo, yêu cầu các sở, ngành rà soát "
                              "danh mục dự án."),
                  (PARAGRAPH, "Để nâng cao hiệu quả công tác thời gian tới, tiếp tục yêu cầu các sở, ngành và "
                              "địa phương:"),
                  (LIST_ITEM, "- Tăng cường kiểm tra việc chấp hành quy định về an toàn thực phẩm."),
                  (PARAGRAPH, "Trên đây là báo cáo kết quả thực hiện năm 2023, trân trọng đề nghị Bộ Y tế xem xét, "
                              "tổng hợp."),
                  doc_type="Báo cáo")
    assert [(t.text, leads(t)) for t in tasks] == [
        ("Tăng cường kiểm tra việc chấp hành quy định về an toàn thực phẩm", ["các sở, ngành", "địa phương"])]


def test_a_duty_that_asks_a_third_party_stays_with_its_unit():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "1. Công an tỉnh:"),
                  (LIST_ITEM, "- Phối hợp với Sở Xây dựng kiểm tra các bến bãi, yêu cầu các chủ bến bãi chấp hành "
                              "quy định về an toàn giao thông."))
    assert [leads(t) for t in tasks] == [["Công an tỉnh"]]
    assert supports(tasks[0]) == ["Sở Xây dựng"]


def letter_leads(addressee: str, **metadata) -> list[list[str]]:
    """The lead units of a one-duty letter to `addressee` ("Kính gửi: ..."), issued as `metadata` says."""
    builder = DocumentBuilder(b"t", "t.docx", "docx")
    builder.add_text(f"Kính gửi: {addressee}", PARAGRAPH)
    builder.add_text("1. Niêm yết công khai giá bán lẻ xăng dầu tại cửa hàng.", LIST_ITEM)
    return [leads(t) for t in extract_tasks(builder.build(), Metadata(doc_type="Công văn", **metadata))]


def test_addressee_within_the_province_is_named_with_the_issuers_province():
    assert letter_leads("Các cơ sở kinh doanh xăng dầu trên địa bàn tỉnh", issuer="Sở Công Thương",
                        parent_issuer="Ủy ban nhân dân tỉnh Yên Bái", year=2023) == [
        ["Các cơ sở kinh doanh xăng dầu trên địa bàn tỉnh Yên Bái"]]


def test_a_centrally_run_city_is_a_province_level_too():
    assert letter_leads("Các cửa hàng kinh doanh xăng dầu trên địa bàn Thành phố", issuer="Sở Công Thương",
                        parent_issuer="Ủy ban nhân dân thành phố Hà Nội", year=2025) == [
        ["Các cửa hàng kinh doanh xăng dầu trên địa bàn Thành phố Hà Nội"]]
    clause = parse_clause("Ủy ban nhân dân Thành phố giao Sở Xây dựng chủ trì, phối hợp với các sở, ngành Thành phố "
                          "có liên quan rà soát các công trình nhà ở cao tầng.")
    assert (clause.lead, clause.support) == (["Sở Xây dựng"], ["các sở, ngành Thành phố có liên quan"])
    assert clause.rule == "opener:ủy ban nhân dân thành phố giao"
    assert parse_clause("UBND TP. Hồ Chí Minh giao Sở Tài chính tham mưu bố trí kinh phí.").lead == ["Sở Tài chính"]


def test_an_addressee_of_another_level_keeps_its_name():
    assert letter_leads("Các hộ kinh doanh trên địa bàn thành phố", issuer="Ủy ban nhân dân tỉnh Lào Cai",
                        year=2025) == [["Các hộ kinh doanh trên địa bàn thành phố"]]


def test_later_sentences_of_a_paragraph_keep_its_unit():
    tasks = build((HEADING, "IV. TỔ CHỨC THỰC HIỆN"),
                  (LIST_ITEM, "2. Đài Phát thanh và Truyền hình tỉnh mở chuyên mục về chuyển đổi số trong năm 2023. "
                              "Phản ánh kịp thời các mô hình hay, cách làm sáng tạo ở cơ sở."))
    assert [leads(t) for t in tasks] == [["Đài Phát thanh và Truyền hình tỉnh"]] * 2
    assert tasks[1].text.startswith("Phản ánh kịp thời")


def test_a_line_with_its_own_duty_over_a_list_is_a_task_too():
    tasks = build((HEADING, "III. NỘI DUNG"),
                  (PARAGRAPH, "Ủy ban nhân dân tỉnh ban hành Kế hoạch tổ chức Ngày Sách năm 2023 như sau:"),
                  (LIST_ITEM, "1. Sở Văn hóa, Thể thao và Du lịch chủ trì tổ chức Hội sách tỉnh năm 2023, gồm "
                              "các hoạt động sau:"),
                  (LIST_ITEM, "a) Trưng bày sách về lịch sử địa phương."),
                  (LIST_ITEM, "2. Sở Giáo dục và Đào tạo thực hiện các nhiệm vụ sau:"),
                  (LIST_ITEM, "a) Phát động phong trào đọc sách trong trường học."),
                  issuer="Ủy ban nhân dân tỉnh Hà Giang")
    assert [(t.text, leads(t)) for t in tasks] == [
        ("tổ chức Hội sách tỉnh năm 2023, gồm các hoạt động sau", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Trưng bày sách về lịch sử địa phương", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Phát động phong trào đọc sách trong trường học", ["Sở Giáo dục và Đào tạo"])]


def test_the_issuer_introducing_its_document_is_no_task():
    tasks = build((HEADING, "III. NỘI DUNG"),
                  (PARAGRAPH, "Ủy ban nhân dân Thành phố ban hành Kế hoạch tổ chức Ngày hội đọc sách năm 2025, gồm "
                              "các hoạt động sau:"),
                  (LIST_ITEM, "1. Sở Văn hóa và Thể thao trưng bày sách về lịch sử Thủ đô."),
                  issuer="Ủy ban nhân dân thành phố Hà Nội")
    assert [(t.text, leads(t)) for t in tasks] == [
        ("trưng bày sách về lịch sử Thủ đô", ["Sở Văn hóa và Thể thao"])]


def test_a_recurrence_after_the_subject_opens_the_duty():
    tasks = build((HEADING, "IV. TỔ CHỨC THỰC HIỆN"),
                  (PARAGRAPH, "Các sở, ngành, địa phương định kỳ hằng năm (trước ngày 05/12) báo cáo Ủy ban nhân dân "
                              "tỉnh kết quả thực hiện Kế hoạch."))
    assert [(leads(t), t.deadline.recurrence) for t in tasks] == [(["Các sở, ngành, địa phương"], "yearly")]
    assert tasks[0].text.startswith("định kỳ hằng năm")


def test_units_listed_after_a_request_stay_in_the_unit_phrase():
    clause = parse_clause("Sở Công Thương đề nghị các đơn vị, tổ chức, cá nhân có liên quan thực hiện niêm yết giá bán.")
    assert (clause.lead, clause.rest) == (["các đơn vị", "tổ chức, cá nhân có liên quan"],
                                          "thực hiện niêm yết giá bán.")
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (PARAGRAPH, "Sở Công Thương đề nghị các đơn vị, tổ chức, cá nhân quan tâm, nghiêm túc triển khai "
                              "thực hiện./"))
    assert tasks == []


def test_an_account_of_a_letter_received_assigns_nothing():
    clause = parse_clause("Ủy ban nhân dân tỉnh nhận được Văn bản số 120/BXD-KHCN ngày 02/3/2026 của Bộ Xây dựng về "
                          "triển khai thực hiện quy chuẩn kỹ thuật quốc gia.")
    assert (clause.lead, clause.support) == ([], [])


def test_a_bare_locality_is_a_unit_only_where_units_are_named():
    clause = parse_clause("Sở Tài chính phối hợp với địa phương cân đối ngân sách địa phương cho các dự án ở địa phương.")
    assert (clause.lead, clause.support) == (["Sở Tài chính"], ["địa phương"])
    assert clause.rest == "cân đối ngân sách địa phương cho các dự án ở địa phương."


def test_a_note_on_the_units_role_is_not_part_of_its_name():
    assert split_units("Sở Nội vụ (cơ quan thường trực Hội đồng Thi đua - Khen thưởng tỉnh)") == ["Sở Nội vụ"]
    assert split_units("Sở Nội vụ (Ban Tôn giáo)") == ["Sở Nội vụ (Ban Tôn giáo)"]


def test_members_named_after_a_colon_belong_to_the_class():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "1. Giao UBND các xã: Tân Lập, Minh Lương, Bản Xèo:"),
                  (LIST_ITEM, "- Hoàn thành hồ sơ điều chỉnh quy hoạch chung xã trong quý III/2023."))
    assert [leads(t) for t in tasks] == [["UBND các xã: Tân Lập, Minh Lương, Bản Xèo"]]


def test_closing_formula_and_topic_headings_are_not_tasks():
    tasks = build((PARAGRAPH, "Kính gửi: Ban Quản lý rừng phòng hộ Mường La"),
                  (LIST_ITEM, "1. Đối với công tác phòng cháy, chữa cháy rừng"),
                  (LIST_ITEM, "- Xây dựng phương án chữa cháy rừng tại các khu rừng trọng điểm."),
                  (PARAGRAPH, "Đề nghị các cơ quan, đơn vị liên quan nghiêm túc triển khai thực hiện./."),
                  doc_type="Công văn")
    assert [(t.text, leads(t)) for t in tasks] == [
        ("Xây dựng phương án chữa cháy rừng tại các khu rừng trọng điểm", ["Ban Quản lý rừng phòng hộ Mường La"])]


def test_the_unit_asked_leads_not_the_one_asking():
    clause = parse_clause("Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh, thành phố chỉ đạo rà soát các khoản thu.")
    assert clause.lead == ["Ủy ban nhân dân các tỉnh, thành phố"] and clause.rest.startswith("chỉ đạo rà soát")


def test_weighing_circumstances_is_a_duty_citing_a_document_is_not():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (LIST_ITEM, "1. UBND các xã, phường"),
                  (LIST_ITEM, "- Căn cứ Quyết định số 12/2023/QĐ-UBND ngày 10/3/2023 của UBND tỉnh;"),
                  (LIST_ITEM, "- Căn cứ tình hình thực tế ở địa phương, bố trí kinh phí cho đội tình nguyện."))
    assert [t.text for t in tasks] == [
        "Căn cứ tình hình thực tế ở địa phương, bố trí kinh phí cho đội tình nguyện"]


def test_a_bullet_styled_as_a_heading_is_still_a_duty():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "1. Sở Y tế"),
                  (HEADING, "- Tổ chức tiêm chủng mở rộng cho trẻ em dưới 5 tuổi."))
    assert [leads(t) for t in tasks] == [["Sở Y tế"]]


def test_an_unnumbered_assignment_leads_the_numbered_items_below_it():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (PARAGRAPH, "Giao Sở Xây dựng chủ trì, phối hợp với các cơ quan liên quan:"),
                  (LIST_ITEM, "1. Theo dõi, đôn đốc việc thực hiện các nội dung kết luận."),
                  (LIST_ITEM, "2. Tổng hợp khó khăn, vướng mắc, báo cáo UBND tỉnh trước ngày 20/12/2023."),
                  (PARAGRAPH, "Trân trọng thông báo ý kiến kết luận của Chủ tịch UBND tỉnh để các cơ quan biết, "
                              "thực hiện./."), doc_type="Thông báo")
    assert [leads(t) for t in tasks] == [["Sở Xây dựng"]] * 2
    assert supports(tasks[0]) == ["các cơ quan liên quan"]


def test_a_section_describing_the_work_keeps_duties_that_name_their_unit():
    tasks = build((HEADING, "II. ĐỐI TƯỢNG, NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN"),
                  (LIST_ITEM, "a) Tuyên truyền về lợi ích của dịch vụ công trực tuyến."),
                  (LIST_ITEM, "b) Các sở, ngành; UBND các xã, phường đưa nội dung chuyển đổi số vào hội nghị "
                              "giao ban; khuyến khích cán bộ viết tin, bài."),
                  (LIST_ITEM, "c) Các cơ quan chuyên môn thuộc UBND tỉnh và Ban Quản lý các khu công nghiệp tỉnh"))
    assert [(leads(t), t.text[:18]) for t in tasks] == [
        (["Các sở, ngành", "UBND các xã, phường"], "đưa nội dung chuyể")]


def test_a_line_announcing_a_list_without_its_colon_is_not_a_task():
    builder_items = [(PARAGRAPH, "Kính gửi: Các cơ sở sản xuất nước đá trên địa bàn tỉnh"),
                     (LIST_ITEM, "1. Trước khi đưa sản phẩm ra thị trường phải thực hiện đầy đủ các nội dung sau"),
                     (LIST_ITEM, "- Xét nghiệm mẫu nước đá định kỳ tại cơ sở kiểm nghiệm được công nhận.")]
    tasks = build(*builder_items, doc_type="Công văn")
    assert [t.text for t in tasks] == ["Xét nghiệm mẫu nước đá định kỳ tại cơ sở kiểm nghiệm được công nhận"]


def test_organisations_after_an_article_are_units_not_a_verb():
    clause = parse_clause("Hội Nông dân huyện và các tổ chức chính trị - xã hội huyện vận động hội viên tham gia.")
    assert clause.lead == ["Hội Nông dân huyện", "các tổ chức chính trị - xã hội huyện"]
    assert split_units("Văn phòng Đoàn ĐBQH và HĐND tỉnh") == ["Văn phòng Đoàn ĐBQH và HĐND tỉnh"]


def test_procedure_lists_notes_and_the_notice_formula_are_not_tasks():
    procedures = [["STT", "Tên thủ tục hành chính", "Cơ quan thực hiện"],
                  ["1", "Cấp giấy phép kinh doanh karaoke", "Sở Văn hóa, Thể thao và Du lịch"]]
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "1. Sở Tư pháp chủ trì rà soát các thủ tục hành chính thuộc thẩm quyền của tỉnh."),
                  (PARAGRAPH, "(Chi tiết nhiệm vụ có Phụ lục kèm theo)"),
                  procedures,
                  (PARAGRAPH, "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./."))
    assert [leads(t) for t in tasks] == [["Sở Tư pháp"]]


def test_cooperating_units_inside_a_duty():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "1. Sở Công Thương"),
                  (LIST_ITEM, "- Cùng các ngân hàng thương mại hỗ trợ thanh toán không dùng tiền mặt tại chợ."),
                  (LIST_ITEM, "2. Sở Tư pháp theo chức năng, nhiệm vụ chủ động hướng dẫn, phối hợp UBND các xã, "
                              "phường rà soát hương ước."),
                  (LIST_ITEM, "3. Sở Y tế chủ trì, phối hợp với cơ quan, tổ chức liên quan kiểm tra an toàn thực phẩm."))
    assert [supports(t) for t in tasks] == [
        ["các ngân hàng thương mại"], ["UBND các xã, phường"], ["cơ quan, tổ chức liên quan"]]


def test_a_known_unit_keeps_the_verbs_of_its_name():
    clause = parse_clause("Ban Quản lý dự án đầu tư xây dựng tỉnh đôn đốc nhà thầu thi công đúng tiến độ.")
    assert clause.lead == ["Ban Quản lý dự án đầu tư xây dựng tỉnh"] and clause.rest.startswith("đôn đốc")


def test_a_registered_unit_keeps_a_verb_inside_its_name():
    clause = parse_clause("Trung tâm Dịch vụ việc làm tỉnh chủ trì, phối hợp với các xã tổ chức phiên giao dịch việc làm.")
    assert (clause.lead, clause.support) == (["Trung tâm Dịch vụ việc làm tỉnh"], ["các xã"])


def test_resolution_closing_clauses_are_not_tasks():
    tasks = build((PARAGRAPH, "Điều 4. Tổ chức thực hiện"),
                  (PARAGRAPH, "1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết."),
                  (PARAGRAPH, "2. Thường trực Hội đồng nhân dân, các Ban của Hội đồng nhân dân và đại biểu Hội "
                              "đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết này."),
                  doc_type="Nghị quyết")
    assert tasks == []


def test_office_holders_lead_and_a_closing_order_is_no_task():
    tasks = build((PARAGRAPH, "Theo dự báo, mưa lớn còn kéo dài. Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:"),
                  (PARAGRAPH, "1. Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh, Giám đốc Công an tỉnh bố trí lực "
                              "lượng ứng trực tại các xã vùng cao."),
                  (PARAGRAPH, "Yêu cầu Giám đốc các Sở, Chủ tịch Ủy ban nhân dân các xã nghiêm túc thực hiện "
                              "Công điện này./."),
                  doc_type="Công điện")
    assert [leads(t) for t in tasks] == [["Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", "Giám đốc Công an tỉnh"]]


def test_the_unit_phrase_ends_at_lead_open_and_raise():
    assert parse_clause("Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo, chỉ đạo việc sắp xếp trụ sở.").lead == [
        "Ban cán sự đảng Ủy ban nhân dân tỉnh"]
    assert parse_clause("Đài Phát thanh - Truyền hình tỉnh mở chuyên mục hỏi đáp pháp luật.").lead == [
        "Đài Phát thanh - Truyền hình tỉnh"]
    assert parse_clause("Báo và Phát thanh, Truyền hình Lào Cai tăng thời lượng phát sóng tiếng dân tộc.").lead == [
        "Báo và Phát thanh, Truyền hình Lào Cai"]


def test_a_verb_made_a_noun_by_viec_is_no_duty_of_the_unit_before_it():
    tasks = build((PARAGRAPH, "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng"),
                  (PARAGRAPH, "2. Đối tượng áp dụng:"),
                  (PARAGRAPH, "a) Hộ gia đình có nhà ở bị hư hỏng do thiên tai;"),
                  (PARAGRAPH, "b) Cơ quan, tổ chức, cá nhân có liên quan đến việc thực hiện chính sách."),
                  doc_type="Nghị quyết")
    assert tasks == []
    clause = parse_clause("Các đơn vị có liên quan đến việc thực hiện dự án chủ động phối hợp kiểm tra.")
    assert not clause.rest.startswith("thực hiện dự án")


def test_the_addressees_of_a_cong_dien_are_not_tasks():
    tasks = build((PARAGRAPH, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:"),
                  (PARAGRAPH, "- Giám đốc các Sở: Nông nghiệp và Môi trường, Xây dựng, Giáo dục và Đào tạo;"),
                  (PARAGRAPH, "- Chủ tịch Ủy ban nhân dân các xã, phường."),
                  (PARAGRAPH, "Để bảo đảm an toàn cho Nhân dân, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:"),
                  (PARAGRAPH, "1. Giám đốc Sở Công Thương chỉ đạo các doanh nghiệp bảo đảm cung ứng hàng hóa "
                              "thiết yếu cho vùng bị chia cắt."),
                  doc_type="Công điện")
    assert [(leads(t), t.text[:8]) for t in tasks] == [(["Giám đốc Sở Công Thương"], "chỉ đạo ")]


def test_offices_of_a_department_lead_and_equivalent_bodies_stay_in_the_unit():
    clause = parse_clause("Các phòng, đơn vị thuộc Sở căn cứ nhiệm vụ được giao xây dựng kế hoạch chi tiết.")
    assert (clause.lead, clause.rest[:7]) == (["Các phòng, đơn vị thuộc Sở"], "căn cứ ")
    assert parse_clause("Các phòng chuyên môn và tổ chức tương đương thuộc Ủy ban nhân dân xã lập danh sách "
                        "cán bộ.").lead == ["Các phòng chuyên môn và tổ chức tương đương thuộc Ủy ban nhân dân xã"]


def test_an_office_phong_is_a_unit_but_phong_chong_is_a_verb():
    clause = parse_clause("Giao Văn phòng Sở chủ trì, phối hợp với Phòng Kế hoạch - Tài chính tổng hợp số liệu.")
    assert (clause.lead, clause.support) == (["Văn phòng Sở"], ["Phòng Kế hoạch - Tài chính"])
    assert parse_clause("Phòng Văn hóa - Xã hội xã tổ chức tuyên truyền.").lead == ["Phòng Văn hóa - Xã hội xã"]
    assert parse_clause("Phòng, chống thiên tai là trách nhiệm của toàn dân.").lead == []


def test_a_semicolon_before_another_unit_and_its_duty_starts_a_task():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "2. Giám đốc Sở Công Thương kiểm tra việc cung ứng hàng hóa thiết yếu; Giám đốc Sở Tài "
                              "chính quyết định hỗ trợ kinh phí cho các xã bị thiệt hại trước ngày 20/9/2023."),
                  (LIST_ITEM, "3. Sở Xây dựng chủ trì rà soát các công trình xuống cấp; tổng hợp, báo cáo Ủy ban nhân "
                              "dân tỉnh."))
    assert [(leads(t), t.deadline.end if t.deadline else None) for t in tasks] == [
        (["Giám đốc Sở Công Thương"], None),
        (["Giám đốc Sở Tài chính"], date(2023, 9, 20)),
        (["Sở Xây dựng"], None)]
    assert tasks[2].text.endswith("tổng hợp, báo cáo Ủy ban nhân dân tỉnh")


def test_a_consequence_drawn_from_a_duty_belongs_to_it_but_one_drawn_from_facts_stands_alone():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (PARAGRAPH, "1. Sở Xây dựng:"),
                  (PARAGRAPH, "Xác định việc lập quy hoạch chung xã là nhiệm vụ trọng tâm. Do vậy đề nghị các "
                              "phòng chuyên môn tập trung hoàn thành trong quý II năm 2023."),
                  (PARAGRAPH, "2. Năm 2022, nguồn thu từ khoáng sản giảm mạnh so với cùng kỳ. Do đó, đề nghị Sở "
                              "Tài chính hướng dẫn các xã cân đối ngân sách."))
    assert [(t.text[:30], leads(t)) for t in tasks] == [
        ("Xác định việc lập quy hoạch ch", ["Sở Xây dựng"]),
        ("hướng dẫn các xã cân đối ngân ", ["Sở Tài chính"])]
    assert tasks[0].text.endswith("trọng tâm. Do vậy đề nghị các phòng chuyên môn tập trung")
    assert tasks[0].deadline.end == date(2023, 6, 30)


def test_the_plan_a_decision_issues_after_its_signature_assigns_duties():
    signature = [["Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLò Văn Cương"]]
    tasks = build((PARAGRAPH, "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2025."),
                  (PARAGRAPH, "Điều 2. Chánh Văn phòng UBND tỉnh, Giám đốc các sở chịu trách nhiệm thi hành "
                              "Quyết định này./."),
                  signature,
                  (PARAGRAPH, "Sở Tài chính tiếp tục rà soát các khoản chi thường xuyên trong tháng 5/2025."),
                  (HEADING, "KẾ HOẠCH"),
                  (PARAGRAPH, "(Ban hành kèm theo Quyết định số 215/QĐ-UBND ngày 14/3/2025 của UBND tỉnh)"),
                  (HEADING, "I. MỤC ĐÍCH, YÊU CẦU"),
                  (PARAGRAPH, "Các cơ quan, đơn vị quán triệt đầy đủ mục tiêu cải cách hành chính."),
                  (HEADING, "II. TỔ CHỨC THỰC HIỆN"),
                  (PARAGRAPH, "1. Sở Nội vụ theo dõi, đôn đốc các cơ quan, đơn vị thực hiện Kế hoạch; tổng hợp, "
                              "báo cáo UBND tỉnh trước ngày 15/12/2025."),
                  doc_type="Quyết định", year=2025, issued=date(2025, 3, 14))
    # Between the signature and the attached plan nothing assigns; in the plan its own sections decide.
    assert [(leads(t), t.deadline.end, t.section) for t in tasks] == [
        (["Sở Nội vụ"], date(2025, 12, 15), "TỔ CHỨC THỰC HIỆN")]


def test_a_unit_after_an_article_is_read_whatever_its_head():
    clause = parse_clause("Giao Trung tâm Kiểm soát bệnh tật tỉnh chủ trì, phối hợp với các Trung tâm Y tế huyện "
                          "cấp phát hóa chất, tổ chức phun hóa chất diệt muỗi tại các ổ dịch.")
    assert (clause.lead, clause.support) == (["Trung tâm Kiểm soát bệnh tật tỉnh"], ["các Trung tâm Y tế huyện"])
    assert clause.rest.startswith("cấp phát hóa chất")
    # An article before a common phrase makes no unit of it.
    assert parse_clause("Các hội nghị sơ kết được tổ chức trong quý II.").lead == []


def test_a_school_class_keeps_the_words_that_look_like_a_deadline():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (PARAGRAPH, "3. Các trường trung học phổ thông, trung tâm giáo dục thường xuyên triển khai sổ điểm "
                              "điện tử từ ngày 01/11/2024 đến ngày 31/5/2025."), year=2024, issued=date(2024, 10, 10))
    (task,) = tasks
    assert leads(task) == ["Các trường trung học phổ thông", "trung tâm giáo dục thường xuyên"]
    assert (task.text, task.deadline.recurrence) == ("triển khai sổ điểm điện tử", None)


def test_a_unit_heading_with_a_note_on_its_role_leads_the_duties_below():
    tasks = build((HEADING, "II. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN"),
                  (LIST_ITEM, "1. Phòng Nông nghiệp và Phát triển nông thôn (cơ quan thường trực Ban Chỉ huy phòng, "
                              "chống thiên tai huyện)"),
                  (LIST_ITEM, "- Tham mưu kiện toàn Ban Chỉ huy phòng, chống thiên tai huyện trước ngày 15/3/2024."),
                  (LIST_ITEM, "- Theo dõi, tổng hợp tình hình thiên tai, báo cáo UBND huyện kịp thời."),
                  year=2024, issued=date(2024, 3, 5))
    assert [leads(t) for t in tasks] == [["Phòng Nông nghiệp và Phát triển nông thôn"]] * 2
    assert tasks[0].text.startswith("Tham mưu kiện toàn")


def test_a_letter_asks_after_the_document_it_answers():
    tasks = build((PARAGRAPH, "Thực hiện chỉ đạo của Thủ tướng Chính phủ tại Công điện số 120/CĐ-TTg ngày 20/11/2024 "
                              "về đẩy mạnh giải ngân vốn đầu tư công, Bộ Xây dựng đề nghị Ủy ban nhân dân các tỉnh "
                              "chỉ đạo các cơ quan chuyên môn báo cáo tình hình giải ngân, gửi về Bộ Xây dựng trước "
                              "ngày 10/12/2024."),
                  (PARAGRAPH, "Bộ Xây dựng trân trọng cảm ơn sự phối hợp của Quý Ủy ban./."),
                  doc_type="Công văn", year=2024, issued=date(2024, 11, 28))
    (task,) = tasks
    assert leads(task) == ["Ủy ban nhân dân các tỉnh"]
    assert task.text.startswith("chỉ đạo các cơ quan chuyên môn") and task.deadline.end == date(2024, 12, 10)


def test_the_invited_are_given_no_duty_but_a_duty_in_an_invitation_counts():
    tasks = build((PARAGRAPH, "Văn phòng UBND tỉnh trân trọng kính mời:"),
                  (LIST_ITEM, "- Lãnh đạo Sở Giao thông vận tải, Sở Tài chính;"),
                  (LIST_ITEM, "- Lãnh đạo UBND thành phố Lào Cai."),
                  (PARAGRAPH, "Thời gian: 14 giờ 00 ngày 18/7/2024 (thứ Năm)."),
                  (PARAGRAPH, "Địa điểm: Phòng họp số 2, trụ sở UBND tỉnh."),
                  (PARAGRAPH, "Giao Sở Giao thông vận tải chuẩn bị báo cáo tiến độ dự án, gửi Văn phòng UBND tỉnh "
                              "trước 10 giờ ngày 17/7/2024."),
                  doc_type="Giấy mời", year=2024, issued=date(2024, 7, 15))
    assert [(leads(t), t.deadline.end) for t in tasks] == [(["Sở Giao thông vận tải"], date(2024, 7, 17))]


def test_a_duty_described_by_field_lines():
    tasks = build((HEADING, "II. NHIỆM VỤ, GIẢI PHÁP"),
                  (LIST_ITEM, "1. Công khai, minh bạch thủ tục hành chính"),
                  (LIST_ITEM, "- Cơ quan chủ trì: Văn phòng UBND tỉnh."),
                  (LIST_ITEM, "- Cơ quan phối hợp: Các sở, ban, ngành; UBND các huyện, thành phố, thị xã."),
                  (LIST_ITEM, "- Thời gian thực hiện: Thường xuyên."),
                  (LIST_ITEM, "2. Khảo sát sự hài lòng của người dân"),
                  (LIST_ITEM, "- Đơn vị thực hiện: Sở Nội vụ."),
                  (LIST_ITEM, "- Thời gian hoàn thành: Quý IV/2025."),
                  (LIST_ITEM, "3. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch."),
                  (LIST_ITEM, "- Thời gian thực hiện: Quý I/2025."),
                  year=2025, issued=date(2025, 2, 20))
    assert [(t.text, leads(t), supports(t), t.deadline and (t.deadline.end, t.deadline.recurrence))
            for t in tasks] == [
        ("Công khai, minh bạch thủ tục hành chính", ["Văn phòng UBND tỉnh"],
         ["Các sở, ban, ngành", "UBND các huyện, thành phố, thị xã"], (None, "continuous")),
        ("Khảo sát sự hài lòng của người dân", ["Sở Nội vụ"], [], (date(2025, 12, 31), None)),
        # a deadline line under a duty that names its unit is that duty's deadline
        ("bố trí kinh phí thực hiện Kế hoạch", ["Sở Tài chính"], [], (date(2025, 3, 31), None))]
    assert tasks[0].span.rule == "fields"


def test_an_investor_asked_to_act_is_a_unit():
    tasks = build((PARAGRAPH, "Sau khi nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau:"),
                  (LIST_ITEM, "1. Đồng ý chủ trương điều chỉnh cục bộ quy hoạch chi tiết dự án."),
                  (LIST_ITEM, "2. Yêu cầu nhà đầu tư tập trung nguồn lực triển khai dự án đúng tiến độ cam kết."),
                  doc_type="Thông báo", year=2025, issued=date(2025, 10, 9))
    assert [(leads(t), t.text) for t in tasks] == [
        (["nhà đầu tư"], "tập trung nguồn lực triển khai dự án đúng tiến độ cam kết")]


def test_the_chairman_requiring_heads_of_units_to_act():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (PARAGRAPH, "Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, Chủ tịch UBND các huyện, thị xã, thành "
                              "phố tập trung chỉ đạo thực hiện nghiêm các nội dung trên."))
    assert [leads(t) for t in tasks] == [["Giám đốc các sở", "Chủ tịch UBND các huyện, thị xã, thành phố"]]


def test_a_registered_unit_without_a_head_word_leads_and_a_person_named_by_office_does_not():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (PARAGRAPH, "Bảo hiểm xã hội tỉnh chủ trì, phối hợp với Sở Y tế thực hiện chi trả chế độ bảo hiểm "
                              "y tế kịp thời."),
                  (PARAGRAPH, "Viettel Lào Cai, VNPT Lào Cai bảo đảm hạ tầng viễn thông phục vụ chuyển đổi số."),
                  (PARAGRAPH, "Công an tỉnh chủ trì, phối hợp với lực lượng chức năng và chính quyền cơ sở tại các "
                              "địa bàn giáp biên giới tăng cường tuần tra."),
                  (PARAGRAPH, "Phó Chủ tịch UBND tỉnh tại cuộc họp nghe báo cáo tình hình thực hiện quy hoạch."))
    assert [(leads(t), supports(t)) for t in tasks] == [
        (["Bảo hiểm xã hội tỉnh"], ["Sở Y tế"]),
        (["Viettel Lào Cai", "VNPT Lào Cai"], []),
        (["Công an tỉnh"], ["lực lượng chức năng", "chính quyền cơ sở tại các địa bàn giáp biên giới"])]


def test_a_team_given_its_mission_and_dissolving_itself_after():
    tasks = build((PARAGRAPH, "Điều 2. Đoàn kiểm tra có nhiệm vụ kiểm tra việc chấp hành pháp luật về an toàn hóa chất "
                              "tại 10 doanh nghiệp; thời gian kiểm tra từ ngày 10/6/2025 đến ngày 30/6/2025. Đoàn kiểm "
                              "tra tự giải thể sau khi hoàn thành nhiệm vụ."),
                  doc_type="Quyết định", year=2025, issued=date(2025, 6, 3))
    (task,) = tasks
    assert leads(task) == ["Đoàn kiểm tra"] and task.text.startswith("có nhiệm vụ kiểm tra")
    assert (task.deadline.start, task.deadline.end) == (date(2025, 6, 10), date(2025, 6, 30))


def test_a_registered_unit_ends_where_a_verb_the_lists_lack_begins():
    clause = parse_clause("Đài Phát thanh và Truyền hình tỉnh phản ánh kịp thời các gương điển hình.")
    assert (clause.lead, clause.rest) == (["Đài Phát thanh và Truyền hình tỉnh"], "phản ánh kịp thời các gương điển hình.")
    # a class goes on in lower case
    assert parse_clause("Tổ chức, cá nhân hoạt động khoáng sản phải bảo vệ tài nguyên.").lead == [
        "Tổ chức, cá nhân hoạt động khoáng sản"]


def test_party_bodies_lead_as_other_units_do():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (PARAGRAPH, "Đảng đoàn Hội đồng nhân dân tỉnh, Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo thể chế "
                              "hóa các nội dung của Nghị quyết."),
                  (PARAGRAPH, "Chi bộ các cơ quan, đơn vị tổ chức sinh hoạt chuyên đề hằng quý."),
                  (PARAGRAPH, "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể chính trị - xã hội tỉnh "
                              "tăng cường giám sát."))
    assert [leads(t) for t in tasks] == [
        ["Đảng đoàn Hội đồng nhân dân tỉnh", "Ban cán sự đảng Ủy ban nhân dân tỉnh"],
        ["Chi bộ các cơ quan, đơn vị"],
        ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "các đoàn thể chính trị - xã hội tỉnh"]]


def test_a_duty_after_a_unit_and_a_colon_on_the_same_line():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (LIST_ITEM, "- UBND các xã, phường: Lập danh sách đối tượng tiêm chủng, báo cáo Trung tâm Y tế khu "
                              "vực trước ngày 15/7/2025."),
                  (LIST_ITEM, "- UBND các xã: Tân Lập, Minh Lương: rà soát các hộ có nguy cơ sạt lở."),
                  year=2025, issued=date(2025, 7, 1))
    assert [(leads(t), t.text[:13]) for t in tasks] == [(["UBND các xã, phường"], "Lập danh sách"),
                                                          (["UBND các xã: Tân Lập, Minh Lương"], "rà soát các h")]


def test_units_of_one_cell_that_say_their_role():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  [["TT", "Nội dung", "Đơn vị thực hiện", "Thời gian"],
                   ["1", "Bố trí kinh phí", "Sở Tài chính chủ trì; Sở Y tế phối hợp", "Quý I/2025"],
                   ["2", "Tuyên truyền phòng, chống dịch", "Sở Văn hóa, Thể thao và Du lịch;\nSở Y tế (phối hợp)",
                    "Thường xuyên"]],
                  year=2025, issued=date(2025, 1, 10))
    assert [(leads(t), supports(t)) for t in tasks] == [
        (["Sở Tài chính"], ["Sở Y tế"]), (["Sở Văn hóa, Thể thao và Du lịch"], ["Sở Y tế"])]


def test_the_label_announcing_a_deadline_leaves_with_it():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "1. Giao Sở Xây dựng hướng dẫn các địa phương tháo gỡ vướng mắc về giá vật liệu xây "
                              "dựng; thời gian thực hiện: thường xuyên."),
                  (LIST_ITEM, "2. Sở Y tế chủ trì kiểm tra an toàn thực phẩm tại các bếp ăn tập thể, thời hạn hoàn "
                              "thành: Quý IV/2023."))
    assert [t.text for t in tasks] == ["hướng dẫn các địa phương tháo gỡ vướng mắc về giá vật liệu xây dựng",
                                       "kiểm tra an toàn thực phẩm tại các bếp ăn tập thể"]
    assert [(t.deadline.text, t.deadline.recurrence) for t in tasks] == [("thường xuyên", "continuous"),
                                                                         ("Quý IV/2023", None)]


def test_a_heading_that_says_for_which_units_leads_the_duties_below_it():
    tasks = build((HEADING, "IV. ĐỀ XUẤT, KIẾN NGHỊ"),
                  (LIST_ITEM, "1. Đối với Bộ Tài chính:"),
                  (LIST_ITEM, "- Sớm ban hành hướng dẫn về định mức phân bổ dự toán chi thường xuyên."),
                  (LIST_ITEM, "2. Đối với các sở, ban, ngành:"),
                  (LIST_ITEM, "- Rà soát các khoản chi chưa cấp thiết để cắt giảm."),
                  (LIST_ITEM, "3. Đối với công tác quyết toán:"),
                  (LIST_ITEM, "- Lập báo cáo quyết toán đúng thời hạn."),
                  doc_type="Báo cáo")
    assert [(leads(t), t.text) for t in tasks] == [
        (["Bộ Tài chính"], "Sớm ban hành hướng dẫn về định mức phân bổ dự toán chi thường xuyên"),
        (["các sở, ban, ngành"], "Rà soát các khoản chi chưa cấp thiết để cắt giảm")]  # a topic names no unit


def test_for_which_units_a_criterion_holds_is_no_duty():
    tasks = build((HEADING, "III. TIÊU CHUẨN, HÌNH THỨC KHEN THƯỞNG"),
                  (LIST_ITEM, "+ Đối với UBND cấp xã: Có kết quả đánh giá chỉ số CCHC đạt loại Tốt và nằm trong "
                              "nhóm 10 địa phương dẫn đầu."))
    assert tasks == []


def test_a_line_sending_the_reader_to_the_task_table_assigns_nothing_itself():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (PARAGRAPH, "Các cơ quan, đơn vị thực hiện các nhiệm vụ theo bảng phân công sau:"),
                  [["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian"],
                   ["1", "Tổ chức tập huấn nghiệp vụ văn thư cho các xã", "Sở Nội vụ", "Quý II/2023"]],
                  (PARAGRAPH, "Sở Y tế chủ trì tổ chức khám sức khỏe cho người cao tuổi trên địa bàn, "
                              "gồm các đợt sau:"),
                  [["Đợt", "Thời gian", "Địa bàn"], ["1", "Tháng 5/2023", "Các xã vùng cao"]])
    assert [(leads(t), t.text) for t in tasks] == [
        (["Sở Nội vụ"], "Tổ chức tập huấn nghiệp vụ văn thư cho các xã"),
        (["Sở Y tế"], "tổ chức khám sức khỏe cho người cao tuổi trên địa bàn, gồm các đợt sau")]


def test_a_request_listed_under_a_unit_is_that_units_duty():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "1. Sở Nông nghiệp và Môi trường"),
                  (LIST_ITEM, "- Yêu cầu các doanh nghiệp khai thác khoáng sản lắp đặt trạm cân, camera giám sát "
                              "tại các mỏ."),
                  (HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (LIST_ITEM, "1. Đề nghị Ủy ban MTTQ Việt Nam tỉnh tăng cường giám sát việc thực hiện."))
    assert [(leads(t), t.text[:40]) for t in tasks] == [
        (["Sở Nông nghiệp và Môi trường"], "Yêu cầu các doanh nghiệp khai thác khoán"),
        (["Ủy ban MTTQ Việt Nam tỉnh"], "tăng cường giám sát việc thực hiện")]


def test_a_sentence_of_an_item_that_names_its_own_unit_is_a_duty_of_its_own():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (LIST_ITEM, "1. Các sở, ban, ngành"),
                  (LIST_ITEM, "a) Đăng tải tin, bài về cải cách hành chính trên trang thông tin điện tử của cơ quan. "
                              "Riêng đối với các đơn vị sự nghiệp công lập thuộc UBND tỉnh, hằng quý có ít nhất 01 "
                              "tin, bài gửi đăng trên Trang thông tin của tỉnh."),
                  (LIST_ITEM, "b) Rà soát, xử lý nghiêm các vi phạm trên địa bàn. Chủ tịch UBND cấp xã chịu trách "
                              "nhiệm toàn diện trước Chủ tịch UBND tỉnh nếu để xảy ra vi phạm kéo dài."))
    assert [(leads(t), t.text[:45]) for t in tasks] == [
        (["Các sở, ban, ngành"], "Đăng tải tin, bài về cải cách hành chính trên"),
        (["các đơn vị sự nghiệp công lập thuộc UBND tỉnh"], "hằng quý có ít nhất 01 tin, bài gửi đăng trên"),
        (["Các sở, ban, ngành"], "Rà soát, xử lý nghiêm các vi phạm trên địa bà")]  # whom one answers to: no duty
    assert tasks[1].deadline.recurrence == "quarterly"


def test_related_units_end_where_their_duty_begins():
    clause = parse_clause("Sở Giáo dục và Đào tạo chủ trì, phối hợp với các cơ quan liên quan có giải pháp giáo "
                          "dục, quản lý học sinh vi phạm.")
    assert clause.support == ["các cơ quan liên quan"]
    clause = parse_clause("Sở Công Thương phối hợp với các tổ chức, cá nhân có liên quan đến hoạt động khoáng sản "
                          "rà soát hồ sơ.")
    assert clause.support == ["các tổ chức, cá nhân có liên quan đến hoạt động khoáng sản"]
    clause = parse_clause("Sở Y tế phối hợp với các cơ quan, đơn vị có liên quan trên địa bàn tỉnh tổ chức kiểm tra.")
    assert clause.support == ["các cơ quan, đơn vị có liên quan trên địa bàn tỉnh"]


def test_an_item_that_names_its_own_cooperating_units_replaces_those_of_its_heading():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (LIST_ITEM, "1. Sở Tài chính chủ trì, phối hợp với các sở, ban, ngành:"),
                  (LIST_ITEM, "- Bố trí kinh phí thực hiện Chương trình theo quy định."),
                  (LIST_ITEM, "- Chủ trì, phối hợp với Kho bạc Nhà nước hướng dẫn thanh toán, quyết toán vốn."))
    assert [supports(t) for t in tasks] == [["các sở, ban, ngành"], ["Kho bạc Nhà nước"]]


def test_cooperation_written_with_a_slip_is_still_cooperation():
    clause = parse_clause("Giao Sở Khoa học và Công nghệ chủ trì, phối với Công an tỉnh triển khai thực hiện.")
    assert (clause.lead, clause.support, clause.rest) == (["Sở Khoa học và Công nghệ"], ["Công an tỉnh"],
                                                          "triển khai thực hiện.")


def test_a_quoted_provision_assigns_nothing():
    tasks = build((HEADING, "II. NỘI DUNG"),
                  (LIST_ITEM, "1. Ủy ban nhân dân các tỉnh"),
                  (LIST_ITEM, "- Khoản 2 Điều 3 của Thông tư số 15/2026/TT-BCT quy định: “Bộ trưởng phân cấp cho Ủy "
                              "ban nhân dân cấp tỉnh cấp giấy phép vận chuyển hàng nguy hiểm”."),
                  (LIST_ITEM, "- Khoản 1 Điều 8 Thông tư số 15/2026/TT-BCT về điều khoản thi hành: Thông tư có hiệu "
                              "lực từ ngày 10/4/2026."),
                  (LIST_ITEM, "- Hồ sơ đề nghị cấp giấy phép được quy định tại điểm b Khoản 1 Điều 5 Thông tư số "
                              "15/2026/TT-BCT."),
                  (LIST_ITEM, "- Tổ chức cấp giấy phép vận chuyển hàng nguy hiểm theo thẩm quyền."))
    assert [t.text for t in tasks] == ["Tổ chức cấp giấy phép vận chuyển hàng nguy hiểm theo thẩm quyền"]


def test_a_cell_listing_duties_with_dashes_is_one_task_without_its_first_dash():
    tasks = build((HEADING, "III. PHÂN CÔNG NHIỆM VỤ"),
                  [["STT", "Cơ quan, đơn vị", "Nhiệm vụ", "Thời hạn"],
                   ["1", "Sở Nội vụ", "- Tham mưu kế hoạch tổng thể;\n- Hướng dẫn các đơn vị triển khai",
                    "Quý I/2023"]])
    assert [(leads(t), t.text, t.deadline.text) for t in tasks] == [
        (["Sở Nội vụ"], "Tham mưu kế hoạch tổng thể; - Hướng dẫn các đơn vị triển khai", "Quý I/2023")]


def test_numbered_duties_under_an_article_keep_its_unit():
    tasks = build((PARAGRAPH, "Điều 2. Nhiệm vụ của Tổ công tác"),
                  (LIST_ITEM, "1. Rà soát, tổng hợp các khó khăn, vướng mắc của các dự án đầu tư, báo cáo Chủ tịch "
                              "UBND tỉnh trước ngày 30/4/2023."),
                  (PARAGRAPH, "Điều 3. Giao Tổ công tác liên ngành kiểm tra các cơ sở sản xuất trên địa bàn."),
                  doc_type="Quyết định")
    assert [(leads(t), t.text[:30]) for t in tasks] == [(["Tổ công tác"], "Rà soát, tổng hợp các khó khăn"),
                                                         (["Tổ công tác liên ngành"], "kiểm tra các cơ sở sản xuất tr")]


def test_the_funding_section_assigns_what_a_named_unit_is_to_do():
    tasks = build((HEADING, "III. KINH PHÍ THỰC HIỆN"),
                  (PARAGRAPH, "Kinh phí thực hiện Kế hoạch từ nguồn ngân sách nhà nước theo phân cấp hiện hành."),
                  (PARAGRAPH, "Sở Tài chính có trách nhiệm thẩm định, tham mưu UBND tỉnh bố trí kinh phí thực hiện."))
    assert [(leads(t), t.text) for t in tasks] == [
        (["Sở Tài chính"], "thẩm định, tham mưu UBND tỉnh bố trí kinh phí thực hiện")]


def test_a_communes_own_bodies_and_officials_lead_their_duties():
    tasks = build((HEADING, "III. PHÂN CÔNG NHIỆM VỤ"),
                  (LIST_ITEM, "1. Công chức Văn hóa - Xã hội: Tham mưu xây dựng chương trình lễ hội."),
                  (LIST_ITEM, "2. Trạm Y tế xã bố trí lực lượng, phương tiện sơ cứu tại lễ hội."),
                  (LIST_ITEM, "3. Trưởng các thôn vận động Nhân dân tham gia các hoạt động văn hóa, thể thao."))
    assert [leads(t) for t in tasks] == [["Công chức Văn hóa - Xã hội"], ["Trạm Y tế xã"], ["Trưởng các thôn"]]


def test_a_report_tells_its_results_apart_from_its_next_years_duties():
    tasks = build((HEADING, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023"),
                  (PARAGRAPH, "Sở Xây dựng đã phối hợp với UBND các xã hoàn thành rà soát quy hoạch chung."),
                  (HEADING, "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024"),
                  (LIST_ITEM, "1. Phòng Quản lý xây dựng chủ trì kiểm tra chất lượng công trình trên địa bàn."),
                  (LIST_ITEM, "2. Phòng Quản lý đất đai đã hoàn thành số hóa hồ sơ địa chính của 10 xã."),
                  doc_type="Báo cáo")
    assert [(leads(t), t.text) for t in tasks] == [
        (["Phòng Quản lý xây dựng"], "kiểm tra chất lượng công trình trên địa bàn")]


def test_a_class_of_firms_goes_on_with_its_trade():
    for text, lead, rest in (
            ("Các doanh nghiệp viễn thông ưu tiên đầu tư hạ tầng tại vùng sâu, vùng xa.",
             "Các doanh nghiệp viễn thông", "ưu tiên đầu tư hạ tầng tại vùng sâu, vùng xa."),
            ("Các ngân hàng thương mại trên địa bàn tỉnh giảm lãi suất cho vay.",
             "Các ngân hàng thương mại trên địa bàn tỉnh", "giảm lãi suất cho vay.")):
        clause = parse_clause(text)
        assert (clause.lead, clause.rest) == ([lead], rest)


def test_units_named_by_what_they_were_given_lead_their_duty():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (LIST_ITEM, "1. Các sở, ngành đã được giao chủ trì các nhiệm vụ tại Phụ lục kèm theo chủ động bố "
                              "trí kinh phí thực hiện."))
    assert [(leads(t), t.text) for t in tasks] == [
        (["Các sở, ngành"], "đã được giao chủ trì các nhiệm vụ tại Phụ lục kèm theo chủ động bố trí kinh phí thực hiện")]


def test_for_which_unit_then_its_duty_on_one_line():
    tasks = build((HEADING, "III. TỔ CHỨC THỰC HIỆN"),
                  (LIST_ITEM, "1. Đối với Sở Y tế: chủ trì tổ chức kiểm tra an toàn thực phẩm tại các bếp ăn tập thể."),
                  (LIST_ITEM, "2. Đối với các sở, ngành: phối hợp với Sở Nội vụ rà soát hồ sơ thi đua."))
    assert [(leads(t), supports(t), t.text) for t in tasks] == [
        (["Sở Y tế"], [], "tổ chức kiểm tra an toàn thực phẩm tại các bếp ăn tập thể"),
        (["các sở, ngành"], ["Sở Nội vụ"], "rà soát hồ sơ thi đua")]


def test_a_condition_before_the_assignment_hands_the_duty_to_the_unit_it_names():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "1. Các sở, ban, ngành và UBND các huyện:"),
                  (LIST_ITEM, "a) Khi có kết quả xếp hạng chỉ số chuyển đổi số giao Sở Khoa học và Công nghệ chủ trì "
                              "cùng với các đơn vị phân tích nguyên nhân của từng chỉ số thành phần."),
                  (LIST_ITEM, "b) Trường hợp cần thiết, giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ tham mưu "
                              "bố trí kinh phí thực hiện."),
                  (LIST_ITEM, "c) Trường hợp phát sinh vướng mắc, Sở Tư pháp chủ trì hướng dẫn các đơn vị tháo gỡ."),
                  (LIST_ITEM, "d) Trường hợp phát hiện vi phạm, kịp thời báo cáo UBND tỉnh để xử lý."))
    assert [(leads(t), supports(t)) for t in tasks] == [
        (["Sở Khoa học và Công nghệ"], ["các đơn vị"]), (["Sở Tài chính"], ["Sở Nội vụ"]), (["Sở Tư pháp"], []),
        (["Các sở, ban, ngành", "UBND các huyện"], [])]
    assert tasks[0].text == "phân tích nguyên nhân của từng chỉ số thành phần"


def test_a_unit_directing_a_force_over_a_list_gives_the_list_and_no_duty_of_its_own():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "3.3. Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng:"),
                  (PARAGRAPH, "Phối hợp với lực lượng Công an tuần tra, kiểm soát khu vực biên giới."),
                  (LIST_ITEM, "3.4. Công an tỉnh chỉ đạo lực lượng Cảnh sát điều tra đấu tranh, triệt phá các đường "
                              "dây mua bán trái phép chất ma túy, gồm:"),
                  (LIST_ITEM, "- Xây dựng quy chế phối hợp với lực lượng Hải quan trong kiểm soát hàng hóa."))
    assert [(t.text, leads(t), supports(t)) for t in tasks] == [
        ("Phối hợp với lực lượng Công an tuần tra, kiểm soát khu vực biên giới", ["Bộ Chỉ huy quân sự tỉnh"],
         ["lực lượng Công an"]),
        ("chỉ đạo lực lượng Cảnh sát điều tra đấu tranh, triệt phá các đường dây mua bán trái phép chất ma túy",
         ["Công an tỉnh"], []),
        ("Xây dựng quy chế phối hợp với lực lượng Hải quan trong kiểm soát hàng hóa", ["Công an tỉnh"], [])]


def test_addressees_listed_under_a_header_table_ending_in_kinh_gui_lead_nothing():
    header = [["ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
              ["Số: /UBND-KT V/v tăng cường bảo vệ khoáng sản", "Lào Cai, ngày tháng năm 2026"], ["Kính gửi:", ""]]
    tasks = build(header,
                  (LIST_ITEM, "- Công an tỉnh;"),
                  (LIST_ITEM, "- Ủy ban nhân dân các xã, phường."),
                  (PARAGRAPH, "Thời gian qua, công tác quản lý khoáng sản trên địa bàn tỉnh đã đạt nhiều kết quả, "
                              "tuy nhiên vẫn còn xảy ra tình trạng khai thác trái phép ở một số địa phương."),
                  (LIST_ITEM, "1. Công an tỉnh"),
                  (LIST_ITEM, "- Đấu tranh, triệt phá các ổ nhóm khai thác khoáng sản trái phép."),
                  doc_type="Công văn")
    assert [(t.text, leads(t)) for t in tasks] == [
        ("Đấu tranh, triệt phá các ổ nhóm khai thác khoáng sản trái phép", ["Công an tỉnh"])]


def test_paragraphs_of_a_numbered_section_of_a_letter_to_one_addressee_are_its_duties():
    builder = DocumentBuilder(b"t", "t.docx", "docx")
    for kind, text in [
            (PARAGRAPH, "Kính gửi: Các doanh nghiệp kinh doanh xăng dầu trên địa bàn tỉnh"),
            (PARAGRAPH, "Nhằm bảo đảm nguồn cung xăng dầu trong dịp Tết Nguyên đán, Sở Công Thương đề nghị:"),
            (HEADING, "I. Đối với các cửa hàng bán lẻ xăng dầu"),
            (PARAGRAPH, "Khi nguồn hàng dự trữ xuống dưới mức tối thiểu, thương nhân đầu mối kịp thời báo cáo Sở "
                        "Công Thương để điều tiết nguồn hàng giữa các địa bàn."),
            (PARAGRAPH, "(Trong đó, cửa hàng tại khu vực vùng sâu, vùng xa được ưu tiên cung ứng trước.)"),
            (PARAGRAPH, "Sở Công Thương đề nghị các doanh nghiệp quan tâm, nghiêm túc triển khai thực hiện./.")]:
        builder.add_text(text, kind)
    tasks = extract_tasks(builder.build(), Metadata(doc_type="Công văn", issuer="Sở Công Thương", year=2026,
                                                    parent_issuer="Ủy ban nhân dân tỉnh Lào Cai"))
    assert [(t.text[:40], leads(t)) for t in tasks] == [
        ("Khi nguồn hàng dự trữ xuống dưới mức tối", ["Các doanh nghiệp kinh doanh xăng dầu trên địa bàn tỉnh Lào Cai"])]


def test_the_authority_line_of_a_directive_leads_nothing_and_a_request_below_it_goes_to_its_unit():
    tasks = build((PARAGRAPH, "Để chủ động phòng cháy, chữa cháy rừng năm 2026, Chủ tịch UBND tỉnh yêu cầu:"),
                  (LIST_ITEM, "1. Công an tỉnh chỉ đạo lực lượng Cảnh sát cơ động:"),
                  (LIST_ITEM, "- Phối hợp với Hạt Kiểm lâm tổ chức diễn tập chữa cháy rừng."),
                  (LIST_ITEM, "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tuyên truyền, vận động Nhân dân tham "
                              "gia bảo vệ rừng."),
                  doc_type="Chỉ thị", year=2026, issued=date(2026, 3, 10))
    assert [(t.text, leads(t), supports(t)) for t in tasks] == [
        ("Phối hợp với Hạt Kiểm lâm tổ chức diễn tập chữa cháy rừng", ["Công an tỉnh"], ["Hạt Kiểm lâm"]),
        ("tuyên truyền, vận động Nhân dân tham gia bảo vệ rừng", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], [])]


def test_the_addressees_of_a_cong_dien_lead_nothing_below_them():
    tasks = build((PARAGRAPH, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:"),
                  (LIST_ITEM, "- Giám đốc các sở, ban, ngành;"),
                  (LIST_ITEM, "- Chủ tịch UBND các xã, phường."),
                  (PARAGRAPH, "Theo dự báo, từ đêm 20/7 đến ngày 23/7/2026 trên địa bàn tỉnh có mưa to đến rất to, "
                              "nguy cơ cao xảy ra lũ quét, sạt lở đất."),
                  (PARAGRAPH, "Để chủ động ứng phó, Chủ tịch UBND tỉnh yêu cầu:"),
                  (LIST_ITEM, "1. Chủ tịch UBND các xã, phường tổ chức sơ tán người dân ra khỏi khu vực nguy hiểm."),
                  doc_type="Công điện", year=2026, issued=date(2026, 7, 20))
    assert [(t.text, leads(t)) for t in tasks] == [
        ("tổ chức sơ tán người dân ra khỏi khu vực nguy hiểm", ["Chủ tịch UBND các xã, phường"])]


def test_a_unit_that_does_a_thing_by_itself_ends_before_it():
    clause = parse_clause("Các sở, ban, ngành, Ủy ban nhân dân các xã, phường tự đánh giá, chấm điểm Chỉ số cải "
                          "cách hành chính năm 2026 của cơ quan, đơn vị mình.")
    assert clause.lead == ["Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"]
    assert clause.rest.startswith("tự đánh giá, chấm điểm")


def test_a_mark_glued_to_its_heading_still_opens_a_section():
    tasks = build((PARAGRAPH, "I.MỤC ĐÍCH, YÊU CẦU"),
                  (PARAGRAPH, "Các cơ quan, đơn vị nâng cao nhận thức về cải cách hành chính."),
                  (PARAGRAPH, "II.NHIỆM VỤ"),
                  (PARAGRAPH, "1.Sở Nội vụ chủ trì tổ chức đánh giá chỉ số cải cách hành chính."))
    assert [(t.text, leads(t)) for t in tasks] == [("tổ chức đánh giá chỉ số cải cách hành chính", ["Sở Nội vụ"])]


def table_tasks(rows: list[list[str]], heading: str = "III. TỔ CHỨC THỰC HIỆN"):
    return build((HEADING, heading), rows, year=2026, issued=date(2026, 1, 5))


def test_a_cell_of_bodies_with_one_said_to_lead_makes_the_others_cooperate():
    tasks = table_tasks([["TT", "Nhiệm vụ", "Cơ quan thực hiện", "Thời hạn"],
                         ["1", "Xây dựng đề án vị trí việc làm", "Sở Nội vụ (chủ trì); Sở Tài chính, Sở Tư pháp",
                          "Tháng 6/2026"],
                         ["2", "Kiểm tra việc thực hiện", "Thanh tra tỉnh chủ trì, phối hợp Công an tỉnh", "Năm 2026"]])
    assert [(leads(t), supports(t)) for t in tasks] == [
        (["Sở Nội vụ"], ["Sở Tài chính", "Sở Tư pháp"]), (["Thanh tra tỉnh"], ["Công an tỉnh"])]


def test_a_table_of_duties_and_deadlines_without_a_column_of_units_takes_those_its_duties_name():
    rows = [["TT", "Nội dung công việc", "Thời gian hoàn thành"],
            ["1", "Sở Xây dựng chủ trì kiểm tra chất lượng các công trình trọng điểm", "Quý II/2026"],
            ["2", "Tổng kết, đánh giá kết quả thực hiện", "Tháng 12/2026"]]
    assert [(t.text, leads(t), t.deadline.end) for t in table_tasks(rows)] == [
        ("kiểm tra chất lượng các công trình trọng điểm", ["Sở Xây dựng"], date(2026, 6, 30))]
    assert table_tasks(rows, heading="I. KẾT QUẢ ĐẠT ĐƯỢC") == []  # a record of results, not duties


def test_every_cooperating_unit_a_duty_names_is_kept():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "5. Sở Xây dựng"),
                  (LIST_ITEM, "- Chủ trì, phối hợp với cơ quan liên quan rà soát các phương tiện khai thác cát, sỏi; "
                              "trường hợp cố tình vi phạm, phối hợp với Công an tỉnh xử lý nghiêm theo quy định."))
    assert [(leads(t), supports(t)) for t in tasks] == [(["Sở Xây dựng"], ["cơ quan liên quan", "Công an tỉnh"])]


def test_a_time_before_the_subject_opens_the_sentence_and_gives_the_deadline():
    tasks = build((HEADING, "IV. TIẾN ĐỘ THỰC HIỆN"),
                  (LIST_ITEM, "a) Quý I/2027, các cơ quan, đơn vị, địa phương đánh giá kết quả thực hiện phong trào "
                              "thi đua."),
                  (LIST_ITEM, "b) Hằng năm, Sở Tài chính tổng hợp, báo cáo kết quả thực hiện."),
                  (LIST_ITEM, "c) Năm 2022, các cơ quan, đơn vị đã triển khai đồng bộ các nhiệm vụ được giao."),
                  (LIST_ITEM, "d) Ngày 12/5/2023, Sở Nội vụ tổ chức hội nghị sơ kết."),
                  year=2026, issued=date(2026, 1, 5))
    assert [(leads(t), t.deadline and (t.deadline.end, t.deadline.recurrence)) for t in tasks] == [
        (["các cơ quan, đơn vị, địa phương"], (date(2027, 3, 31), None)), (["Sở Tài chính"], (None, "yearly"))]


def test_a_warning_of_what_befalls_those_who_fail_assigns_nothing():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "1. Ủy ban nhân dân các xã, phường"),
                  (LIST_ITEM, "- Đình chỉ ngay hoạt động khai thác tại các khu vực chưa được cấp phép."),
                  (LIST_ITEM, "- Trường hợp các cơ sở không dừng khai thác thì phải chịu trách nhiệm trước pháp luật và sẽ bị xem "
                              "xét xử lý theo quy định."))
    assert [t.text for t in tasks] == ["Đình chỉ ngay hoạt động khai thác tại các khu vực chưa được cấp phép"]


def test_a_numbered_unit_heading_typed_without_its_colon_leads_the_items_under_it():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "1. Các cơ sở khai thác khoáng sản"),
                  (LIST_ITEM, "- Lắp đặt thiết bị giám sát tại mỏ."),
                  (LIST_ITEM, "2. Tổ chức tuyên truyền pháp luật về khoáng sản"),
                  (LIST_ITEM, "- Sở Tư pháp biên soạn tài liệu tuyên truyền."))
    assert [(t.text, leads(t)) for t in tasks] == [
        ("Lắp đặt thiết bị giám sát tại mỏ", ["Các cơ sở khai thác khoáng sản"]),
        ("biên soạn tài liệu tuyên truyền", ["Sở Tư pháp"])]


def test_a_duty_over_a_list_leaves_the_words_announcing_it():
    tasks = build((HEADING, "II. NHIỆM VỤ"),
                  (LIST_ITEM, "3. Công an tỉnh chủ trì đấu tranh, triệt phá các đường dây mua bán trái phép chất ma "
                              "túy, gồm:"),
                  (LIST_ITEM, "- Tổ chức tuần tra, kiểm soát trên các tuyến biên giới."))
    assert [t.text for t in tasks] == ["đấu tranh, triệt phá các đường dây mua bán trái phép chất ma túy",
                                       "Tổ chức tuần tra, kiểm soát trên các tuyến biên giới"]
