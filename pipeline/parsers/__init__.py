"""Parsers by content type: the format is told by the file's bytes, never its name.

Word 97-2003, OpenDocument and RTF files are converted to DOCX by LibreOffice
(`pipeline.convert`) and read by the DOCX parser; their Document keeps the original format.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.document import Document
from pipeline.errors import UnreadableDocument, UnsupportedFormat

Parser = Callable[[bytes, str], Document]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")


def sniff(data: bytes) -> str:
    """The format of a file from its first bytes: pdf, docx, doc, odt, rtf, txt, or a reason
    to refuse it."""
    if not data or not data.strip():
        raise UnreadableDocument("The file is empty.")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if data[30:30 + len(ODT_MIMETYPE)] == ODT_MIMETYPE:  # the first entry, stored uncompressed
            return "odt"
        if b"word/" in data[:65536] or b"[Content_Types].xml" in data[:65536]:
            return "docx"
        raise UnsupportedFormat("The file is a zip archive, not a Word document; unpack it and drop "
                                "the documents themselves.")
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableDocument("The Word file is password-protected; send an unprotected copy.")
        if _ole_cut_short(data):
            raise UnreadableDocument("The old Office file is incomplete (cut short in copying or downloading); "
                                     "send the whole file.")
        if "WordDocument".encode("utf-16-le") not in data:
            raise UnsupportedFormat("The file is an old Office file with no Word text in it (perhaps Excel or "
                                    "PowerPoint); if it is a Word document, save it as .docx and put it back.")
        return "doc"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(IMAGE_MAGIC):
        raise UnsupportedFormat("The file is an image; scan documents to PDF so they can be read.")
    if _looks_like_text(head):
        return "txt"
    raise UnsupportedFormat("The file's format is not one vanban reads (Word, OpenDocument, RTF, PDF "
                            "or plain text).")


def _ole_cut_short(data: bytes) -> bool:
    """The directory of an OLE file (.doc) lies beyond its end: the file was truncated."""
    sector_size = 1 << int.from_bytes(data[0x1E:0x20], "little")
    directory = int.from_bytes(data[0x30:0x34], "little")
    return sector_size * (directory + 1) >= len(data)


def _looks_like_text(head: bytes) -> bool:
    from pipeline.parsers.txt import decode_text

    text = decode_text(_whole_characters(head))
    printable = sum(ch.isprintable() or ch in "\r\n\t\f" for ch in text)
    return printable / max(len(text), 1) > 0.95 and "\ufffd" not in text[:-1]


def _whole_characters(head: bytes) -> bytes:
    """The first bytes of a file without a UTF-8 character cut at their end: a Vietnamese letter
    takes 2 or 3 bytes, and a cut one would make UTF-8 text look like another encoding."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":
            return head[:error.start]
    return head


def _parsers() -> dict[str, Parser]:
    from pipeline.parsers.docx import parse_docx
    from pipeline.parsers.pdf import parse_pdf
    from pipeline.parsers.txt import parse_txt

    return {"pdf": parse_pdf, "docx": parse_docx, "txt": parse_txt}


def parse_bytes(data: bytes, source: str) -> Document:
    """Parse a file's bytes into the document model; raises a `VanbanError` saying why not."""
    fmt = sniff(data)
    parsers = _parsers()
    if fmt in parsers:
        return parsers[fmt](data, source)
    from pipeline.convert import to_docx
    from pipeline.parsers.docx import parse_docx

    return parse_docx(to_docx(data, fmt), source, original=data, fmt=fmt)
