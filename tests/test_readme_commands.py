"""The README's command table is the program's own: one row per command, its usage as
click prints it and the first line of its help. `KJCX_UPDATE_README=1 pytest
tests/test_readme_commands.py` rewrites the table between its markers."""

import os

import click

from conftest import ROOT

BEGIN, END = "<!-- commands:begin -->\n", "<!-- commands:end -->\n"


def rows() -> list[str]:
    from kjcx.cli.app import cli

    root = click.Context(cli, info_name="kjcx")
    out = ["| 命令 | 作用 |", "|---|---|"]

    def walk(group: click.Group, parent: click.Context) -> None:
        for name in group.list_commands(parent):
            command = group.get_command(parent, name)
            assert command is not None
            ctx = click.Context(command, info_name=name, parent=parent)
            if isinstance(command, click.Group):
                walk(command, ctx)
                continue
            pieces = [p for p in command.collect_usage_pieces(ctx) if p != "[选项]"]
            pieces += [f"{param.opts[0]} {param.make_metavar(ctx)}" for param in command.params
                       if isinstance(param, click.Option) and param.required]
            usage = f"{ctx.command_path} {' '.join(pieces)}".strip().replace("|", "\\|")
            first = (command.help or "").strip().splitlines()[0]
            out.append(f"| `{usage}` | {first} |")

    walk(cli, root)
    return out


def test_readme_command_table_is_generated_from_the_program():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head, rest = readme.split(BEGIN)
    _, tail = rest.split(END)
    table = "\n".join(rows()) + "\n"
    if os.environ.get("KJCX_UPDATE_README"):
        (ROOT / "README.md").write_text(head + BEGIN + table + END + tail, encoding="utf-8")
        return
    assert rest.split(END)[0] == table, "README 的命令表与程序不一致：KJCX_UPDATE_README=1 重新生成"
