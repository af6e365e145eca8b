"""Headless Chromium for tests: find it, screenshot a page, print it to PDF,
read what a person would see (text, SVG sizes), and list the network
requests a page makes.

A plain module (tests import it as `browser`). Each call starts a fresh
Chromium with its own empty profile in a temporary directory, a timeout, and
in its own process group, which is killed afterwards, so no browser outlives
the call.

When no Chromium is installed, `require_chromium()` skips the test with the
reason - except when the environment variable CI is set: there it fails, so
a browser test never passes in CI by being skipped. `.ci/run` installs the
Debian packages `chromium` and `fonts-wqy-microhei` when they are missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional, Union

import pytest

PathLike = Union[str, os.PathLike]

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 60  # seconds for one browser run
BASE_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
)
# Time the page gets (virtual time: timers and loads run at once) before
# Chromium dumps the DOM; loads of local pages take a few ms.
VIRTUAL_TIME_MS = 5000


class BrowserError(RuntimeError):
    """Chromium failed, timed out, or did not produce what was asked."""


# --- finding the browser -------------------------------------------------------


def chromium() -> Optional[str]:
    """Path to a Chromium / Chrome binary: $KJCX_CHROMIUM if set, else the
    first of chromium, chromium-browser, google-chrome on PATH; None if none."""
    override = os.environ.get("KJCX_CHROMIUM")
    if override:
        return shutil.which(override) or (override if os.access(override, os.X_OK) else None)
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def require_chromium() -> str:
    """The browser's path; without one, skip the test (locally) or fail it
    (when $CI is set: a browser test must never silently skip in CI)."""
    path = chromium()
    if path:
        return path
    reason = (
        "headless Chromium not found (looked for " + ", ".join(CANDIDATES) + " on PATH; "
        "install the Debian packages chromium and fonts-wqy-microhei, "
        "or set KJCX_CHROMIUM)"
    )
    if os.environ.get("CI"):
        pytest.fail("CI is set, so browser tests may not be skipped: " + reason, pytrace=False)
    pytest.skip(reason)


def require_tool(name: str, package: str) -> None:
    """A command-line tool a test needs is missing: skip (locally) or fail (in CI)."""
    reason = f"{name} not found (install the Debian package {package})"
    if os.environ.get("CI"):
        pytest.fail("CI is set, so this test may not be skipped: " + reason, pytrace=False)
    pytest.skip(reason)


# --- running it ----------------------------------------------------------------


def _run(args: list[str], *, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    """Run Chromium once with BASE_FLAGS, a fresh profile and `args`."""
    binary = require_chromium()
    with tempfile.TemporaryDirectory(prefix="kjcx-chromium-", ignore_cleanup_errors=True) as profile:
        cmd = [binary, *BASE_FLAGS, f"--user-data-dir={profile}", *args]
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: killed as one below
        )
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)
            out, err = proc.communicate()
            raise BrowserError(
                f"Chromium timed out after {timeout}s: {' '.join(cmd)}\n{_tail(err)}"
            ) from None
        finally:
            _kill_group(proc.pid)  # helpers (crashpad, zygote) left behind, if any
    if proc.returncode != 0:
        raise BrowserError(
            f"Chromium exited with {proc.returncode}: {' '.join(cmd)}\n{_tail(err)}"
        )
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _tail(err: bytes, lines: int = 15) -> str:
    text = err.decode("utf-8", "replace").splitlines()
    # Chromium in a container complains at length about D-Bus; not the problem.
    text = [ln for ln in text if "dbus" not in ln.lower()]
    return "\n".join(text[-lines:])


def _url(path: PathLike) -> str:
    return Path(path).resolve().as_uri()


# --- page copies with something injected ----------------------------------------

_HEAD_OPEN = re.compile(r"<head\b[^>]*>", re.I)
_HTML_OPEN = re.compile(r"<html\b[^>]*>", re.I)
_DOCTYPE = re.compile(r"<!doctype[^>]*>", re.I)
_BODY_CLOSE = re.compile(r"</body\s*>", re.I)


def _inject(page: str, *, head: str = "", body_end: str = "") -> str:
    """The page with `head` inserted first in <head> (so the page's own rules
    come later and win) and `body_end` before </body>."""
    if head:
        for pattern in (_HEAD_OPEN, _HTML_OPEN, _DOCTYPE):
            m = pattern.search(page)
            if m:
                page = page[: m.end()] + head + page[m.end() :]
                break
        else:
            page = head + page
    if body_end:
        closes = list(_BODY_CLOSE.finditer(page))
        if closes:
            at = closes[-1].start()
            page = page[:at] + body_end + page[at:]
        else:
            page += body_end
    return page


def _read(path: PathLike) -> str:
    return Path(path).read_text(encoding="utf-8")


# --- what the tests call ----------------------------------------------------------


def screenshot(html_path: PathLike, png_path: PathLike, width: int = 1200,
               height: Optional[int] = None, *, scale: float = 1,
               timeout: float = TIMEOUT) -> Path:
    """A PNG of the page at `width` CSS px. Without `height`, the page's full
    height (measured with `probe`, at most 16384 px). `scale` is the device
    pixel ratio (2: a sharp image twice the size)."""
    if height is None:
        # A short window, so the scroll height is the content's, not the viewport's.
        height = min(max(int(probe(html_path, width=width, height=200)["height"]), 100), 16384)
    png = Path(png_path).resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    if png.exists():
        png.unlink()
    _run([f"--window-size={width},{height}", f"--screenshot={png}",
          f"--force-device-scale-factor={scale:g}",
          f"--virtual-time-budget={VIRTUAL_TIME_MS}", _url(html_path)], timeout=timeout)
    if not png.exists() or png.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
        raise BrowserError(f"Chromium wrote no PNG to {png}")
    return png


def print_pdf(html_path: PathLike, pdf_path: PathLike, *, timeout: float = TIMEOUT) -> Path:
    """Print the page to PDF as a person would from the print dialog: A4 unless
    the page's own @page rule says otherwise, no header or footer lines."""
    pdf = Path(pdf_path).resolve()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    if pdf.exists():
        pdf.unlink()
    with tempfile.TemporaryDirectory(prefix="kjcx-print-") as tmp:
        # Chromium's default paper is Letter; the page's own @page comes later and wins.
        copy = Path(tmp) / "page.html"
        copy.write_text(_inject(_read(html_path), head="<style>@page{size:A4}</style>"),
                        encoding="utf-8")
        _run([f"--print-to-pdf={pdf}",
              "--no-pdf-header-footer",      # Chromium >= 111
              "--print-to-pdf-no-header",    # older ones; each ignores the other's flag
              f"--virtual-time-budget={VIRTUAL_TIME_MS}", _url(copy)], timeout=timeout)
    if not pdf.exists() or not pdf.read_bytes().startswith(b"%PDF-"):
        raise BrowserError(f"Chromium wrote no PDF to {pdf}")
    return pdf


_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_STREAM = re.compile(rb"<<((?:(?!>>\s*stream).)*?)>>\s*stream\r?\n", re.S)


def pdf_page_count(pdf_path: PathLike) -> int:
    """Pages in a PDF: its `/Type /Page` objects (not `/Pages`), counted in the
    file and in any compressed object streams (/Type /ObjStm), where newer
    writers may keep them. Pure Python; Chromium's (Skia's) PDFs are plain."""
    data = Path(pdf_path).read_bytes()
    if not data.startswith(b"%PDF-"):
        raise BrowserError(f"{pdf_path} is not a PDF")
    count = len(_PAGE.findall(data))
    for m in _STREAM.finditer(data):
        head = m.group(1)
        if b"/ObjStm" not in head or b"/FlateDecode" not in head:
            continue
        length = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", head)
        start = m.end()
        end = start + int(length.group(1)) if length else data.find(b"endstream", start)
        try:
            count += len(_PAGE.findall(zlib.decompress(data[start:end])))
        except zlib.error:
            continue
    return count


_PROBE_ID = "kjcx-probe"
_PROBE_SCRIPT = """<script>(function () {
  function run() {
    var svgs = Array.prototype.map.call(document.querySelectorAll("svg"), function (e) {
      var r = e.getBoundingClientRect();
      return {width: r.width, height: r.height};
    });
    var root = document.documentElement;
    var out = {
      text: document.body ? document.body.innerText : "",
      svgs: svgs,
      title: document.title,
      width: Math.ceil(Math.max(root.scrollWidth, document.body ? document.body.scrollWidth : 0)),
      height: Math.ceil(Math.max(root.scrollHeight, document.body ? document.body.scrollHeight : 0))
    };
    var el = document.createElement("script");
    el.type = "application/json";
    el.id = "%s";
    el.textContent = JSON.stringify(out).replace(/</g, "\\\\u003c");
    (document.body || root).appendChild(el);
  }
  function later() { (document.fonts ? document.fonts.ready : Promise.resolve()).then(run, run); }
  if (document.readyState === "complete") later(); else window.addEventListener("load", later);
})();</script>""" % _PROBE_ID
_PROBE_OUT = re.compile(r'<script[^>]*\bid="%s"[^>]*>(.*?)</script>' % _PROBE_ID, re.S)


def probe(html_path: PathLike, *, width: int = 1200, height: int = 900,
          timeout: float = TIMEOUT) -> dict:
    """What the page shows once loaded (fonts included), at `width` × `height`:
    {"text": document.body.innerText (text inside inline SVG included), "svgs": [{"width", "height"}, ...] (the
    bounding box of every <svg>, in document order), "title", "width",
    "height" (the document's scroll size in CSS px)}."""
    with tempfile.TemporaryDirectory(prefix="kjcx-probe-") as tmp:
        copy = Path(tmp) / "page.html"
        copy.write_text(_inject(_read(html_path), body_end=_PROBE_SCRIPT), encoding="utf-8")
        done = _run([f"--window-size={width},{height}",
                     f"--virtual-time-budget={VIRTUAL_TIME_MS}", "--dump-dom", _url(copy)],
                    timeout=timeout)
    dom = done.stdout.decode("utf-8", "replace")
    m = _PROBE_OUT.search(dom)
    if not m:
        raise BrowserError("the probe script did not report (blocked by a CSP, or a script error?)")
    return json.loads(m.group(1))  # a script's text is serialized as is


_MEASURE_ID = "kjcx-measure"
_MEASURE_OUT = re.compile(r'<script[^>]*\bid="%s"[^>]*>(.*?)</script>' % _MEASURE_ID, re.S)


def measure(html_path: PathLike, function_body: str, *, width: int = 1200, height: int = 900,
            head: str = "", timeout: float = TIMEOUT) -> object:
    """Run `function_body` (JavaScript: the body of a function that returns a
    JSON-able value) once the page and its fonts have loaded, at `width` x
    `height` CSS px, and return its value. `head` is injected first in <head>
    (a style to lay the page out as printed, say)."""
    script = """<script>(function () {
  function measure() { %s }
  function run() {
    var out;
    try { out = {value: measure()}; } catch (e) { out = {error: String(e && e.stack || e)}; }
    var el = document.createElement("script");
    el.type = "application/json";
    el.id = "%s";
    el.textContent = JSON.stringify(out).replace(/</g, "\\u003c");
    (document.body || document.documentElement).appendChild(el);
  }
  function later() { (document.fonts ? document.fonts.ready : Promise.resolve()).then(run, run); }
  if (document.readyState === "complete") later(); else window.addEventListener("load", later);
})();</script>""" % (function_body, _MEASURE_ID)
    with tempfile.TemporaryDirectory(prefix="kjcx-measure-") as tmp:
        copy = Path(tmp) / "page.html"
        copy.write_text(_inject(_read(html_path), head=head, body_end=script), encoding="utf-8")
        done = _run([f"--window-size={width},{height}",
                     f"--virtual-time-budget={VIRTUAL_TIME_MS}", "--dump-dom", _url(copy)],
                    timeout=timeout)
    m = _MEASURE_OUT.search(done.stdout.decode("utf-8", "replace"))
    if not m:
        raise BrowserError("the measuring script did not report (blocked by a CSP, or a script error?)")
    out = json.loads(m.group(1))
    if "error" in out:
        raise BrowserError("the measuring script failed: " + out["error"])
    return out["value"]


class _OnePage(BaseHTTPRequestHandler):
    """Serves one page at /page.html; records every path asked for."""

    page: bytes = b""
    asked: list[str]

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.asked.append(self.path)
        if self.path == "/page.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(self.page)))
            self.end_headers()
            self.wfile.write(self.page)
        else:
            self.send_error(404)

    do_POST = do_HEAD = do_GET

    def log_message(self, *args):  # quiet
        pass


def network_requests(html_path: PathLike, *, timeout: float = TIMEOUT) -> list[str]:
    """Every URL the page tried to fetch besides itself, in order, each once.

    The page is served over http://127.0.0.1 (from a file:// page a
    protocol-relative `//host/x` would stay a file URL and never show in the
    network log); host resolution is mapped to "not found" for every other
    host, so nothing leaves the machine, yet each attempt is in Chromium's
    net log. Requests Chromium makes for itself (update checks and the like,
    initiator "not an origin") are not the page's and are left out; a
    `data:` favicon is injected first in <head> so the browser does not ask
    for /favicon.ico. Resource hints (preconnect, dns-prefetch) open no
    request in headless Chromium and are not reported; a static check of the
    page's src/href/url() covers those.
    """
    page = _inject(_read(html_path), head='<link rel="icon" href="data:,">')
    handler = type("Handler", (_OnePage,), {"page": page.encode("utf-8"), "asked": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        own = origin + "/page.html"
        with tempfile.TemporaryDirectory(prefix="kjcx-netlog-") as tmp:
            log = Path(tmp) / "net.json"
            _run([
                f"--log-net-log={log}",
                "--net-log-capture-mode=Default",
                "--no-proxy-server",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                f"--virtual-time-budget={VIRTUAL_TIME_MS}",
                "--dump-dom",
                own,
            ], timeout=timeout)
            urls = _page_requests(log)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    seen: dict[str, None] = {}
    for url in urls + [origin + p for p in handler.asked]:
        if url != own:
            seen.setdefault(url, None)
    return list(seen)


def _page_requests(log: Path) -> list[str]:
    """URLs of URL_REQUEST_START_JOB events with an initiator (the page's)."""
    text = log.read_text(encoding="utf-8", errors="replace").rstrip()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        # A log cut short (browser killed) lacks the closing "]}"; take what is there.
        doc = json.loads(text.rstrip(",\n") + "]}")
    start_job = doc["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in doc.get("events", []):
        if event.get("type") != start_job:
            continue
        params = event.get("params") or {}
        url = params.get("url")
        if url and params.get("initiator", "not an origin") != "not an origin":
            urls.append(url)
    return urls
