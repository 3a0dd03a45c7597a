"""The `vanban` command as a user runs it: in-process through click and once as the installed script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.ingest import collect_files
from pipeline.store import open_db

CONTRACT_KEYS = {"source", "document", "tasks"}
METADATA_KEYS = {"doc_type", "number", "symbol", "issuer", "place", "issued_date", "title", "signer",
                 "signer_title"}


def run(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


@pytest.mark.parametrize("command", ["ingest", "extract", "eval", "serve"])
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and f"vanban {command}" in result.output


def test_ingest_stores_documents_and_reports_failures(samples, db_path):
    result = run("ingest", str(samples["docx"].parent), "--db", str(db_path), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert "3 ingested, 0 already stored, 1 failed" in result.output
    assert "hong.docx" in result.output
    db = open_db(db_path)
    assert {row["source"] for row in db["documents"].rows} == {"kh45-sct.docx", "kh-kiemtra.pdf", "kh12-ubnd.txt"}
    [failure] = db["ingest_log"].rows_where("status = 'failed'")
    assert failure["path"].endswith("hong.docx") and "damaged" in failure["reason"]
    again = run("ingest", str(samples["docx"].parent), "--db", str(db_path))
    assert "0 ingested, 3 already stored, 1 failed" in again.output


def test_ingest_takes_the_database_from_the_environment(samples, tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_DB", str(tmp_path / "env.db"))
    assert run("ingest", str(samples["txt"])).exit_code == 0
    assert open_db(tmp_path / "env.db")["documents"].count == 1


def test_folders_give_documents_without_lock_hidden_or_other_files(tmp_path, samples):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    keep = [tmp_path / "a.txt", tmp_path / "sub" / "b.docx"]
    skip = [tmp_path / "~$b.docx", tmp_path / ".~lock.b.docx#", tmp_path / "save.tmp",
            tmp_path / ".hidden.txt", tmp_path / ".git" / "c.txt", tmp_path / "a.gold.json", tmp_path / "notes.md"]
    for path in keep + skip:
        path.write_bytes(b"x")
    assert collect_files([tmp_path]) == keep


def test_extract_json_prints_one_contract_record_per_file(samples, tmp_path):
    missing = tmp_path / "khong-co.pdf"
    files = [samples["docx"], samples["pdf"], samples["txt"], samples["corrupt"], missing]
    result = run("extract", *map(str, files), "--json")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["source"] for r in records] == [f.name for f in files]
    for record in records[:3]:
        assert set(record) == CONTRACT_KEYS and set(record["document"]) == METADATA_KEYS
        assert isinstance(record["tasks"], list)
    for record in records[3:]:
        assert record["document"] is None and record["tasks"] == [] and record["error"]
    assert "damaged" in records[3]["error"]


def test_extract_without_json_is_readable(samples):
    result = run("extract", str(samples["txt"]), str(samples["corrupt"]))
    assert result.exit_code == 0
    assert "kh12-ubnd.txt" in result.output and "task(s)" in result.output
    assert "error:" in result.output


def test_eval_scores_documents_against_gold(samples, tmp_path):
    (tmp_path / "kh12.txt").write_bytes(samples["txt"].read_bytes())
    gold = {"source": "kh12.txt", "document": {"number": "12/KH-UBND"},
            "tasks": [{"text": "tổ chức kiểm tra các cơ sở sản xuất", "lead": ["Sở Nông nghiệp và Môi trường"],
                       "support": [], "deadline": None}]}
    (tmp_path / "kh12.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}")
    result = run("eval", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert [d["source"] for d in scores["documents"]] == ["kh12.txt"]
    assert scores["documents"][0]["gold"] == 1
    assert scores["summary"]["tasks"]["gold"] == 1
    table = run("eval", str(tmp_path))
    assert "kh12.txt" in table.output and "precision" in table.output


def test_eval_without_gold_files_says_so(tmp_path):
    result = CliRunner().invoke(cli, ["eval", str(tmp_path)])
    assert result.exit_code != 0 and "gold.json" in result.output


def test_installed_script_ingests_and_extracts(samples, tmp_path):
    script = Path(sys.executable).with_name("vanban")
    db_path = tmp_path / "vanban.db"
    subprocess.run([script, "ingest", samples["txt"], samples["docx"], "--db", db_path], check=True,
                   capture_output=True)
    assert open_db(db_path)["documents"].count == 2
    named = tmp_path / "kế-hoạch.txt"
    named.write_bytes(samples["txt"].read_bytes())
    out = subprocess.run([script, "extract", named, samples["corrupt"], "--json"], check=True,
                         capture_output=True, text=True, encoding="utf-8").stdout
    first, second = map(json.loads, out.splitlines())
    assert set(first) == CONTRACT_KEYS and "error" in second
    assert '"source": "kế-hoạch.txt"' in out  # UTF-8 as is, not \\u escapes
