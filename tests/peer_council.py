"""The peer SSDA903 data (``../shared/peer-903/multi-year-2017-2021``, written by another project) run as a
council's own: where it is and the settings file a council would write for it."""

from __future__ import annotations

import json
from pathlib import Path

#: The peer returns: flat ``<year>-<table>.csv`` files for 2017-18 to 2021-22.
PEER = Path(__file__).resolve().parents[1].parent / "shared" / "peer-903" / "multi-year-2017-2021"


def write_peer_settings(root: Path, processed: str = "processed") -> Path:
    """Write ``root/cpanalysis.toml`` for a council named "Peer Council" reading the peer data.

    Its rows quarantined by the validation (reviews after their return year, withdrawn OC3 codes)
    are above the default 2%, so the settings accept up to 30%, as the README's walk-through does.
    """
    path = root / "cpanalysis.toml"
    path.write_text('[council]\nname = "Peer Council"\n\n'
                    f"[data]\nraw = {json.dumps(PEER.as_posix())}\nprocessed = {json.dumps(processed)}\n\n"
                    "[validation]\nmax_quarantined = 0.3\n", encoding="utf-8")
    return path
