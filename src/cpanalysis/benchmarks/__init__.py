"""Benchmarking from DfE's published LA-level data (issue 13).

Pipeline: :mod:`.read` (one DfE download -> tidy rows, symbols kept) ->
:mod:`.store` (a folder -> one store, the latest release covering each year;
parquet) -> :mod:`.compare` (a council against England, its region, its
statistical neighbours' mean, rank and quartile band, as LAIT) using
:mod:`.mapping` (which DfE figure benchmarks which of our measures).
Command line: ``cpanalysis benchmarks import|compare`` (:mod:`.cli`).

Nothing is imported here, so ``cpanalysis --help`` stays quick.
"""
