"""The `kjcx` console script: Ctrl-C during start-up ends quietly with exit 130.

From the import of this module until kjcx.cli.app (and click) are imported, SIGINT
exits at once without a traceback; then cli.main's own KeyboardInterrupt
handling takes over. Only the console script and `python -m kjcx` import this
module. Kept tiny: it runs before everything else on every command.
"""

import os

try:  # the C module: signal.py would build its enums (about 0.5 ms) on every start
    import _signal as signal
except ImportError:  # pragma: no cover - not CPython
    import signal


def _interrupted(signum, frame):  # pragma: no cover - timing dependent
    os.write(2, "\n已中断。\n".encode())
    os._exit(130)


def _guard():
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:  # run with Ctrl-C ignored (nohup, &): keep it so
        return None
    try:
        signal.signal(signal.SIGINT, _interrupted)
    except ValueError:  # not the main thread: nothing to guard
        return None
    return previous


_previous = _guard()


def main(argv=None):
    from kjcx.cli.app import main as cli_main

    if _previous is not None:
        signal.signal(signal.SIGINT, _previous)
    cli_main(argv)
