"""Make the hand-built measure fixture (``fixture_measures.py``) importable."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
