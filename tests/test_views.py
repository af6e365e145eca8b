"""A view per command, one output path (cli.output.emit), one error family said at the edge."""

from __future__ import annotations

import click
from click.testing import CliRunner

from kjcx.cli.errors import DataFailure, Lagging, UsageFailure
from kjcx.cli.group import Group
from kjcx.cli.output import emit
from kjcx.method import compute
from kjcx.views.commands import BriefView, DepartmentsView, StatusView

from conftest import plan_of


def _group_raising(error: Exception) -> Group:
    group = Group(name="t")

    @group.command(name="go")
    def go():
        raise error

    return group


def test_a_kjcx_error_is_said_once_at_the_edge_with_its_exit_code():
    for error, code in ((DataFailure("数据有错", "第二行"), 1), (UsageFailure("用法不对"), 2), (Lagging(), 3)):
        result = CliRunner().invoke(_group_raising(error), ["go"])
        # the lines on stderr, each once, then the family's exit code
        assert (result.exit_code, result.stderr) == (code, "".join(f"{line}\n" for line in error.lines))
        assert result.stdout == ""


def test_an_exit_code_can_be_given():
    result = CliRunner().invoke(_group_raising(DataFailure("x", exit_code=4)), ["go"])
    assert (result.exit_code, result.stderr) == (4, "x\n")


def test_every_format_of_a_view_comes_from_its_one_method():
    st = compute.year_status(plan_of("seed"), 2021, None)

    def run(fmt, view):
        @click.command()
        def show():
            emit(fmt, view, color=False)

        return CliRunner().invoke(show, [])

    status = StatusView(st)
    # csv: one line of headers and one line per indicator (the seed has 14 indicators)
    assert len(run("csv", status).stdout.splitlines()) == 1 + 14
    assert run("json", status).stdout.startswith('{\n  "schema": "kjcx.status/2",')
    # markdown: the heading, then the tables
    assert run("markdown", DepartmentsView(st)).stdout.startswith("# 河东区科技创新三年行动计划(2020-2022年)  2021 年\n")
    # a brief's text is its paragraph and a newline
    assert run("text", BriefView({"text": "截至……。"})).stdout == "截至……。\n"


def test_a_format_a_view_does_not_have_is_a_usage_error():
    @click.command()
    def show():
        emit("csv", BriefView({"text": "段落"}))

    result = CliRunner().invoke(show, [], standalone_mode=True)
    # click's usage error: exit 2, the Chinese message names the format
    assert result.exit_code == 2 and "该命令不支持 csv 格式" in result.output
