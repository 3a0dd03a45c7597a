"""`vanban serve` started as a user starts it, on 127.0.0.1 and a free port, for tests that talk HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(db_path: Path, *options: str, timeout: float = 60):
    """Run the installed `vanban serve` on the database; yield its base URL, stop it afterwards."""
    port = free_port()
    script = Path(sys.executable).with_name("vanban")
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([script, "serve", "--db", db_path, "--port", str(port), *options],
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if server.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"vanban serve exited: {log.read().decode(errors='replace')}")
            try:
                if httpx.get(f"{url}/-/versions.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"vanban serve did not answer on {url} within {timeout} s")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
