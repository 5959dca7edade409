"""Make this folder's fixture modules (``hand``) importable."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
