"""The publish stage's public surface changes only on purpose."""

import cpanalysis.publish


def test_exports():
    assert cpanalysis.publish.__all__ == sorted(cpanalysis.publish.__all__)
    assert set(cpanalysis.publish.__all__) == {
        "Finding", "RunConfig", "check_dir", "check_html", "execute_notebook", "format_findings",
        "is_publishable", "run_quarter", "to_html",
    }
    for name in cpanalysis.publish.__all__:
        assert (getattr(cpanalysis.publish, name).__doc__ or "").strip(), name
