from extract.scoring import field_equal, score_document, summarise, token_f1


def record(tasks, **document):
    return {"source": "x.docx", "document": document or None, "tasks": tasks}


def task(text, lead=(), support=(), end=None, recurrence=None):
    deadline = {"text": "...", "start": None, "end": end, "recurrence": recurrence} if end or recurrence else None
    return {"text": text, "lead": list(lead), "support": list(support), "deadline": deadline}


def test_metadata_fields_compare_after_folding_and_unit_keys():
    gold = {"issuer": "Ủy ban nhân dân tỉnh Hà Giang", "title": "Tăng cường quản lý chợ",
            "signer_title": "Phó Chủ tịch", "place": "Hà Giang", "issued_date": "2024-05-02"}
    predicted = {"issuer": "UBND TỈNH HÀ GIANG", "title": "V/v tăng cường  quản lý chợ",
                 "signer_title": "PHÓ CHỦ TỊCH", "place": "Hà Giang", "issued_date": "2024-05-03"}
    score = score_document(record([], **predicted), record([], **gold))
    assert score.fields["issuer"] and score.fields["title"] and score.fields["signer_title"]
    assert not score.fields["issued_date"]
    assert score.fields["number"]  # null on both sides


def test_tone_placement_does_not_matter():
    assert field_equal("place", "Thanh Hoá", "Thanh Hóa")
    assert not field_equal("place", "Thanh Hóa", None)


def test_two_predictions_for_one_gold_task_match_only_once():
    gold = record([task("Rà soát danh mục chợ cần nâng cấp", lead=["Sở Công Thương"])])
    predicted = record([
        task("Rà soát danh mục chợ", lead=["Sở Công Thương"]),
        task("Rà soát danh mục chợ cần nâng cấp", lead=["Sở Công Thương"]),
    ])
    score = score_document(predicted, gold)
    assert (score.gold, score.predicted, score.matched) == (1, 2, 1)
    assert score.pairs[0].f1 == 1.0  # the better of the two took the gold task
    assert [t["text"] for t in score.unmatched_predicted] == ["Rà soát danh mục chợ"]


def test_texts_sharing_less_than_half_their_syllables_do_not_match():
    assert token_f1("Tổ chức tập huấn cho cán bộ", "Kiểm tra an toàn thực phẩm") < 0.5
    score = score_document(record([task("Kiểm tra an toàn thực phẩm")]), record([task("Tổ chức tập huấn cán bộ")]))
    assert score.matched == 0 and len(score.unmatched_gold) == 1


def test_units_compare_with_abbreviations_and_common_words_set_aside():
    gold = record([task("Tuyên truyền pháp luật", lead=["Sở Tư pháp"],
                        support=["UBND các xã, phường", "Ủy ban MTTQ Việt Nam tỉnh"])])
    predicted = record([task("tuyên truyền pháp luật", lead=["Sở Tư Pháp"],
                             support=["Uỷ ban Mặt trận Tổ quốc tỉnh", "Ủy ban nhân dân xã, phường"])])
    score = score_document(predicted, gold)
    assert (score.lead_ok, score.support_ok) == (1, 1)


def test_deadline_needs_same_end_and_recurrence():
    gold = record([task("Báo cáo kết quả", lead=["Sở Y tế"], end="2024-06-30", recurrence="yearly"),
                   task("Theo dõi dịch bệnh", lead=["Sở Y tế"])])
    predicted = record([task("Báo cáo kết quả", lead=["Sở Y tế"], end="2024-06-30"),
                        task("Theo dõi dịch bệnh", lead=["Sở Y tế"])])
    assert score_document(predicted, gold).deadline_ok == 1  # both null counts; missing recurrence does not


def test_summary_is_micro_averaged_over_documents():
    one = score_document(record([task("Lập kế hoạch", lead=["Sở Nội vụ"])]),
                         record([task("Lập kế hoạch", lead=["Sở Nội vụ"]), task("Tổng hợp báo cáo")]))
    two = score_document(record([task("Kiểm tra cơ sở", lead=["Công an tỉnh"]), task("Tuyên truyền")]),
                         record([task("Kiểm tra cơ sở", lead=["Sở Y tế"])]))
    summary = summarise([one, two])
    assert summary["tasks"] == {"gold": 3, "predicted": 3, "matched": 2,
                                "precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3}
    assert summary["lead"] == 0.5
    assert summary["fields"]["issuer"] == 1.0  # no document on either side


def test_empty_run_scores_zero_not_error():
    summary = summarise([score_document(record([]), record([task("Lập kế hoạch", lead=["Sở Nội vụ"])]))])
    assert summary["tasks"]["recall"] == 0.0 and summary["tasks"]["precision"] is None
    assert summary["lead"] is None
