"""Who the children are: ids, ethnicity, UPNs and young mothers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .histories import Children, birthday

__all__ = ["ETHNIC", "People", "make_people", "upn_check_letter"]

#: The 20 DfE ethnicity codes with the shares used for children who are not UASC
#: (roughly England's children looked after, weighted towards White British as
#: in a mostly rural-suburban council such as the seeds').
ETHNIC = np.array([
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
    "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
])
_ETHNIC_P = np.array([
    0.760, 0.004, 0.004, 0.040, 0.004, 0.040, 0.012, 0.020, 0.030, 0.006,
    0.008, 0.004, 0.008, 0.012, 0.012, 0.006, 0.002, 0.010, 0.006, 0.012,
])
_UASC_ETHNIC = np.array(["AOTH", "BAFR", "BOTH", "OOTH", "WOTH"])
_UASC_ETHNIC_P = np.array([0.35, 0.25, 0.15, 0.20, 0.05])
_CHECK = np.array(list("ABCDEFGHJKLMNPQRTUVWXYZ"))


@dataclass
class People:
    """Fixed facts about each child (arrays parallel to :class:`Children`)."""

    child_id: np.ndarray  # str
    ethnic: np.ndarray
    upn: np.ndarray
    mc_dob: np.ndarray  # day of own child's birth, or -1


def upn_check_letter(digits: np.ndarray) -> np.ndarray:
    """DfE UPN check letter for strings of 12 digits (weights 2..13, mod 23)."""
    d = np.frombuffer("".join(digits).encode(), dtype=np.uint8).reshape(-1, 12) - ord("0")
    total = (d * np.arange(2, 14)).sum(axis=1)
    return _CHECK[total % 23]


def make_people(rng: np.random.Generator, children: Children, la_number: int) -> People:
    """Draw ids, ethnicity, UPNs and (for a few girls) a child's date of birth."""
    n = children.dob.size
    child_id = (rng.choice(9_000_000, size=n, replace=False) + 1_000_000).astype(str)
    ethnic = ETHNIC[rng.choice(ETHNIC.size, size=n, p=_ETHNIC_P)]
    ethnic = np.where(children.uasc, _UASC_ETHNIC[rng.choice(5, size=n, p=_UASC_ETHNIC_P)], ethnic)
    school = rng.integers(1000, 10000, size=n).astype(str)
    yr = ((children.dob.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1975) % 100)
    serial = rng.integers(0, 1000, size=n)
    digits = np.char.add(np.char.add(np.char.add(f"{la_number:03d}", school), np.char.zfill(yr.astype(str), 2)),
                         np.char.zfill(serial.astype(str), 3))
    upn = np.char.add(upn_check_letter(digits), digits)
    mother = ~children.male & (rng.random(n) < 0.04)
    mc = birthday(children.dob, 15) + rng.integers(0, 3 * 365, size=n)
    mc_dob = np.where(mother, mc, -1)
    return People(child_id=child_id, ethnic=ethnic, upn=upn, mc_dob=mc_dob)
