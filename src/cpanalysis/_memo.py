"""Answers worked out once per data object: :class:`Memo` and :func:`memoised`.

A briefing asks the same question of the same tables many times (a measure
in a quarter for the scorecard, the year-to-date checks and the trend charts;
a Virtual School pupil frame per academic year). The tables do not change once
read, so the first answer is kept on the data object itself: a new or copied
object (``dataclasses.replace``) starts with nothing kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

__all__ = ["Memo", "memoised"]

T = TypeVar("T")


class Memo:
    """Mixin for data classes: :meth:`memo` keeps answers in the instance (not a field: never compared)."""

    def memo(self, key: tuple, compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per ``key`` for this object.

        ``key`` must name everything the answer depends on besides the
        object's tables (e.g. measure id and quarter). A ``compute`` that
        raises keeps nothing.
        """
        kept: dict[tuple, Any] = self.__dict__.setdefault("_memo", {})
        if key not in kept:
            kept[key] = compute()
        return kept[key]  # type: ignore[no-any-return]


def memoised(func: Callable[..., T]) -> Callable[..., T]:
    """Decorate ``func(data, *args)`` so it is worked out once per ``data`` (a :class:`Memo`) and ``args``.

    A DataFrame answer is copied on the way out, so a caller that changes it
    changes nothing else.
    """

    @functools.wraps(func)
    def wrapper(data: Memo, *args: object) -> T:
        got = data.memo((func.__module__, func.__qualname__, *args), lambda: func(data, *args))
        return got.copy() if isinstance(got, pd.DataFrame) else got  # type: ignore[return-value]

    return wrapper
