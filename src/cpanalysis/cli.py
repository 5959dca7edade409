"""The ``cpanalysis`` command line.

Each sub-command lives beside the stage it drives, in a ``cli`` module with two
functions: ``add_parser(subparsers)`` and ``run(args) -> int``. This module only
collects them and turns cpanalysis errors into a one-line message and an exit
code (2 unusable input, 1 problems found), never a traceback.
"""

from __future__ import annotations

import argparse
import faulthandler
import importlib
import signal
import sys
from collections.abc import Callable, Sequence

from .errors import CpanalysisError

__all__ = ["main"]

#: Sub-command modules, in the order of the pipeline.
COMMAND_MODULES: tuple[str, ...] = (
    "cpanalysis.synth.cli",
    "cpanalysis.validate.cli",
    "cpanalysis.derive.cli",
    "cpanalysis.measures.cli",
    "cpanalysis.benchmarks.cli",
    "cpanalysis.protect.cli",
    "cpanalysis.publish.cli",
)


def _parser() -> tuple[argparse.ArgumentParser, dict[str, Callable[[argparse.Namespace], int]]]:
    parser = argparse.ArgumentParser(
        prog="cpanalysis",
        description="Corporate parenting analysis: from SSDA903 returns to safe, accessible briefings.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    runners: dict[str, Callable[[argparse.Namespace], int]] = {}
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        before = set(sub.choices)
        module.add_parser(sub)
        for command in set(sub.choices) - before:
            runners[command] = module.run
    return parser, runners


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Ctrl-C at any moment, even while the libraries are still being imported,
    ends with one line and exit code 130, never a traceback. A run that seems
    stuck prints where every thread is when sent SIGUSR1 (``kill -USR1 PID``).
    """
    if hasattr(signal, "SIGUSR1") and sys.__stderr__ is not None:  # not on Windows
        try:
            faulthandler.register(signal.SIGUSR1, file=sys.__stderr__, all_threads=True)
        except (OSError, ValueError):  # no real standard error (an embedding host): no stacks, nothing else lost
            pass
    command = "cpanalysis"
    try:
        parser, runners = _parser()
        args = parser.parse_args(argv)
        command = f"cpanalysis {args.command}"
        return int(runners[args.command](args))
    except CpanalysisError as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{command}: interrupted; nothing more was published", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
