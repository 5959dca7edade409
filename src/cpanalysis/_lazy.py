"""Lazy re-exports for package ``__init__`` modules (PEP 562).

A package lists what it re-exports and from which of its modules; a name is
imported the first time it is used, so ``import cpanalysis`` does not import
scipy, pyarrow, pandera or matplotlib, and a notebook pays only for what it
calls (each briefing runs in its own kernel, which starts from nothing).

Some exported names are also the names of the package's own modules
(``audit`` and ``proportion`` in :mod:`cpanalysis.protect`, ``build`` in
:mod:`cpanalysis.derive`). Importing such a module makes Python set the
package attribute of that name to the module; the package ignores that, so
the name keeps meaning the function, as it did when the package imported
everything eagerly. The module itself stays in ``sys.modules``.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Mapping
from typing import Any

__all__ = ["attach"]


class _LazyPackage(types.ModuleType):
    """A package module whose re-exported names are never replaced by its submodules."""

    _cpanalysis_exports: Mapping[str, str] = {}

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in self._cpanalysis_exports:
            return  # the import system recording submodule ``name``: the export wins
        super().__setattr__(name, value)


def attach(package: str, exports: Mapping[str, str]) -> None:
    """Make ``package`` re-export ``exports`` lazily.

    Args:
        package: The package's ``__name__`` (the package must be in
            ``sys.modules``, as it is while its ``__init__`` runs).
        exports: Exported name -> module it comes from, relative to the
            package (``".suppression"``).
    """
    module = sys.modules[package]
    namespace = vars(module)
    table = dict(exports)

    def __getattr__(name: str) -> Any:
        source = table.get(name)
        if source is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source, package), name)
        namespace[name] = value  # later look-ups find it without calling this
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(table))

    namespace["__getattr__"] = __getattr__
    namespace["__dir__"] = __dir__
    namespace["_cpanalysis_exports"] = table
    module.__class__ = _LazyPackage
