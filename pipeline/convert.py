"""Word 97-2003 (.doc), OpenDocument (.odt) and RTF files, turned into DOCX by LibreOffice.

The conversion is a pure function of the bytes: they are written to a private temporary
folder, `soffice --headless --convert-to docx` runs there with its own user profile (so
conversions running side by side never share LibreOffice's profile lock), and everything
is removed afterwards. The DOCX then takes the normal Word path.

LibreOffice is a system program: `apt-get install libreoffice-writer-nogui`. The
`VANBAN_SOFFICE` environment variable names another `soffice` to run.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pipeline.errors import LimitExceeded, UnreadableDocument, UnsupportedFormat

SOFFICE_ENV = "VANBAN_SOFFICE"
TIMEOUT = 120.0  # seconds; a first start of LibreOffice takes a few
STDERR_LINES = 3  # of LibreOffice's own words kept in the message when it fails
NAMES = {"doc": "an old Word 97-2003 document (.doc)", "odt": "an OpenDocument text (.odt)",
         "rtf": "a Rich Text Format document (.rtf)"}


def soffice_command() -> str | None:
    """The LibreOffice program to run, or None when it is not installed."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, fmt: str, timeout: float = TIMEOUT) -> bytes:
    """The bytes of a `fmt` file ("doc", "odt" or "rtf") converted to DOCX."""
    command = soffice_command()
    if command is None:
        raise UnsupportedFormat(
            f"The file is {NAMES[fmt]}, which is read by converting it with LibreOffice, and LibreOffice "
            "is not installed here (apt-get install libreoffice-writer-nogui); save the file as .docx, "
            "or install LibreOffice and put the file back.")
    with tempfile.TemporaryDirectory(prefix="vanban-convert-") as folder:
        work = Path(folder)
        source = work / f"document.{fmt}"
        source.write_bytes(data)
        args = [command, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                "--norestore", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
                "--outdir", str(work / "out"), str(source)]
        stderr = _run(args, timeout, fmt)
        result = work / "out" / "document.docx"
        if not result.is_file() or result.stat().st_size == 0:
            said = [line.strip() for line in stderr.splitlines() if line.strip()][-STDERR_LINES:]
            raise UnreadableDocument(
                f"The file is {NAMES[fmt]} that LibreOffice could not open: it may be damaged or "
                "password-protected; open it in Word or LibreOffice and save it as .docx."
                + (f" (LibreOffice: {' / '.join(said)})" if said else ""), stderr or None)
        return result.read_bytes()


def _run(args: list[str], timeout: float, fmt: str) -> str:
    """Run LibreOffice in its own process group, so a timeout ends all its processes; its
    error output is returned."""
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise LimitExceeded(f"Converting {NAMES[fmt]} with LibreOffice took over {timeout:.0f} seconds; "
                            "save the file as .docx and put it back.")
    return stderr.decode("utf-8", errors="replace")
