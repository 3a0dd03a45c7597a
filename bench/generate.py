"""A deterministic corpus for the benchmark: plans, reports, notices and decisions of 1 to 40 pages.

Each document is built from `vocabulary.yaml` as a source in the format of `corpus/build.py`
(header table, subject, prose, numbered assignments, a task table, signature) and written by that
script's writers as a DOCX and as a born-digital PDF of the same content, so the PDF's page count
is the DOCX's too. The same seed gives the same documents.

    .venv/bin/python bench/generate.py OUT_DIR [--docs 24] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from corpus.build import pdf_fonts, write_docx, write_pdf  # noqa: E402

VOCABULARY = Path(__file__).with_name("vocabulary.yaml")
MAX_PAGES = 40
ITEMS_PER_PAGE = 7.3  # numbered assignments per page, with their share of prose and table rows
MANIFEST = "manifest.json"


def page_counts(n: int, rng: random.Random) -> list[int]:
    """Mostly short documents, as in a real inbox, and always one of the longest size."""
    counts = [min(MAX_PAGES, 1 + int(rng.expovariate(1 / 6))) for _ in range(n)]
    counts[0] = MAX_PAGES
    return counts


def _deadline(rng: random.Random, words: dict, year: int) -> str:
    return rng.choice(words["deadlines"]).format(day=rng.randint(1, 28), month=rng.randint(1, 12),
                                                 quarter=rng.choice(["I", "II", "III", "IV"]), year=year)


def _assignment(rng: random.Random, words: dict, year: int) -> tuple[str, list[str]]:
    """A sentence giving a task to a lead unit with supporting units, and its table row."""
    lead = rng.choice(words["units"])
    support = rng.sample([u for u in words["units"] if u != lead], 2) + [rng.choice(words["unit_classes"])]
    activity = rng.choice(words["activities"])
    deadline = _deadline(rng, words, year)
    text = f"{lead} chủ trì, phối hợp với {', '.join(support)} {activity}; thời hạn {deadline}."
    return text, [activity[:1].upper() + activity[1:], lead, ", ".join(support), deadline]


def source(rng: random.Random, words: dict, pages: int, number: int, stem: str) -> dict:
    """One document in the source format of corpus/build.py."""
    year = rng.randint(2022, 2026)
    province = rng.choice(words["provinces"])
    kind = rng.choice(words["doc_types"])
    items = max(2, round(pages * ITEMS_PER_PAGE))
    body: list[dict] = [
        {"p": "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;"},
        {"p": f"Ủy ban nhân dân tỉnh {province} ban hành {kind['name'].lower()} như sau:"},
        {"h": "I. MỤC ĐÍCH, YÊU CẦU"},
        {"p": rng.choice(words["prose"]).format(year=year)},
        {"h": "II. NHIỆM VỤ, GIẢI PHÁP"},
    ]
    rows = []
    for n in range(1, items + 1):
        text, row = _assignment(rng, words, year)
        body.append({"p": f"{n}. {text}"})
        if n % 4 == 0:
            body.append({"p": rng.choice(words["prose"]).format(year=year)})
        if n % 3 == 0:
            rows.append([str(len(rows) + 1), *row])
    body += [{"h": "III. TỔ CHỨC THỰC HIỆN"},
             {"p": "Các cơ quan, đơn vị được giao nhiệm vụ thực hiện theo bảng phân công dưới đây:"},
             {"table": {"widths": [1, 5, 3, 4, 3],
                        "header": ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"],
                        "rows": rows}}]
    subject = rng.choice(words["subjects"]).format(year=year, next=year + 4)
    return {
        "files": [f"{stem}.docx", f"{stem}.pdf"],
        "agency": ["ỦY BAN NHÂN DÂN", f"TỈNH {province.upper()}"],
        "number": f"Số: {number}/{kind['code']}-UBND",
        "place_date": f"{province}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {year}",
        "doc_type_line": kind["name"],
        "subject": [subject],
        "body": body,
        "signature": {"recipients": ["- Như trên;", "- TT. Tỉnh ủy, TT. HĐND tỉnh;", "- Lưu: VT."],
                      "titles": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
                      "name": rng.choice(words["signers"])},
    }


def _pdf_pages(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def build(out: Path, docs: int, seed: int) -> list[dict]:
    """Write the corpus under `out` (kept when its manifest already matches) and return the
    manifest: one entry per document with its DOCX, its PDF and its page count."""
    manifest_path = out / MANIFEST
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest["seed"] == seed and len(manifest["documents"]) == docs:
            return manifest["documents"]
    out.mkdir(parents=True, exist_ok=True)
    pdf_fonts()
    rng = random.Random(seed)
    words = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    entries = []
    for i, pages in enumerate(page_counts(docs, rng)):
        stem = f"b{i:03d}"
        src = source(rng, words, pages, 100 + i, stem)
        docx, pdf = out / f"{stem}.docx", out / f"{stem}.pdf"
        write_docx(src, docx)
        write_pdf(src, pdf)
        entries.append({"docx": docx.name, "pdf": pdf.name, "pages": _pdf_pages(pdf)})
    manifest_path.write_text(json.dumps({"seed": seed, "documents": entries}, indent=1))
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=24)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    entries = build(args.out, args.docs, args.seed)
    print(f"{len(entries)} documents, {sum(e['pages'] for e in entries)} pages each as DOCX and PDF in {args.out}")


if __name__ == "__main__":
    main()
