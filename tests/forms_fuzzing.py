"""A structure-aware fuzzer of returned forms (tests/test_forms_hostile.py and
bench/forms_fuzz.py).

    base = exported_forms(tmp)             # the mini plan's forms, as bytes
    data, name, what = mutate(rng, base)   # one hostile workbook
    outcome = run_one(data_dir, path)      # import, then --write when it is clean

Mutations work on the workbook's XML (what openpyxl would refuse to write:
60,000-character cells, `inf`, rich text, raw control characters, bombs): input
cells get long text, odd Unicode, error and boolean values, formulas, rich
text, numbers at and past every bound; the hidden sheet is edited; parts are
replaced by bomb-shaped ones, truncated or have bytes flipped.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

INPUTS = {"xl/worksheets/sheet1.xml": [f"{c}{r}" for c in "FGHI" for r in range(5, 11)],
          "xl/worksheets/sheet2.xml": [f"{c}{r}" for c in "FGH" for r in (5, 6)]}
ODD = ["\u202e", "\x85", "\u2028", "\ufeff", "²", "١٢", "１２", "\u200b", "𝟙𝟚", "e\u0301", "\x1b[31m",
       "_x001B_", "_x005F_x001B_", "\t", "\r\n", "? ", "- ", ": ", "#", "&amp;", "]]>", "'", '"', "\\"]
NUMBERS = ["12", "-0", "0.0000000000000001", "1E-300", "1e308", "inf", "-inf", "NaN", "1" * 16,
           "1" * 4000, "999999999999999", "1000000000000000", "0x1F", "1_000", ".5", "5.", "+7",
           "33.7亿元", "约125", "1,234", "12%", "一百二十", "2.59%", "TRUE", ""]


FORMULAS = ["1+1", "A1", 'HYPERLINK("http://x")', "SUM(F:F)"]


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _pack(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _str(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")  # a flipped byte stays a flipped byte


def _set_cell(sheet: str, ref: str, xml: str) -> str:
    match = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', sheet)
    return sheet if match is None else sheet[:match.start()] + xml + sheet[match.end():]


def _text(rng: random.Random) -> str:
    pieces = [rng.choice(ODD + NUMBERS + ["上半年", "统计快报", "x"]) for _ in range(rng.randint(1, 6))]
    text = "".join(pieces)
    if rng.random() < 0.15:
        text = text * max(1, rng.randint(1, 40_000 // max(len(text), 1)))
    return text


def _cell_xml(rng: random.Random, ref: str) -> str:
    kind = rng.choice(["str", "num", "bool", "err", "formula", "rich", "inline_long", "date", "empty"])
    if kind == "num":
        return f'<c r="{ref}" t="n"><v>{escape(rng.choice(NUMBERS))}</v></c>'
    if kind == "bool":
        return f'<c r="{ref}" t="b"><v>{rng.choice("01")}</v></c>'
    if kind == "err":
        return f'<c r="{ref}" t="e"><v>{rng.choice(["#REF!", "#N/A", "#DIV/0!", "#VALUE!"])}</v></c>'
    if kind == "formula":
        formula = escape(rng.choice(FORMULAS))
        return f'<c r="{ref}"><f>{formula}</f></c>'
    if kind == "rich":
        runs = "".join(f'<r><rPr><b/></rPr><t xml:space="preserve">{escape(_xml_safe(_text(rng)))}</t></r>'
                       for _ in range(rng.randint(1, 3)))
        return f'<c r="{ref}" t="inlineStr"><is>{runs}</is></c>'
    if kind == "inline_long":
        return f'<c r="{ref}" t="inlineStr"><is><t>{"1" * rng.choice([100, 32_767, 60_000])} a b</t></is></c>'
    if kind == "date":
        return f'<c r="{ref}" t="n" s="7"><v>{rng.choice(["44834", "0", "-1", "2958466", "1e9"])}</v></c>'
    if kind == "empty":
        return f'<c r="{ref}"/>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(_xml_safe(_text(rng)))}</t></is></c>'


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold C0 controls raw: write them as OOXML's _xHHHH_."""
    return "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else f"_x{ord(c):04X}_" for c in text)


def _bomb(rng: random.Random) -> tuple[str, bytes]:
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    shape = rng.choice(["rows", "merged", "validations", "styles", "strings", "dtd", "deep", "sheets"])
    if shape == "rows":
        rows = "".join(f'<row r="{r}"/>' for r in range(1, rng.choice([100, 25_000, 200_000])))
        return "xl/worksheets/sheet4.xml", f"<worksheet {ns}><sheetData>{rows}</sheetData></worksheet>".encode()
    if shape == "merged":
        merged = "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(1, rng.choice([10, 5000])))
        return "xl/worksheets/sheet4.xml", (f"<worksheet {ns}><sheetData/><mergeCells>{merged}</mergeCells>"
                                            "</worksheet>").encode()
    if shape == "validations":
        return "xl/worksheets/sheet4.xml", (f"<worksheet {ns}><sheetData/><dataValidations>"
                                            + '<dataValidation sqref="A1"/>' * rng.choice([3, 2000])
                                            + "</dataValidations></worksheet>").encode()
    if shape == "styles":
        return "xl/styles.xml", (f"<styleSheet {ns}><cellXfs>" + '<xf numFmtId="0"/>' * rng.choice([5, 30_000])
                                 + "</cellXfs></styleSheet>").encode()
    if shape == "strings":
        return "xl/sharedStrings.xml", (f"<sst {ns}>" + "<si><t>a</t></si>" * rng.choice([5, 300_000])
                                        + "</sst>").encode()
    if shape == "dtd":
        return "docProps/app.xml", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    if shape == "deep":
        depth = rng.choice([10, 5000])
        return "docProps/core.xml", ("<a>" * depth + "</a>" * depth).encode()
    book = "".join(f'<sheet name="s{n}" sheetId="{n + 9}"/>' for n in range(rng.choice([2, 100])))
    return "xl/workbook.xml", f"<workbook {ns}><sheets>{book}</sheets></workbook>".encode()


def mutate(rng: random.Random, base: dict[str, bytes]) -> tuple[bytes, str, str]:
    """(workbook bytes, file name, what was done) from one of the exported forms."""
    name = rng.choice(sorted(base))
    parts = _parts(base[name])
    what = []
    for _ in range(rng.randint(1, 6)):
        roll = rng.random()
        if roll < 0.7:
            part = rng.choice(sorted(INPUTS))
            ref = rng.choice(INPUTS[part] + ["A5", "B5", "A6"])
            parts[part] = _set_cell(_str(parts[part]), ref, _cell_xml(rng, ref)).encode("utf-8", "surrogateescape")
            what.append(f"cell {part[-10:]}:{ref}")
        elif roll < 0.8:
            ref = rng.choice(["B1", "B2", "B3", "B4", "B5"])
            meta = _set_cell(_str(parts["xl/worksheets/sheet4.xml"]), ref, _cell_xml(rng, ref))
            parts["xl/worksheets/sheet4.xml"] = meta.encode("utf-8", "surrogateescape")
            what.append(f"meta {ref}")
        elif roll < 0.93:
            part, data = _bomb(rng)
            parts[part] = data
            what.append(f"bomb {part}")
        else:
            part = rng.choice(sorted(parts))
            data = bytearray(parts[part])
            for _ in range(rng.randint(1, 5)):
                if data:
                    data[rng.randrange(len(data))] = rng.randrange(256)
            parts[part] = bytes(data)
            what.append(f"flip {part}")
    packed = _pack(parts)
    if rng.random() < 0.03:
        packed = packed[:rng.randrange(len(packed))]
        what.append("truncated")
    return packed, name, "; ".join(what)


def exported_forms(data_dir: Path, out: Path) -> dict[str, bytes]:
    from click.testing import CliRunner

    from kjcx.cli.app import cli

    result = CliRunner().invoke(cli, ["forms", "export", "2022-09-30", "-o", str(out), "--data", str(data_dir),
                                      "--force"])
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.xlsx"))}


def run_one(data_dir: Path, form: Path) -> tuple[str, str]:
    """(outcome, detail): "ok" (written or nothing to write), "refused" (errors,
    nothing written), "traceback", or "wrote-with-errors". The data files are
    compared before and after."""
    from kjcx.plan.load import load
    from kjcx.round.forms import read_forms
    from kjcx.round.writeback import WriteError, write_changes

    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    try:
        plan = load(data_dir).plan
        result = read_forms(plan, [form])
        for problem in result.errors:
            str(problem)  # every message renders
            assert "None" not in problem.message, problem.message
        if result.ok and result.changes:
            try:
                write_changes(data_dir, plan, result.changes)
            except WriteError as exc:
                return "write-refused", str(exc)[:200]
    except Exception as exc:  # noqa: BLE001 - what the fuzzer looks for
        import traceback

        return "traceback", "".join(traceback.format_exception(exc))[-2000:]
    after = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    if result.errors:
        return ("wrote-with-errors", "") if after != before else ("refused", result.errors[0].message[:80])
    return "ok", ""
