"""The kjcx command group: Chinese help screens, the documented exit codes (README),
odd standard streams, Ctrl-C, a closed pipe, and every `KjcxError` said once at the edge."""

from __future__ import annotations

import errno
import gc
import os
import sys

import click

from kjcx.cli.errors import EXIT_USAGE, KjcxError

EXIT_INTERRUPTED = 130
# write errors on stdout: the result is lost, so the run fails (exit 2: the
# environment it was run in cannot take its output)
_OUTPUT_ERRNOS = (errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG, errno.EDQUOT)


# --- Chinese help screens -------------------------------------------------

class Context(click.Context):
    def make_formatter(self):
        from kjcx.cli.helpscreen import HelpFormatter  # only when help is shown

        return HelpFormatter(width=self.terminal_width, max_width=self.max_content_width)


class Command(click.Command):
    context_class = Context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix="用法：")

    def format_options(self, ctx, formatter):
        records = [r for p in self.get_params(ctx)
                   if isinstance(p, click.Option) and (r := p.get_help_record(ctx))]
        if records:
            with formatter.section("选项"):
                formatter.write_dl(records)


class Group(click.Group):
    command_class = Command
    context_class = Context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    format_usage = Command.format_usage

    def format_options(self, ctx, formatter):
        Command.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def main(self, args=None, prog_name=None, **extra):
        """Run with Chinese usage errors and the documented exit codes (README)."""
        extra["standalone_mode"] = False
        _safe_streams()
        # A command builds a million small acyclic objects (parsed YAML, records,
        # rows) and then exits: the cycle collector would only re-scan them,
        # costing a quarter of a large plan's run time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            result = super().main(args=args, prog_name=prog_name or "kjcx", **extra)
        except click.exceptions.Abort as exc:
            if isinstance(exc.__cause__, KeyboardInterrupt):
                _interrupted()
            click.echo("已中止。", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            _interrupted()
        except click.UsageError as exc:
            from kjcx.cli.usage import usage_error

            usage_error(exc)
        except KjcxError as exc:  # every failure of a command, said once here
            for line in exc.lines:
                click.echo(line, err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            # `kjcx ... | head`: the reader left early; not an error of ours.
            # Point stdout at /dev/null so the exit-time flush fails no more.
            _stdout_to_devnull()
            sys.exit(0)
        except OSError as exc:
            if exc.errno not in _OUTPUT_ERRNOS:
                raise
            _stdout_to_devnull()  # the exit-time flush would fail again
            from kjcx.plan.files import os_reason

            reason = "标准输出已关闭" if exc.errno == errno.EBADF else os_reason(exc, "写出")
            _say(f"错误：无法写出结果（{reason}）。")
            sys.exit(EXIT_USAGE)
        finally:
            if collecting:
                gc.enable()
        sys.exit(result if isinstance(result, int) else 0)

    # commands defined in modules of their own, imported only when used
    lazy_commands: dict[str, tuple[str, str]] = {}

    def resolve_command(self, ctx, args):
        """An unknown command said in Chinese here, where it is found (not by reading
        click's English message afterwards)."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None \
                and not ctx.resilient_parsing:
            ctx.fail(f"没有这个命令：{name}")
        return super().resolve_command(ctx, args)

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx, name):
        if name in self.lazy_commands and name not in self.commands:
            import importlib

            module, attr = self.lazy_commands[name]
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx, formatter):
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))  # wrapped, never cut
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)


def _stdout_to_devnull() -> None:
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _say(text: str) -> None:
    """A message on stderr, if stderr can take it."""
    try:
        click.echo(text, err=True)
    except (OSError, ValueError):
        pass


def _interrupted():
    _say("\n已中断。")
    _stdout_to_devnull()
    sys.exit(EXIT_INTERRUPTED)


def _safe_streams() -> None:
    """Odd standard streams end in a message, not a traceback."""
    if sys.stderr is None:  # 2>&-
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    if sys.stdout is None:  # >&-: no place for the result
        _say("错误：标准输出已关闭，无法写出结果。")
        sys.exit(EXIT_USAGE)
    for stream in (sys.stdout, sys.stderr):
        try:
            "中文".encode(stream.encoding or "ascii")
        except (UnicodeEncodeError, LookupError):
            # PYTHONIOENCODING=latin-1 and the like: '?' for what cannot be shown
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")
                if stream is sys.stderr:  # ASCII: the only words this stream can show
                    _say(f"kjcx: the output encoding ({stream.encoding}) cannot show Chinese; "
                         "set PYTHONIOENCODING=utf-8 or a UTF-8 locale.")
        except (AttributeError, TypeError):
            pass
