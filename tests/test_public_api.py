"""The public surface changes only on purpose (as in httpx's test of its exports)."""

import cpanalysis

EXPECTED = {
    "MEASURES",
    "CpanalysisError",
    "DisclosureError",
    "InputError",
    "Measure",
    "ProblemsFound",
    "Quarter",
    "cared_for_children",
    "cla_at",
    "read_returns",
    "stitch_episodes",
    # protect: small-cohort statistics (docs/statistics.md)
    "AuditReport",
    "BandComparison",
    "DEFAULT_POLICY",
    "DisclosurePolicy",
    "Proportion",
    "SuppressedTable",
    "audit",
    "compare_by_band",
    "funnel_chart",
    "funnel_limits",
    "funnel_verdict",
    "proportion",
    "round_half_away",
    "suppress",
}


def test_exports_are_exactly_the_documented_ones():
    assert set(cpanalysis.__all__) == EXPECTED
    assert cpanalysis.__all__ == sorted(cpanalysis.__all__)


def test_every_export_exists_and_is_documented():
    for name in cpanalysis.__all__:
        obj = getattr(cpanalysis, name)
        assert isinstance(obj, dict) or (obj.__doc__ or "").strip(), name
