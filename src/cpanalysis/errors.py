"""One exception hierarchy for the whole package.

The command line turns these into a one-line message and an exit code, never a
traceback:

* :class:`InputError` - the input cannot be used at all (missing file, wrong
  columns, not text, unknown quarter). Exit code 2.
* :class:`ProblemsFound` - the input was read but breaks rules (validation
  errors, a disclosive briefing refused by the gate). Exit code 1.
* :class:`DisclosureError` - a table or figure would disclose; raised by the
  protection step rather than let an unprotected table out. Exit code 1.
"""

from __future__ import annotations

__all__ = ["CpanalysisError", "DisclosureError", "InputError", "ProblemsFound"]


class CpanalysisError(Exception):
    """Base class of every error cpanalysis raises on purpose."""

    exit_code: int = 1


class InputError(CpanalysisError):
    """The input cannot be used: name the file, column or value in the message."""

    exit_code = 2


class ProblemsFound(CpanalysisError):
    """The input was read but breaks one or more rules."""

    exit_code = 1


class DisclosureError(CpanalysisError):
    """A table, figure or page would disclose information about a child."""

    exit_code = 1
