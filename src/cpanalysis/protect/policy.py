"""The disclosure policy: every protection choice of a run, in one object.

A run makes one :class:`DisclosurePolicy` (from its settings file or command
line), writes it to the run log and passes it explicitly to everything that
protects or renders a published number. No other module carries a default
threshold: a forgotten argument is an error, not a silent default of 5.

The defaults are DfE's (DOMAIN.md section 6): counts from 1 to 4 are
suppressed ("less than five ... suppressed in line with DfE guidelines"), 0% or
100% of a group under 10 is attribute disclosure, percentages of fewer than 20
children are flagged low reliability (GSS ``u``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from ..errors import InputError

__all__ = ["DEFAULT_POLICY", "DisclosurePolicy"]


@dataclass(frozen=True)
class DisclosurePolicy:
    """What may be published, set once per run.

    Parameters
    ----------
    threshold : int, default 5
        Counts from 1 to ``threshold - 1`` are suppressed (primary suppression).
    small_group : int, default 10
        0% or 100% of a group smaller than this is suppressed (attribute
        disclosure: "0 of 6 achieved" tells the reader about each of the six).
    reliability_limit : int, default 20
        Percentages of a denominator below this are flagged low reliability (``u``).
    protection : int or None, default None
        Width every hidden cell must keep under the interval attack (upper
        bound minus lower bound); None means ``threshold``.
    round_percent_base : int, default 100
        A percentage of a base at least this large is published as a whole
        number only when its rounding interval hides the count: used to show
        figures such as 532 of 536 reviews (99%) whose complement is small.

    Examples
    --------
    >>> DisclosurePolicy().is_small(3)
    True
    >>> DisclosurePolicy(threshold=10).is_small(7)
    True
    >>> DisclosurePolicy().is_small(0)
    False
    """

    threshold: int = 5
    small_group: int = 10
    reliability_limit: int = 20
    protection: int | None = None
    round_percent_base: int = 100

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None and f.name == "protection":
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise InputError(f"disclosure policy: {f.name} must be a whole number, not {value!r}")
            if value < 1:
                raise InputError(f"disclosure policy: {f.name} must be at least 1, not {value}")
        if self.threshold < 2:
            raise InputError(f"disclosure policy: threshold must be at least 2, not {self.threshold}")

    @property
    def width(self) -> int:
        """The protection width actually required of every hidden cell."""
        return self.threshold if self.protection is None else self.protection

    def is_small(self, count: int) -> bool:
        """True for a count that primary suppression hides (1 to threshold - 1)."""
        return 1 <= count < self.threshold

    def to_dict(self) -> dict[str, Any]:
        """Plain values, for the run log and notebook parameters."""
        return asdict(self)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> DisclosurePolicy:
        """Build a policy from a settings table, refusing unknown keys by name."""
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise InputError(
                f"disclosure policy: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        return cls(**values)


#: The policy of a run that sets none: DfE's rules.
DEFAULT_POLICY = DisclosurePolicy()
