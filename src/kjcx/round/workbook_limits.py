"""A returned form checked before openpyxl sees it: a regular file, read once
under the cap, and a workbook whose parts are small enough to load quickly.

    read_form(path)     -> the file's bytes (at most MAX_FORM_BYTES), or LimitError
    check_workbook(data) -> None, or LimitError naming the part (sheet) and the limit

openpyxl loads a whole workbook into memory, and a few hundred kilobytes of
zip can hold millions of empty rows, styles or shared strings (hours of
parsing, gigabytes of memory). So the zip's central directory is read first
(parts and uncompressed sizes: zipfile never returns more than the size it
declares), then every XML part is streamed through expat, counting elements
and stopping at the first limit passed. No DTD is accepted (entities).

Only the standard library: imported by forms import before openpyxl.
"""

from __future__ import annotations

import io
import os
import re
import struct

from kjcx.errors import KjcxError
from kjcx.plan.files import ReadError, read_data

MB = 1024 * 1024
MAX_FORM_BYTES = 20 * MB  # the file as returned (compressed)
MAX_UNCOMPRESSED = 50 * MB  # all parts together, as declared in the central directory
MAX_PARTS = 500
MAX_DEPTH = 64
MAX_ELEMENTS = 1_000_000  # of any kind, in the whole workbook
# (what, local element name, limit, scope) — scope "sheet": per worksheet, else per workbook.
# A form kjcx exports has 3 sheets, a few hundred rows of 8-9 cells, 3 merged
# ranges and 4 validations per sheet; the limits leave room for a form saved by
# Excel, WPS or LibreOffice with generous formatting, and keep loading it under
# about 2 s (openpyxl reads about 70,000 cells a second).
LIMITS = (
    ("工作表", "sheet", 50, "book"),
    ("行", "row", 20_000, "sheet"),
    ("单元格", "c", 150_000, "book"),
    ("列格式", "col", 2_000, "sheet"),
    ("合并单元格", "mergeCell", 2_000, "sheet"),
    ("数据验证", "dataValidation", 500, "sheet"),
    ("条件格式", "cfRule", 2_000, "sheet"),
    ("批注", "comment", 10_000, "book"),
    ("单元格样式", "xf", 20_000, "book"),
    ("字体", "font", 5_000, "book"),
    ("填充", "fill", 5_000, "book"),
    ("边框", "border", 5_000, "book"),
    ("数字格式", "numFmt", 5_000, "book"),
    ("差异格式", "dxf", 5_000, "book"),
    ("共享字符串", "si", 200_000, "book"),
    ("定义的名称", "definedName", 2_000, "book"),
)
_HINT = "这不像 kjcx 导出的报送表：请用导出的原表填报，或把内容复制到新导出的表中再交回"


# A number as a cell's <v> holds it (Excel writes at most 17 significant digits).
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?")


class LimitError(KjcxError):
    """The form is refused; `where` is a sheet name (or ""), `message` in Chinese."""

    def __init__(self, message: str, where: str = ""):
        super().__init__(message)
        self.message, self.where = message, where


def read_form(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file, read once, at most MAX_FORM_BYTES: a FIFO,
    a device, a directory, a dangling or looping symlink are refused unread."""
    try:
        data = read_data(path, cap=MAX_FORM_BYTES)
    except ReadError as exc:
        if exc.message.startswith("文件过大"):
            raise LimitError(f"文件过大（上限 {MAX_FORM_BYTES // MB} MB）：报送表一般不超过 1 MB，"
                             "请检查是否选错了文件") from None
        # safeio speaks of data files; here the file is a returned form
        raise LimitError(exc.message.replace("请指向真正的 YAML 文件", "请换成真正的报送表（.xlsx）")) from None
    if data is None:
        raise LimitError("文件不存在（可能在读取前被移走或删除）")
    return data


def check_workbook(data: bytes) -> None:
    """Refuse a workbook whose parts would be slow or large to load."""
    import zipfile

    entries = _declared_entries(data)
    if entries is not None and entries > MAX_PARTS:
        raise LimitError(f"工作簿由 {entries} 个部件组成（上限 {MAX_PARTS}）：{_HINT}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return  # not a zip: openpyxl's own refusal says so ("文件已损坏")
    if len(infos) > MAX_PARTS:
        raise LimitError(f"工作簿由 {len(infos)} 个部件组成（上限 {MAX_PARTS}）：{_HINT}")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise LimitError(f"工作簿解压后有 {total / MB:.1f} MB（上限 {MAX_UNCOMPRESSED // MB} MB）：{_HINT}")
    names = _sheet_names(archive)
    book: dict[str, int] = {}
    elements = [0]
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")) and not info.is_dir():
            sheet = names.get(info.filename, "")
            _count_part(archive, info, sheet, book, elements)


def _declared_entries(data: bytes) -> int | None:
    """The entry count of the end-of-central-directory record (cheap: before
    zipfile builds an object for each entry)."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    count = struct.unpack("<H", data[at + 10:at + 12])[0]
    return None if count == 0xFFFF else count  # zip64: zipfile's list is checked instead


def _count_part(archive, info, sheet: str, book: dict[str, int], elements: list[int]) -> None:
    import xml.parsers.expat
    import zipfile

    counts: dict[str, int] = {}
    depth = [0]
    limits = {name: (what, limit, scope) for what, name, limit, scope in LIMITS}
    part = f"工作表 “{sheet}”" if sheet else f"部件 {info.filename[:80]}"

    def start(name: str, _attrs) -> None:
        local = name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]
        depth[0] += 1
        elements[0] += 1
        if depth[0] > MAX_DEPTH:
            raise LimitError(f"{part} 的 XML 嵌套超过 {MAX_DEPTH} 层：{_HINT}", sheet)
        if elements[0] > MAX_ELEMENTS:
            raise LimitError(f"工作簿的 XML 元素数超过上限 {MAX_ELEMENTS:,}：{_HINT}", sheet)
        if number is not None:
            number.start(local, _attrs)
        rule = limits.get(local)
        if rule is None:
            return
        what, limit, scope = rule
        if scope == "sheet" and not info.filename.startswith("xl/worksheets/"):
            return
        tally = counts if scope == "sheet" else book
        tally[local] = tally.get(local, 0) + 1
        if tally[local] > limit:
            where = f"{part} " if scope == "sheet" else "工作簿"
            raise LimitError(f"{where}的{what}数超过上限 {limit:,}：{_HINT}", sheet)

    def end(name: str) -> None:
        depth[0] -= 1
        if number is not None and name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1] == "v":
            number.check()

    def doctype(*_args) -> None:
        raise LimitError(f"{part} 含有 DTD 声明（可用来展开实体）：{_HINT}", sheet)

    number = _NumberCells(sheet or info.filename[:80]) if info.filename.startswith("xl/worksheets/") else None
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if number is not None:
        parser.CharacterDataHandler = number.text
    parser.StartDoctypeDeclHandler = doctype
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 16):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError:
        return  # malformed XML: openpyxl refuses it with its own message
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
        return  # bad compression or CRC: likewise left to openpyxl's refusal


class _NumberCells:
    """The value of each numeric cell, checked as openpyxl would read it: it
    calls int() or float() on the text, so `inf`, `NaN` or 4,000 digits would
    fail the whole workbook (or build a huge number); refused here at the cell."""

    def __init__(self, sheet: str):
        self.sheet = sheet
        self.ref = ""
        self.numeric = False
        self.value: list[str] | None = None
        self.size = 0

    def start(self, local: str, attrs) -> None:
        if local == "c":
            self.ref = str(attrs.get("r", ""))[:12]
            self.numeric = attrs.get("t", "n") == "n"
        elif local == "v" and self.numeric:
            self.value, self.size = [], 0

    def text(self, data: str) -> None:
        if self.value is not None and self.size <= 64:
            self.value.append(data[:65])
            self.size += len(data)

    def check(self) -> None:
        if self.value is None:
            return
        text, self.value = "".join(self.value).strip(), None
        if not text or (self.size <= 40 and _NUMBER.fullmatch(text)):
            return
        from kjcx.round.numbers import clip

        shown = clip(text) if self.size <= 64 else clip(text + "…")[:40] + f"…（共 {self.size} 个字符）"
        where = f"{self.sheet}!{self.ref}" if self.ref else self.sheet
        raise LimitError(f"单元格中的数值 “{shown}” 无法读取（不是有限的数，或位数过多）："
                         "请填写 15 位以内的数字", where)


def _sheet_names(archive) -> dict[str, str]:
    """Part name (xl/worksheets/sheet1.xml) -> sheet name, from workbook.xml and
    its relationships; {} when they cannot be read (the limits still apply)."""
    import xml.parsers.expat

    sheets: dict[str, str] = {}  # r:id -> name
    targets: dict[str, str] = {}  # r:id -> part

    def on_book(name: str, attrs) -> None:
        if name.rsplit(" ", 1)[-1] == "sheet" and len(sheets) < 200:
            rid = next((v for k, v in attrs.items() if k.rsplit(" ", 1)[-1] == "id"), None)
            if rid is not None:
                sheets[rid] = str(attrs.get("name", ""))[:80]

    def on_rels(name: str, attrs) -> None:
        if name.rsplit(" ", 1)[-1] == "Relationship" and len(targets) < 1000:
            target = str(attrs.get("Target", "")).lstrip("/")
            targets[str(attrs.get("Id", ""))] = target if target.startswith("xl/") else "xl/" + target

    for part, handler in (("xl/workbook.xml", on_book), ("xl/_rels/workbook.xml.rels", on_rels)):
        try:
            info = archive.getinfo(part)
            if info.file_size > 4 * MB:
                return {}
            parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
            parser.StartElementHandler = handler
            parser.StartDoctypeDeclHandler = lambda *_: (_ for _ in ()).throw(ValueError("DTD"))
            parser.Parse(archive.read(info), True)
        except Exception:  # noqa: BLE001 - names are only for the message
            return {}
    return {targets[rid]: name for rid, name in sheets.items() if rid in targets}
