import unicodedata

import pytest

from extract.nlp import get_nlp

TEXT = "Giao Uỷ ban nhân dân tỉnh chủ trì, phối hợp với Sở Tư pháp và UBND các xã, phường triển khai."


@pytest.fixture(scope="module", params=["words", "syllables"])
def nlp(request):
    return get_nlp(request.param)


def test_tokens_keep_exact_offsets(nlp):
    doc = nlp(TEXT)
    assert doc.text == TEXT
    assert all(TEXT[t.idx:t.idx + len(t.text)] == t.text for t in doc)


def test_unit_mentions_become_labelled_spans(nlp):
    doc = nlp(TEXT)
    spans = doc.spans["units"]
    assert [s.text for s in spans] == ["Uỷ ban nhân dân tỉnh", "Sở Tư pháp", "UBND các xã, phường"]
    assert spans[0].kb_id_ == "Ủy ban nhân dân tỉnh" and spans[0].label_ == "agency"
    assert spans[2].label_ == "class"


def test_decomposed_input_is_composed_first(nlp):
    doc = nlp(unicodedata.normalize("NFD", "Sở Y tế kiểm tra"))
    assert doc.text == "Sở Y tế kiểm tra" and doc.spans["units"][0].text == "Sở Y tế"


def test_word_mode_keeps_registry_names_as_one_token():
    words = [t.text for t in get_nlp("words")("Sở Nông nghiệp và Môi trường tổng hợp báo cáo")]
    assert words[0] == "Sở Nông nghiệp và Môi trường"


def test_pipeline_is_built_once_per_process():
    assert get_nlp("words") is get_nlp("words")


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        get_nlp("characters")
