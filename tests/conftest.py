"""Shared test fixtures: repository paths, the steering repo's reference data, and an offline guard."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
#: issue 16: a chapter page and everything it loads (document, theme, MathJax and its fonts, figures)
PAGE_BUDGET_BYTES = 3_000_000
REFERENCE = SHARED / "reference"
IN_CI = bool(os.environ.get("CI"))


def reference_file(name: str) -> Path:
    """Path of a file in ../shared/reference; skip where absent (a reader's clone), fail in CI."""
    p = REFERENCE / name
    if not p.exists():
        if IN_CI:
            pytest.fail(f"{p} is required in CI (.ci/run runs beside ../shared) but is absent")
        pytest.skip(f"{p} is absent: reference data lives in the steering repository's shared/ folder")
    return p


_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    """Allow loopback and Unix sockets only: the book must never reach the network."""
    if self.family == socket.AF_UNIX:
        return _real_connect(self, address)
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost", "::1") or str(host).startswith("127."):
        return _real_connect(self, address)
    raise RuntimeError(f"network access to {address!r} attempted during tests; the book must work offline")


@pytest.fixture(autouse=True, scope="session")
def _offline_guard():
    socket.socket.connect = _guarded_connect
    yield
    socket.socket.connect = _real_connect


# --- one book build per test run, shared by every xdist worker -------------------------------------

def unshare_prefix() -> list[str]:
    """``unshare -n`` (or ``-rn``) where this machine can make a network namespace, else ``[]``."""
    import shutil
    import subprocess

    exe = shutil.which("unshare")
    if not exe:
        return []
    for prefix in ([exe, "-n"], [exe, "-rn"]):
        if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    return []


def shared_book() -> tuple[Path, dict]:
    """The whole book, built ONCE per test run with ``jupyter-book build . -W -n --keep-going``.

    Several test modules need the built book (the build and link checks, the browser checks,
    the explorable figures, the offline check); under pytest-xdist they may run in different
    workers, so the first one to ask builds it under a file lock and the others wait and reuse
    it (``PYTEST_XDIST_TESTRUNUID`` is shared by every worker of one run). Where the machine
    allows, the build runs inside a network namespace with no network at all (``unshare -n``),
    which is the proof that building needs no network. Returns (the ``_build/html`` folder, a
    record with the return code, the log and whether it ran offline).
    """
    import fcntl
    import json
    import shutil
    import subprocess
    import sys

    uid = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid{os.getpid()}"
    base = ROOT / "_build" / "test-book"
    base.mkdir(parents=True, exist_ok=True)
    out = base / uid
    with open(base / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        record = out / "record.json"
        if not record.exists():
            for old in base.iterdir():
                if old.is_dir() and old.name != uid:
                    shutil.rmtree(old, ignore_errors=True)
            prefix = unshare_prefix()
            jb = Path(sys.executable).with_name("jupyter-book")
            res = subprocess.run([*prefix, str(jb), "build", str(ROOT), "--path-output", str(out), "-W", "-n",
                                  "--keep-going"], capture_output=True, text=True, timeout=900)
            out.mkdir(parents=True, exist_ok=True)
            record.write_text(json.dumps({"rc": res.returncode, "log": (res.stdout + res.stderr)[-30000:],
                                          "offline": bool(prefix)}), encoding="utf-8")
        data = json.loads(record.read_text(encoding="utf-8"))
    return out / "_build" / "html", data


# --- make run, end to end ---------------------------------------------------------------------------

def run_page(chapter: str, *args: str, runs_dir: Path | None = None) -> tuple[Path, str]:
    """``make run`` of one chapter (``python -m llmscale.rerun NN ARGS``); returns its page and the page's words.

    The words leave out scripts, styles and code listings (``<pre>``); entities are decoded,
    whitespace collapsed and curly apostrophes straightened. ``runs_dir`` sets ``$LLMSCALE_RUNS_DIR``.
    """
    import html
    import re
    import subprocess

    env = dict(os.environ, LLMSCALE_RUNS_DIR=str(runs_dir)) if runs_dir else None
    res = subprocess.run([sys.executable, "-m", "llmscale.rerun", chapter, *args], capture_output=True, text=True,
                         timeout=600, cwd=ROOT, env=env)
    assert res.returncode == 0, res.stderr[-3000:]
    page = ROOT / res.stdout.split("page:")[1].strip()   # absolute where the runs folder is outside ROOT
    raw = re.sub(r"<(script|style|pre)\b[^>]*>.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw))).replace("\u2019", "'")
    return page, text


# --- the browser and a local server, shared by every browser test ------------------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def require_browser() -> None:
    """Skip where Debian's Chromium is absent, unless ``REQUIRE_BROWSER=1`` (set by .ci/run): then fail."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is absent (install Debian's chromium package)")
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium package to run the browser checks")


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright (no browser of Playwright's own)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextlib.contextmanager
def serve(directory: Path):
    """A quiet static HTTP server on a free loopback port; yields its base URL (``http://127.0.0.1:N/``)."""
    import functools
    import http.server
    import threading

    class _Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    class _Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            # a browser context closed mid-response (BrokenPipe, ConnectionReset) is not the page's fault
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
