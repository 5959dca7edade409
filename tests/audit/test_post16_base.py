"""The audit reads the NEET percentage's base as the year 11 leavers whose destination is known.

The page below is the Virtual School page of the demo council, 2023-24, as it was published before
the page was protected as a whole (issue 11): the self-evaluation prints the NEET percentage's base
(Post-16, 50 pupils, 38%), the destinations table hides every destination but prints all 51 leavers.
51 - 50 = 1 leaver whose destination is not known. Before, the audit read the base as all leavers
and found nothing; it must find the 1, and nothing once the base is hidden.
"""

from __future__ import annotations

from cpanalysis.audit import audit_pages

EVIDENCE = (
    "<table><caption>Evidence for the self-evaluation by area, 2023-24 (with 2022-23)</caption><thead><tr>"
    "<th scope=\"col\">Area</th><th scope=\"col\">Measure</th><th scope=\"col\">Pupils this year</th>"
    "<th scope=\"col\">This year %</th><th scope=\"col\">Last year %</th>"
    "<th scope=\"col\">England: children in care</th></tr></thead><tbody>"
    "<tr><th scope=\"row\">Post-16</th><td>not in education, employment or training (NEET)</td>"
    "<td class=\"num\">{base}</td><td>{pct}</td><td>35%</td><td>no national figure published</td></tr>"
    "</tbody></table>")
DESTINATIONS = (
    "<table><caption>Destinations in the autumn after year 11, 2023-24 leavers: pupils looked after "
    "continuously for 12 months at 31 March (the DfE cohort)</caption><thead><tr><th scope=\"col\">Destination</th>"
    "<th scope=\"col\">Pupils</th></tr></thead><tbody>"
    + "".join(f"<tr><th scope=\"row\">{d}</th><td>c</td></tr>" for d in (
        "sixth form", "FE college", "apprenticeship", "employment with training", "NEET", "not known"))
    + "<tr><th scope=\"row\">All year 11 leavers</th><td class=\"num\">51</td></tr></tbody></table>")


def _audit(base: str, pct: str):
    page = f"<html><body><main>{EVIDENCE.format(base=base, pct=pct)}{DESTINATIONS}</main></body></html>"
    return audit_pages({("2024-25-Q4", "virtual_school_annual.html"): page}, threshold=5, protection=5)


def test_all_leavers_less_the_neet_base_is_the_not_known():
    report = _audit("50", "38%")
    assert len(report.findings) == 1
    assert "not known" in str(report.findings[0]) and "= 1" in str(report.findings[0])


def test_a_hidden_base_gives_nothing():
    assert _audit("c", "c").findings == []
