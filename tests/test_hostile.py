"""Hostile and odd input (issue 9): every example ends in a placed Chinese message
and a defined exit code, never a traceback, a hang or a wrong number.

Each case under tests/hostile/ is the small plan in tests/hostile/_base with one
thing changed; CASES gives `kjcx check`'s expected exit code and fragments of
its output (file:line:col, YAML path, message). Inputs that cannot live in git
(FIFOs, devices, huge files) are made by the tests below the table.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, TESTS

HOSTILE = TESTS / "hostile"

CASES = {
    # §2 hangs and memory: years, spans and numbers refused at their line
    "date_as_year": (1, ["tasks.yaml:11:7 tasks[0].progress.20220630: 年份 20220630 不合理",
                         "是否把日期写成了年份"], ["不存在"]),
    "plan_end_typo": (1, ["targets.yaml:5:8 plan.end: 年份 202200000 不合理：应在 1900 到 2100 之间"], []),
    "plan_span": (1, ["targets.yaml:5:8 plan.end: 计划期 2020-2090 长达 71 年，超过 30 年"], []),
    "year_key_zero": (1, ["targets.yaml:13:15 indicators[0].targets.0: 年份 0 不合理"], []),
    "year_key_10000": (1, ["targets.yaml:14:15 indicators[0].actuals.10000: 年份 10000 不合理"], []),
    "huge_exponent": (1, ["targets.yaml:13:21 indicators[0].targets.2020: 数值 1.0e+999999 过大"], []),
    "decimal_overflow": (1, ["targets.yaml:13:21 indicators[0].targets.2020: 数值 1.0e-999990 的小数位超过 15 位",
                             "targets.yaml:14:21 indicators[0].actuals.2020: 数值 1.0e+20 过大"], []),
    "digits_27": (1, ["targets.yaml:13:43 indicators[0].targets.2022: 数值 123456789012345678901234567 过大"], []),
    "digits_27_decimal": (1, [("targets.yaml:13:43 indicators[0].targets.2022: "
                               "数值 1.23456789012345678901234567 的有效数字超过 15 位")], []),
    "exponent_5000": (1, ["targets.yaml:13:43 indicators[0].targets.2022: 数值 1.0e+5000 过大"], []),
    "int_5000_digits": (1, ["targets.yaml:13:43 indicators[0].targets.2022: 数值 7777", "（共 5000 个字符） 过大"], []),
    "digits_16": (1, ["targets.yaml:13:43 indicators[0].targets.2022: 数值 0.1234567890123456 的有效数字超过 15 位"],
                  []),
    # §3 tracebacks: tags whose text PyYAML cannot construct
    "tag_timestamp": (1, ["targets.yaml:14:52 indicators[0].actuals.2021.as_of: 日期 “abc” 无效"], []),
    "tag_int_empty": (1, ["targets.yaml:13:21 indicators[0].targets.2020: 无法识别的值 “”（标签 !!int）"], []),
    "tag_int_dash": (1, ["targets.yaml:13:21 indicators[0].targets.2020: 无法识别的值 “-”（标签 !!int）"], []),
    # §4 silently accepted or miscounted
    "dept_twice_in_lead": (1, ["targets.yaml:15:18 indicators[0].lead[1]: 单位 “区科技局” 在同一列表中重复出现"], []),
    "dept_lead_and_participant": (1, ["tasks.yaml:9:26 tasks[0].participants[1]: 单位 “区科技局” 已是本任务的牵头单位"],
                                  []),
    "sexagesimal": (1, ["targets.yaml:13:32 indicators[0].targets.2021: “1:30” 在 YAML 1.1 中是六十进制数"], []),
    "undefined_alias": (1, ["targets.yaml:17:13 indicators[0].source: 别名 *nowhere 引用了未定义的锚点"], []),
    "as_of_late": (1, ["targets.yaml:14:52 indicators[0].actuals.2021.as_of: 截至日期 2030-01-01 比 2021 年晚一年以上"],
                   []),
    # §5 misleading messages
    "control_char_column": (1, ["targets.yaml:11:13: YAML 语法错误：文件含有不允许的控制字符 U+0001"], []),
    "tab_indent": (1, ["targets.yaml:12:1: YAML 语法错误：不能用制表符（Tab）缩进"], []),
    "unquoted_1e5": (1, ["targets.yaml:13:21 indicators[0].targets.2020: 应为数字，实际为 “1e5”（YAML 把 1e5"],
                     ["去掉引号"]),
    "date_as_number": (1, ["targets.yaml:14:21 indicators[0].actuals.2020: 应为数字，实际为日期 2021-06-30"],
                       ["datetime"]),
    "decimal_key": (1, ["targets.yaml:13:15 indicators[0].targets.2020.0: 年份应为整数，实际为数字 2020.0"],
                    ["Decimal("]),
    "date_key": (1, ["tasks.yaml:11:7 tasks[0].progress.2021-06-30: 年份应为整数，实际为日期 2021-06-30"],
                 ["datetime"]),
    "plan_error_cross_file": (1, ["targets.yaml:3:3 plan.name: 缺少必填项 “name”",
                                  "tasks.yaml:9:20 tasks[0].participants[0]: 单位 “区财政局” 不在 plan.departments 中"],
                              []),
    "utf32": (1, ["targets.yaml:1:1: 文件是 UTF-32 编码"], []),
    # valid but extreme: a ratio of 1e30 must still print (Decimal quantize needs more digits)
    "extreme_ratio": (0, ["检查通过"], []),
    # §6 output turned against its reader (more below the table)
    "output_injection": (0, ["检查通过"], []),
    "github_forgery": (1, [("tasks.yaml:9:20 tasks[0].participants[0]: "
                            "单位 “x\\n::error file=README.md,line=1::Forged” 不在 plan.departments 中")], []),
}


REPRS = ("datetime.", "Decimal(", "<class", "object at 0x")


def _check(kjcx, directory, *args, env=None):
    result = kjcx("check", "--data", directory, *args, env=env)
    assert "Traceback" not in result.output
    assert not any(r in result.output for r in REPRS), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("case", sorted(CASES))
def test_corpus_case(kjcx, case):
    code, fragments, absent = CASES[case]
    directory = HOSTILE / case
    result = _check(kjcx, directory)
    assert result.exit_code == code, result.output
    for fragment in fragments:
        fragment = fragment.replace("targets.yaml:", f"{directory / 'targets.yaml'}:")
        fragment = fragment.replace("tasks.yaml:", f"{directory / 'tasks.yaml'}:")
        assert fragment in result.output, result.output
    for fragment in absent:
        assert fragment not in result.output, result.output
    if code == 1:  # a command that computes refuses the same data, with the same words
        status = kjcx("status", "2021", "--data", directory)
        assert status.exit_code == 1 and "Traceback" not in status.output
        assert fragments[0].split(": ", 1)[-1] in status.output
    else:  # valid data: every command prints in every format
        for command in (["status", "2021"], ["indicators"], ["tasks", "2021"], ["departments", "2021"]):
            for fmt in ("table", "plain", "json", "csv", "markdown"):
                result = kjcx(*command, "--data", directory, "-f", fmt)
                assert result.exit_code == 0, (command, fmt, result.output)


def test_corpus_base_is_clean(kjcx):
    assert _check(kjcx, HOSTILE / "_base").exit_code == 0


def test_every_corpus_case_is_in_the_table():
    cases = {p.name for p in HOSTILE.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert cases == set(CASES)


# --- inputs that are made, not stored -----------------------------------------------

@pytest.fixture
def plan(tmp_path):
    directory = tmp_path / "plan"
    shutil.copytree(HOSTILE / "_base", directory)
    return directory


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "symlink_to_dev_zero", "symlink_to_fifo",
                                  "dev_urandom", "directory"])
def test_non_regular_data_files_are_refused_without_reading(kjcx, plan, kind):
    target = plan / "targets.yaml"
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)  # opening it for reading would block for ever
    elif kind == "symlink_to_fifo":
        os.mkfifo(plan / "pipe")
        target.symlink_to(plan / "pipe")
    elif kind == "directory":
        target.mkdir()
    else:
        target.symlink_to({"dev_zero": "/dev/zero", "symlink_to_dev_zero": "/dev/zero",
                           "dev_urandom": "/dev/urandom"}[kind])
    result = _check(kjcx, plan)
    assert result.exit_code == 1
    expected = "这是一个目录" if kind == "directory" else "这不是普通文件"
    assert f"{target}: {expected}" in result.output
    assert kjcx("status", "2021", "--data", plan).exit_code == 1


def test_dangling_tasks_symlink_is_an_error_not_absent(kjcx, plan):
    (plan / "tasks.yaml").unlink()
    (plan / "tasks.yaml").symlink_to(plan / "nowhere.yaml")
    result = _check(kjcx, plan)
    assert result.exit_code == 1
    assert f"{plan / 'tasks.yaml'}: 这是一个符号链接，但它指向的文件不存在" in result.output
    assert "不存在于 tasks.yaml" not in result.output  # no false second error
    assert kjcx("status", "2021", "--data", plan).exit_code == 1


def test_the_size_cap_applies_to_bytes_read(kjcx, plan, monkeypatch):
    from kjcx.plan import files

    monkeypatch.setenv("KJCX_MAX_MB", "0.001")  # 1048 bytes
    with open(plan / "targets.yaml", "a", encoding="utf-8") as f:
        f.write("# padding\n" * 200)
    result = _check(kjcx, plan)
    assert result.exit_code == 1 and "文件过大" in result.output and "上限 1.0 KB" in result.output
    # a file that grows after stat: what is read is capped, not what stat said
    real_stat = os.stat

    def small_stat(path, *args, **kwargs):
        info = real_stat(path, *args, **kwargs)
        if str(path).endswith("targets.yaml"):
            return os.stat_result((info.st_mode, info.st_ino, info.st_dev, info.st_nlink, info.st_uid,
                                   info.st_gid, 10, 0, 0, 0))
        return info

    monkeypatch.setattr(files.os, "stat", small_stat)
    with pytest.raises(files.ReadError, match="读取时超过"):
        files.read_data(plan / "targets.yaml")


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan"])
def test_bad_size_cap_setting_is_a_usage_error(kjcx, plan, value):
    result = _check(kjcx, plan, env={"KJCX_MAX_MB": value})
    assert result.exit_code == 2  # a setting, not the data
    assert f"错误：环境变量 KJCX_MAX_MB 的值 “{value}” 无效：应为正数（单位 MB，默认 64）" in result.output


@pytest.mark.parametrize("shape", ["ones", "empties"])
def test_many_problems_are_capped_at_200_then_counted(kjcx, plan, shape):
    body = ("indicators: [" + "1, " * 4999 + "1]\n") if shape == "ones" else \
        ("indicators:\n" + "- {}\n" * 5000)
    text = (plan / "targets.yaml").read_text(encoding="utf-8")
    (plan / "targets.yaml").write_text(text[:text.index("indicators:")] + body, encoding="utf-8")
    result = _check(kjcx, plan)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 202
    assert lines[-2].startswith("另有") and "个问题未列出" in lines[-2]
    total = 5000 if shape == "ones" else 20000  # {} lacks id, name, unit and targets
    assert lines[-1] == f"检查未通过：{'至少 ' if '至少' in lines[-2] else ''}{total} 个错误，0 条警告。"
    status = kjcx("status", "2021", "--data", plan)
    assert status.exit_code == 1 and len(status.output.splitlines()) < 210


def test_long_values_are_clipped_in_messages(kjcx, plan):
    name = "区" * 100_000
    text = (plan / "tasks.yaml").read_text(encoding="utf-8")
    (plan / "tasks.yaml").write_text(text.replace("[区发改委]", f"[{name}]"), encoding="utf-8")
    result = _check(kjcx, plan)
    assert result.exit_code == 1
    assert "…（共 100000 个字符）" in result.output and len(result.output) < 2000


# --- §3: the command line in odd surroundings (real processes) -----------------------

def run(*args, stdout=subprocess.PIPE, env=None, **kwargs):
    env = {**os.environ, "KJCX_NO_CACHE": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "kjcx", *map(str, args)], stdout=stdout,
                          stderr=subprocess.PIPE, env=env, check=False, **kwargs)


@pytest.mark.parametrize("fmt", ["plain", "table", "json", "csv", "markdown"])
def test_full_disk_is_an_error_with_a_message(fmt):
    with open("/dev/full", "w") as full:
        result = run("status", "2021", "--data", HOSTILE / "_base", "-f", fmt, stdout=full)
    assert result.returncode == 2
    assert result.stderr.decode() == "错误：无法写出结果（磁盘空间已满）。\n"


def test_closed_stdout_is_an_error_with_a_message():
    result = subprocess.run(f"{sys.executable} -m kjcx status 2021 --data {HOSTILE / '_base'} >&-",
                            shell=True, stderr=subprocess.PIPE, check=False)
    assert result.returncode == 2
    assert result.stderr.decode() == "错误：标准输出已关闭，无法写出结果。\n"


@pytest.mark.parametrize("fmt", ["table", "plain", "json", "csv", "markdown"])
def test_a_reader_leaving_early_is_not_an_error(fmt):
    result = subprocess.run(f"{sys.executable} -m kjcx status 2021 -f {fmt} --data {ROOT / 'data'} | head -1; "
                            "exit ${PIPESTATUS[0]}", shell=True, executable="/bin/bash",
                            capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""


def test_latin_1_output_encoding_is_no_traceback():
    result = run("status", "2021", "--data", HOSTILE / "_base", env={"PYTHONIOENCODING": "latin-1"})
    assert result.returncode == 0
    assert b"?" in result.stdout and b"Traceback" not in result.stderr
    assert b"PYTHONIOENCODING=utf-8" in result.stderr
    bad = run("check", "--data", HOSTILE / "huge_exponent", env={"PYTHONIOENCODING": "latin-1"})
    assert bad.returncode == 1 and b"Traceback" not in bad.stderr


def test_interrupt_exits_130(kjcx, monkeypatch):
    from kjcx.plan import cache

    def interrupted(_):
        raise KeyboardInterrupt

    monkeypatch.setattr(cache, "load_plan", interrupted)
    result = kjcx("status", "2021", "--data", HOSTILE / "_base")
    assert result.exit_code == 130
    assert "已中断" in result.stderr


def test_interrupt_during_start_up_is_quiet():
    # SIGINT as soon as the interpreter runs kjcx's code: exit 130, no traceback.
    code = ("import os, signal, kjcx._entry\n"
            "os.kill(os.getpid(), signal.SIGINT)\n"
            "import time; time.sleep(5)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False, timeout=30)
    assert result.returncode == 130
    assert result.stderr.decode().strip() == "已中断。"


@pytest.mark.parametrize("kind", ["file", "fifo", "device"])
def test_a_data_path_that_is_no_directory_is_a_usage_error(kjcx, tmp_path, kind):
    path = {"file": tmp_path / "plan.yaml", "fifo": tmp_path / "pipe", "device": Path("/dev/zero")}[kind]
    if kind == "file":
        path.write_text("plan: {}\n", encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    for command in (["check"], ["status", "2021"]):
        result = kjcx(*command, "--data", path)
        assert result.exit_code == 2, result.output
        assert f"错误：--data 指定的数据目录 {path} 是" in result.stderr and "不是目录" in result.stderr


def test_a_300_character_data_path(kjcx):
    # no such data directory: a usage error (exit 2), said in Chinese
    result = _check(kjcx, "x" * 300)
    assert result.exit_code == 2 and "路径过长" in result.output
    assert kjcx("status", "2021", "--data", "x" * 300).exit_code == 2


@pytest.mark.skipif(os.geteuid() != 0, reason="drops to another uid in a forked child")
def test_data_directory_without_search_permission(tmp_path):
    from kjcx.plan.load import inspect

    top = Path(tempfile.mkdtemp())
    try:
        top.chmod(0o755)
        plan = top / "plan"
        shutil.copytree(HOSTILE / "_base", plan)
        plan.chmod(0o644)  # readable, not searchable
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                os.setgid(65534)
                os.setuid(65534)
                _, errors, _ = inspect(plan)
                os.write(write, "\n".join(map(str, errors)).encode())
            finally:
                os._exit(0)
        os.close(write)
        os.waitpid(pid, 0)
        with os.fdopen(read, "rb") as pipe:
            text = pipe.read().decode()
        assert text == f"{plan / 'targets.yaml'}: 没有权限读取（请检查该文件及其所在各级目录的权限）"
    finally:
        shutil.rmtree(top)


# --- §4: rules on their own ----------------------------------------------------------------

def test_late_as_of_works_on_dated_lists():
    """The check sees every dated entry, whether a year holds one or a list."""
    import datetime
    from types import SimpleNamespace as NS

    from kjcx.plan import rules

    plan = NS(start=2020, end=2022)
    ok, late = NS(as_of=datetime.date(2022, 3, 31)), NS(as_of=datetime.date(2030, 1, 1))
    found = list(rules._dated_entries(plan, "targets", ("indicators", 0, "actuals"),
                                      {2021: [ok, late, NS(as_of=None)]}))
    assert [(f.path, f.message[:29]) for f in found] == [
        (("indicators", 0, "actuals", 2021, 1, "as_of"), "截至日期 2030-01-01 比 2021 年晚一年以上")]
    # one entry: placed at the year's own as_of
    found = list(rules._dated_entries(plan, "targets", ("indicators", 0, "actuals"), {2021: [late]}))
    assert [f.path for f in found] == [("indicators", 0, "actuals", 2021, "as_of")]


def test_an_alias_counts_as_its_department(kjcx, plan):
    text = (plan / "targets.yaml").read_text(encoding="utf-8")
    text = text.replace("    - name: 区科技局\n", "    - name: 区科技局\n      aliases: [河东区科技局]\n")
    (plan / "targets.yaml").write_text(text.replace("lead: [区科技局]", "lead: [区科技局, 河东区科技局]"),
                                       encoding="utf-8")
    tasks = (plan / "tasks.yaml").read_text(encoding="utf-8")
    (plan / "tasks.yaml").write_text(tasks.replace("participants: [区发改委]", "participants: [河东区科技局]"),
                                     encoding="utf-8")
    result = _check(kjcx, plan)
    assert result.exit_code == 1
    assert "indicators[0].lead[1]: 单位 “河东区科技局”（即 区科技局） 在同一列表中重复出现" in result.output
    assert "tasks[0].participants[0]: 单位 “河东区科技局”（即 区科技局） 已是本任务的牵头单位" in result.output


# --- §5: both YAML parsers place and explain alike --------------------------------------------

@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
@pytest.mark.parametrize("text,where,words", [
    ("a: 中文中文\nb: x\x01y\n", (2, 5), "控制字符 U+0001"),  # libyaml counts bytes, PyYAML characters
    ("a: 中文\nb: x\x1b]0;title\x07\n", (2, 5), "控制字符 U+001B"),
    ("a:\n\t- x\n", (2, 1), "制表符"),
    ("a:\n  b: 1\n\tc: 2\n", (3, 1), "制表符"),
    ("a: @x\n", (1, 4), "“@” 不能作为值的开头"),
])
def test_syntax_errors_under_both_parsers(tmp_path, monkeypatch, loader, text, where, words):
    import yaml

    from kjcx.plan import reader as yamlfile

    if not hasattr(yaml, loader):
        pytest.skip("PyYAML built without libyaml")
    monkeypatch.setattr(yamlfile, "_Loader", getattr(yaml, loader))
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    doc = yamlfile.read(tmp_path / "t.yaml", "t.yaml")
    (problem,) = doc.problems
    assert (problem.line, problem.column) == where
    assert words in problem.message


# --- §6: output that could be turned against its reader --------------------------------------

INJECTION = HOSTILE / "output_injection"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


@pytest.mark.parametrize("command", [["status", "2021"], ["indicators"], ["tasks", "2021"],
                                     ["departments", "2021"]])
@pytest.mark.parametrize("fmt", ["table", "plain", "markdown", "csv"])
def test_data_text_never_drives_the_terminal_or_ci(kjcx, command, fmt):
    result = kjcx(*command, "--data", INJECTION, "-f", fmt)
    assert result.exit_code == 0, result.output
    for char in RAW_CONTROLS:
        assert char not in result.output, (char, result.output)
    for text_line in result.output.splitlines():
        assert not text_line.lstrip().startswith("::"), text_line
    if command == ["status", "2021"] and fmt != "csv":
        # shown, harmless (markdown escapes the bracket: it renders as the same text)
        shown = "\\x1b\\]0;pwned\\x07" if fmt == "markdown" else "\\x1b]0;pwned\\x07"
        assert shown in result.output
        assert "x\\n::error file=README.md,line=1::Forged" in result.output


def test_csv_cells_are_never_formulas(kjcx):
    import csv
    import io
    import re

    for command in (["status", "2021"], ["tasks", "2021"], ["departments", "2021"], ["indicators"]):
        result = kjcx(*command, "--data", INJECTION, "-f", "csv")
        rows = list(csv.reader(io.StringIO(result.output.lstrip("\ufeff"))))
        cells = [cell for row in rows for cell in row if not re.fullmatch(r"-?[0-9.]+", cell)]  # numbers
        assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r", "::")) for cell in cells), cells
        assert all("\n" not in cell for cell in cells)
    status = kjcx("status", "2021", "--data", INJECTION, "-f", "csv").output
    assert "'=HYPERLINK" in status and ",'+1," in status


def test_github_annotations_cannot_be_forged(kjcx):
    result = _check(kjcx, HOSTILE / "github_forgery", "-f", "github")
    assert result.exit_code == 1
    commands = [text_line for text_line in result.output.splitlines() if text_line.lstrip().startswith("::")]
    assert len(commands) == 2  # the error and the warning, each kjcx's own
    assert all(",title=kjcx check::" in text_line for text_line in commands)
    assert "x\\n::error file=README.md,line=1::Forged" in commands[0]
    assert "“x\\n::error file=README.md,line=1::Forged” 不在 plan.departments 中" in result.output


def test_messages_on_stderr_carry_no_control_characters(kjcx, plan):
    text = (plan / "tasks.yaml").read_text(encoding="utf-8")
    (plan / "tasks.yaml").write_text(text.replace("[区发改委]", '["\\e]0;pwned\\a\\n::error::x"]'), encoding="utf-8")
    result = kjcx("status", "2021", "--data", plan)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert not any(text_line.lstrip().startswith("::") for text_line in result.stderr.splitlines())
    usage = kjcx("tasks", "2021", "--data", INJECTION, "--dept", "nobody")
    assert usage.exit_code == 2 and "\x1b" not in usage.stderr


def _on_a_terminal(*args, columns):
    """kjcx run with a pseudo-terminal as stdout: (exit code, output)."""
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "KJCX_NO_CACHE": "1", "COLUMNS": columns}
    process = subprocess.Popen([sys.executable, "-m", "kjcx", *map(str, args)], stdout=slave,
                               stderr=subprocess.PIPE, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return process.wait(timeout=30), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("columns", ["20", "0", "-5", "abc"])
def test_narrow_or_bogus_columns_still_print_the_table(columns):
    import re

    code, output = _on_a_terminal("status", "2021", "--data", HOSTILE / "_base", columns=columns)
    assert code == 0
    text = re.sub(r"\x1b\[[0-9;]*m", "", output)
    assert "专利数" in text and "区科技局" in text and "达标" in text


def test_textsafe_functions():
    from kjcx import cleantext

    assert cleantext.line("a\x1b]0;t\x07b\nc\td") == "a\\x1b]0;t\\x07b\\nc d"
    assert cleantext.line("::error::x") == "'::error::x"
    assert cleantext.line("  ::x") == "'  ::x"
    assert cleantext.line("区科技局") == "区科技局"
    assert cleantext.line("\u202eabc\u2028") == "\\u202eabc\\u2028"
    assert cleantext.lines("ok\n::set-output\n  ::x\n::ours", keep=frozenset({"::ours"})) == \
        "ok\n'::set-output\n'  ::x\n::ours"
    assert [cleantext.csv_cell(v) for v in ["=1+1", "+1", "-1", "@A1", "\tx", "a=b", 5, None, "::x"]] == \
        ["'=1+1", "'+1", "'-1", "'@A1", "'\\x09x".replace("\\x09", " "), "a=b", 5, None, "'::x"]
    assert cleantext.clean({"a": ["x\n", ("y\x1b", "bold")]}) == {"a": ["x\\n", ("y\\x1b", "bold")]}


# --- valid extremes: every pair of the numbers kjcx accepts computes and prints ----------------

EXTREMES = ["0.000000000000001", "999999999999999", "-999999999999999", "0", "1", "123456789.123456"]


@pytest.mark.parametrize("direction,kind", [("higher", "level"), ("lower", "flow")])
def test_extreme_numbers_compute_and_print_in_every_format(tmp_path, direction, kind):
    import itertools

    import fuzzing

    base = (HOSTILE / "_base" / "targets.yaml").read_text(encoding="utf-8")
    failures = []
    for target, actual in itertools.product(EXTREMES, repeat=2):
        text = base.replace("targets: {2020: 100, 2021: 110, 2022: 120}",
                            f"targets: {{2020: {actual}, 2021: {target}, 2022: {target}}}\n"
                            f"    direction: {direction}\n    kind: {kind}\n"
                            f"    baseline: {{year: 2019, value: {target}}}")
        text = text.replace("actuals: {2020: 105, 2021: {value: 108, as_of: 2021-06-30}}",
                            f"actuals: {{2020: {target}, 2021: {{value: {actual}, as_of: 2021-06-30}}}}")
        directory = tmp_path / f"{target}-{actual}"
        directory.mkdir()
        (directory / "targets.yaml").write_text(text, encoding="utf-8")
        shutil.copy(HOSTILE / "_base" / "tasks.yaml", directory / "tasks.yaml")
        try:
            assert fuzzing.run(directory) == "clean"
        except Exception as exc:  # noqa: BLE001 - collect them all
            failures.append(f"target {target}, actual {actual}: {type(exc).__name__}: {exc}")
    assert failures == []


def test_long_keys_are_clipped_in_paths(kjcx, plan):
    text = (plan / "targets.yaml").read_text(encoding="utf-8")
    (plan / "targets.yaml").write_text(text.replace("    unit: 件", "    unit: 件\n    " + "k" * 1000 + ": 1"),
                                       encoding="utf-8")
    result = _check(kjcx, plan)
    assert result.exit_code == 1
    assert "indicators[0].kkkk" in result.output and len(result.output) < 1000
