"""Word 97-2003, OpenDocument and RTF files are read through LibreOffice like the DOCX they become."""

from __future__ import annotations

import io
import json
import subprocess

import docx

import pytest
from click.testing import CliRunner

from conftest import make_docx
from test_legacy_fonts import to_tcvn3
from pipeline.cli import cli
from pipeline.convert import SOFFICE_ENV, soffice_command, to_docx
from pipeline.errors import LimitExceeded, UnreadableDocument, UnsupportedFormat
from pipeline.parsers import parse_bytes, sniff
from pipeline.process import process_bytes

LEGACY_LINE = "Nơi nhận: Như trên; Lưu: VT."
RTF_PARAGRAPHS = [
    r"\qc\b ỦY BAN NHÂN DÂN TỈNH LÀO CAI\b0",
    r"\ql Số: 12/KH-UBND",
    r"\qr Lào Cai, ngày 05 tháng 3 năm 2026",
    r"\qc\b KẾ HOẠCH\b0",
    r"\qc Kiểm tra công tác bảo vệ môi trường năm 2026",
    # typed in the TCVN3 font .VnTime (\f1): the font's codes as 8-bit \'xx escapes
    r"\qj\f1 " + "".join(c if ord(c) < 128 else rf"\'{ord(c):02x}" for c in to_tcvn3(
        "1. Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính tổ chức kiểm tra các "
        "cơ sở sản xuất trong quý II năm 2026.")) + r"\f0",
]


def rtf_of(paragraphs: list[str]) -> bytes:
    """An RTF file as Word writes it: letters outside ASCII as \\uN? escapes."""
    body = "".join(r"\pard" + text + r"\par" + "\n" for text in paragraphs)
    escaped = "".join(c if ord(c) < 128 else rf"\u{ord(c)}?" for c in body)
    fonts = r"{\fonttbl{\f0 Times New Roman;}{\f1 .VnTime;}}"
    return (r"{\rtf1\ansi\ansicpg1252\deff0" + fonts + "\n" + escaped + "}").encode("ascii")


@pytest.fixture(scope="session")
def office_files(tmp_path_factory) -> dict:
    """The test letter as .doc and .odt (saved by LibreOffice from its DOCX) and a hand-written .rtf."""
    if soffice_command() is None:
        pytest.fail("LibreOffice is not installed: apt-get install libreoffice-writer-nogui (make system)")
    folder = tmp_path_factory.mktemp("office")
    letter = docx.Document(io.BytesIO(make_docx()))
    letter.add_paragraph().add_run(to_tcvn3(LEGACY_LINE)).font.name = ".VnTime"  # an old template's font
    letter.save(folder / "kh45-sct.docx")
    for fmt in ("doc", "odt"):
        subprocess.run([soffice_command(), f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                        "--headless", "--convert-to", fmt, "--outdir", str(folder),
                        str(folder / "kh45-sct.docx")], check=True, capture_output=True, timeout=120)
    (folder / "kh12-ubnd.rtf").write_bytes(rtf_of(RTF_PARAGRAPHS))
    return {fmt: folder / name for fmt, name in
            (("docx", "kh45-sct.docx"), ("doc", "kh45-sct.doc"), ("odt", "kh45-sct.odt"), ("rtf", "kh12-ubnd.rtf"))}


def extract_json(*paths) -> list[dict]:
    result = CliRunner().invoke(cli, ["extract", "--json", *map(str, paths)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_formats_are_told_by_content(office_files):
    for fmt in ("doc", "odt", "rtf"):
        assert sniff(office_files[fmt].read_bytes()) == fmt


def test_doc_odt_and_rtf_read_like_docx(office_files):
    docx, doc, odt, rtf = extract_json(*(office_files[f] for f in ("docx", "doc", "odt", "rtf")))
    for converted in (doc, odt):
        assert "error" not in converted
        assert converted["document"] == docx["document"]
        assert converted["tasks"] == docx["tasks"]
    assert docx["document"]["number"] == "45/KH-SCT"
    assert [t["lead"] for t in doc["tasks"]] == [["Chi cục Quản lý thị trường"]] * 2

    assert rtf["document"]["doc_type"] == "Kế hoạch"
    assert rtf["document"]["number"] == "12/KH-UBND"
    assert rtf["document"]["issued_date"] == "2026-03-05"
    assert rtf["document"]["title"] == "Kiểm tra công tác bảo vệ môi trường năm 2026"
    [task] = rtf["tasks"]
    assert task["lead"] == ["Sở Nông nghiệp và Môi trường"] and task["support"] == ["Sở Tài chính"]
    assert task["deadline"]["end"] == "2026-06-30"


def test_converted_document_keeps_its_own_format_and_hash(office_files):
    data = office_files["doc"].read_bytes()
    document = parse_bytes(data, "kh45-sct.doc")
    assert document.format == "doc"
    assert document.sha256 == process_bytes(data, "kh45-sct.doc").sha256
    assert "Triển khai công tác an toàn thực phẩm năm 2026" in document.text
    assert LEGACY_LINE in document.text  # the TCVN3 font survives the conversion and is decoded


def test_without_libreoffice_the_file_is_set_aside_with_the_reason(office_files, monkeypatch, tmp_path):
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "no-such-soffice"))
    [record] = extract_json(office_files["rtf"])
    assert "LibreOffice is not installed" in record["error"]
    assert ".docx" in record["error"]


def test_a_conversion_that_hangs_is_stopped(monkeypatch, tmp_path):
    hanging = tmp_path / "soffice"
    hanging.write_text("#!/bin/sh\nsleep 30\n")
    hanging.chmod(0o755)
    monkeypatch.setenv(SOFFICE_ENV, str(hanging))
    with pytest.raises(LimitExceeded, match="LibreOffice"):
        to_docx(rtf_of(RTF_PARAGRAPHS), "rtf", timeout=0.5)


def test_a_doc_cut_short_is_refused_without_conversion(office_files):
    with pytest.raises(UnreadableDocument, match="incomplete"):
        sniff(office_files["doc"].read_bytes()[:4000])


def test_old_office_file_without_word_text_is_refused():
    excel_like = bytes.fromhex("D0CF11E0A1B11AE1") + "Workbook".encode("utf-16-le") + b"\x00" * 512
    with pytest.raises(UnsupportedFormat, match="no Word text"):
        sniff(excel_like)


def test_libreoffice_s_own_words_are_kept_when_it_fails(monkeypatch, tmp_path):
    failing = tmp_path / "soffice"
    failing.write_text("#!/bin/sh\necho 'javaldx: could not find a Java Runtime' >&2\n"
                       "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
    failing.chmod(0o755)
    monkeypatch.setenv(SOFFICE_ENV, str(failing))
    with pytest.raises(UnreadableDocument, match="could not open") as error:
        to_docx(rtf_of(RTF_PARAGRAPHS), "rtf")
    assert "LibreOffice: javaldx: could not find a Java Runtime / Error: source file could not be loaded" \
        in str(error.value)
    assert "source file could not be loaded" in error.value.detail
