"""Regenerate docs/report.png: `kjcx report 2022` of the shipped plan, as headless
Chromium shows it (the picture in the README).

    python bench/screenshot.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from click.testing import CliRunner  # noqa: E402

from kjcx.cli.app import cli  # noqa: E402

import browser  # noqa: E402  (the tests' Chromium harness)


def main() -> None:
    if browser.chromium() is None:
        sys.exit("需要 chromium（Debian：apt-get install chromium fonts-wqy-microhei）")
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "通报.html"
        result = CliRunner().invoke(cli, ["--data", str(ROOT / "data"), "report", "2022",
                                          "--since", "2022-03-31", "-o", str(html)])
        if result.exit_code != 0:
            sys.exit(result.output)
        out = ROOT / "docs" / "report.png"
        browser.screenshot(html, out, width=1000, height=1800)
        print(f"已生成：{out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
