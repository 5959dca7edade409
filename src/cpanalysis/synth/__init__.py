"""Synthetic SSDA903 returns for fictional councils (``cpanalysis synth``).

The data are made up and say so (``SYNTHETIC.txt``); they exist so that the
whole pipeline can be run, tested and demonstrated without real children's data.
"""

from .build import DEFAULT_CHILDREN, generate, year_label

__all__ = ["DEFAULT_CHILDREN", "generate", "year_label"]
