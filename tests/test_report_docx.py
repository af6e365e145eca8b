"""The Word report as a 公文 table reader sees it: columns as wide as their
content (not equal), the name column at least six characters, numbers
right-aligned, the header row repeated on every page, rows kept whole, page
numbers in the footer; and LibreOffice turns it into a PDF of A4 pages."""

import os
import shutil
import subprocess

import pytest

from conftest import PLANS, SEED

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def make(kjcx, tmp_path, data=SEED, year=2022):
    out = tmp_path / "通报.docx"
    result = kjcx("--data", data, "report", year, "-o", out, "--since", f"{year}-03-31")
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("data", [SEED, PLANS / "long_units"])
def test_tables_fit_their_content(kjcx, tmp_path, data):
    import docx

    document = docx.Document(str(make(kjcx, tmp_path, data)))
    assert len(document.tables) >= 2
    for table in document.tables:
        widths = [c.width.mm for c in table.columns]
        assert len(set(round(w, 1) for w in widths)) > 1  # not equal widths
        assert abs(sum(widths) - 156) < 0.5  # the 156 mm between the 公文 margins
        # the first row repeats on each page; every other row is kept whole
        first, *rest = table.rows
        assert first._tr.trPr.find(W + "tblHeader") is not None
        assert all(r._tr.trPr.find(W + "tblHeader") is None for r in rest)
        assert all(r._tr.trPr.find(W + "cantSplit") is not None for r in rest)
        assert table._tbl.tblPr.find(W + "tblLayout").get(W + "type") == "fixed"
    indicators = document.tables[0]
    widths = [c.width.mm for c in indicators.columns]
    # the name column: at least six characters of 9 pt (6 x 9 / 72 x 25.4 = 19.05 mm)
    # plus the cell's 1.6 mm margins
    assert widths[0] >= 6 * 9 / 72 * 25.4 + 1.6 - 0.01
    # figures: 年度目标 (2), 实际 (3), 完成率 (5) right-aligned; the name (0) is not
    for row in indicators.rows[1:]:
        for i in (2, 3, 5):
            assert row.cells[i].paragraphs[0].alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT
        assert row.cells[0].paragraphs[0].alignment is None


def test_the_unit_column_stays_narrow_beside_a_long_unit(kjcx, tmp_path):
    import docx

    table = docx.Document(str(make(kjcx, tmp_path, PLANS / "long_units"))).tables[0]
    units = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
    assert units["单位地区生产总值能耗"] == "吨标煤/\n万元"  # on two lines, after its slash
    widths = [c.width.mm for c in table.columns]
    assert widths[1] < widths[0]
    # a phrase before a figure on its own line: the 差距 column as wide as 0.03吨标煤/万元
    gaps = {r.cells[0].text: r.cells[8].text for r in table.rows[1:]}
    assert gaps["单位地区生产总值能耗"] == "高于目标\n0.03吨标煤/万元"  # 0.53 - 0.5
    assert gaps["技术合同成交额"] == "超额 1.5亿元"  # 31.5 - 30; short: one line, as the tables say it


def test_page_numbers_in_the_footer(kjcx, tmp_path):
    import docx

    document = docx.Document(str(make(kjcx, tmp_path)))
    footer = document.sections[0].footer.paragraphs[0]
    instr = [el.text for el in footer._p.iter(W + "instrText")]
    assert instr == [" PAGE "]
    kinds = [el.get(W + "fldCharType") for el in footer._p.iter(W + "fldChar")]
    assert kinds == ["begin", "separate", "end"]
    assert footer.text == "— 1 —"  # the field's cached value; Word fills in each page's


def test_libreoffice_prints_it_to_a4_pages(kjcx, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        reason = "LibreOffice（soffice）未安装：apt-get install libreoffice-writer 后可运行此测试"
        if os.environ.get("CI"):
            pytest.fail(reason + "；CI 中必须运行（.ci/run 会安装它）")
        pytest.skip(reason)
    path = make(kjcx, tmp_path)
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                          capture_output=True, text=True, timeout=180, check=False)
    pdf = path.with_suffix(".pdf")
    assert pdf.exists(), done.stdout + done.stderr
    import browser

    # title and 总体情况; the indicator table with its header repeated; 期末展望 and the
    # sections; departments and their items; tasks and the changes since 3-31
    assert 4 <= browser.pdf_page_count(pdf) <= 7
    data = pdf.read_bytes()
    assert b"/MediaBox [0 0 595" in data or b"/MediaBox[0 0 595" in data  # A4: 595 x 842 pt
