"""The publication gate, one rule at a time, on hand-written HTML.

Each refused case says what a reader would learn; each passed case is wording
real briefings use (years, quarters, measure ids, the threshold itself).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import PLACEHOLDER_ALT, check_html, checkable_ids
from cpanalysis.publish.numbers import Percentage, implied_small_counts, small_counts

POLICY = DisclosurePolicy(threshold=5)


def page(body: str) -> str:
    return f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>{body}</main></body></html>'


def table(rows: str, head: str = "<tr><th>Group</th><th>Children</th></tr>", caption: str = "Children") -> str:
    return f"<table><caption>{caption}</caption><thead>{head}</thead><tbody>{rows}</tbody></table>"


def rules(body: str, **kw) -> list[str]:
    return sorted({f.rule for f in check_html(page(body), **{"policy": POLICY, **kw})})


REFUSED = [
    # small counts in table cells and in words
    (table("<tr><th>Boys</th><td>3</td></tr>"), "small-count"),
    (table("<tr><th>Boys</th><td> 1 </td></tr>"), "small-count"),
    (table("<tr><th>Boys</th><td>3 (14%)</td></tr>"), "small-count"),
    (table("<tr><th>Boys</th><td><span>4</span></td></tr>"), "small-count"),
    ("<p>3 children moved school.</p>", "small-count"),
    ("<p>Of these, 3 of 21 were placed with parents.</p>", "small-count"),
    ("<p>Only one child was adopted this quarter.</p>", "small-count"),
    ("<p>Three young people left care.</p>", "small-count"),
    ("<li>n = 2</li>", "small-count"),
    ("<h2>2 care leavers in custody</h2>", "small-count"),
    ('<img src="data:image/png;base64,AAAA" alt="Bar chart: boys 12, girls 3.">', "small-count"),
    # a percentage that reveals a small numerator
    ("<p>Of 21 children, c (14%) had three or more placements.</p>", "suppressed-percentage"),
    ("<p>14.3% of 21 children had no review.</p>", "suppressed-percentage"),
    (table("<tr><th>Boys</th><td>c</td><td>14%</td></tr>",
           head="<tr><th>Group</th><th>Children moved 3+ times</th><th>% moved</th></tr>"),
     "suppressed-percentage"),
    (table("<tr><th>Boys</th><td>c</td><td>14%</td></tr><tr><th>Girls</th><td>12</td><td>40%</td></tr>",
           head="<tr><th>Group</th><th>Moved 3+ times</th><th>Share moved</th></tr>"),
     "suppressed-percentage"),
    (table("<tr><th>Boys</th><td>21</td><td>14</td></tr>",
           head="<tr><th>Group</th><th>Total</th><th>% moved</th></tr>"), "suppressed-percentage"),
    (table("<tr><th>Boys</th><td>14%</td></tr>", caption="Care leavers aged 19-21 (n=21)"),
     "suppressed-percentage"),
    # the other way round: a base row and a percentage row
    (table("<tr><th>All children</th><td>21</td><td>300</td></tr><tr><th>% moved 3+ times</th><td>14</td><td>10</td></tr>",
           head="<tr><th></th><th>Borough</th><th>England</th></tr>"), "suppressed-percentage"),
    (table("<tr><th>Boys</th><td>12<br>3</td></tr>"), "small-count"),
    ('<style>.x::after { content: "3 children"; }</style>', "small-count"),
    # header cells are labels, unless they count people
    (table("<tr><th>Boys (3)</th><td>c</td></tr>"), "small-count"),
    (table("<tr><th>Placed with 2 siblings</th><td>c</td></tr>"), "small-count"),
    # identifiers
    ("<p>Pupil A123456789012 moved.</p>", "upn"),
    ("<p>Temporary UPN B12345678901C.</p>", "upn"),
    ("<p>Born 03/04/2012.</p>", "full-date"),
    ("<p>Born 3-4-2012.</p>", "full-date"),
    ("<p>Born 2012-04-03.</p>", "full-date"),
    ("<p>Placed at M1 1AE.</p>", "postcode"),
    ("<p>Placed at SW1A1AA.</p>", "postcode"),
    # images, scripts, other hosts, not for publication
    ('<img src="data:image/png;base64,AAAA">', "alt-text"),
    ('<img src="data:image/png;base64,AAAA" alt="">', "alt-text"),
    (f'<img src="data:image/png;base64,AAAA" alt="{PLACEHOLDER_ALT}">', "alt-text"),
    ("<script>track()</script>", "script"),
    ("<SCRIPT src=x.js></SCRIPT>", "script"),
    ('<p onclick="x()">Hi</p>', "script"),
    ('<a href="javascript:alert(1)">Hi</a>', "script"),
    ('<img src="https://cdn.example.org/a.png" alt="A chart of placements">', "external-request"),
    ('<a href="//example.org/">A link</a>', "external-request"),
    ('<a href="https://www.gov.uk/">A link</a>', "external-request"),
    ('<link rel="stylesheet" href="http://example.org/a.css">', "external-request"),
    ("<style>@import 'https://fonts.example.org/a.css';</style>", "external-request"),
    ('<div style="background: url(https://example.org/a.png)">x</div>', "external-request"),
    ('<iframe src="page.html"></iframe>', "external-request"),
    ('<meta name="cpanalysis-publish" content="false">', "not-for-publication"),
    # not shown on the page, but published all the same
    ("<!-- checked: 3 children in CH00999's school -->", "small-count"),
    ("<!-- pupil A123456789012 -->", "upn"),
    ('<meta name="description" content="2 children adopted">', "small-count"),
]


@pytest.mark.parametrize(("body", "rule"), REFUSED)
def test_refused(body, rule):
    assert rule in rules(body)


PASSED = [
    "<p>Counts from 1 to 4 are not shown (marked c) so that no child can be identified.</p>",
    "<p>c means a number from 1 to 4 that is not shown.</p>",
    "<p>Cared for children at the end of each quarter, 2022-23 Q4 to 2024-25 Q3.</p>",
    "<p>Measures P3.7 and P2.1, KS4 and key stage 2, pledge 3, table 2, Q1-Q4.</p>",
    "<p>Children with 3 or more placements during the year; bands 1, 2, 3-4 and 5+.</p>",
    "<p>In care for 2 years and 6 months; placed 20 miles from home; within 3 working days.</p>",
    "<p>One child = 4.8 percentage points in a cohort of 21.</p>",
    "<p>531 cared for children, 3 more than at the end of 2023-24 Q3; the number rose by 2.</p>",
    "<p>Children aged 4-16 with an SDQ score of 17+; fewer than 5 children; under 3.</p>",
    "<p>The snapshot is 31 December 2024 (1 April to 31 March).</p>",
    "<p>Nationally, 1 in 3 care leavers aged 19-21 is not in education, employment or training.</p>",
    "<p>u: low reliability: fewer than 20 children, where one child moves the figure by 5 points.</p>",
    "<p>Number of cared 4 children that transition to adult services.</p>",
    "<p>3 measures stand out this quarter; 2 pledges improved.</p>",
    # a scorecard row: last quarter's percentage was hidden, this quarter's is not
    table("<tr><th>P5.9</th><td>% in touch</td><td>94.1%</td><td>c</td></tr>"
          "<tr><th>P5.10</th><td>% in touch, 19-21</td><td>96.0%</td><td>95.2%</td></tr>"
          "<tr><th>G1</th><td>Cared for children</td><td>531</td><td>520</td></tr>",
          head="<tr><th>Id</th><th>Measure</th><th>This quarter</th><th>Previous quarter</th></tr>"),
    "<p>England 10%; not statistically significant (p = 0.07); 8/21 is 38.1%.</p>",
    "<p>The partial postcode M1 is shown; grade 4 in English and maths.</p>",
    table("<tr><th>2024-25 Q3</th><td>531</td></tr><tr><th>2024-25 Q2</th><td>c</td></tr>"
          "<tr><th>2024-25 Q1</th><td>0</td></tr><tr><th>2023-24 Q4</th><td>x</td></tr>"),
    # band labels in header cells are labels, not counts
    table("<tr><th>1</th><td>40</td></tr><tr><th>3-4</th><td>12</td></tr>",
          head="<tr><th>Placements</th><th>Children</th></tr>"),
    table("<tr><th>1 move</th><td>40</td></tr><tr><th>2 moves</th><td>12</td></tr><tr><th>Year 1</th><td>9</td></tr>",
          head="<tr><th>Moves in the quarter</th><th>Children</th></tr>"),
    table("<tr><th>Synthetic Council 004</th><td>12</td></tr>", caption="Placed out of borough"),
    "<p>Synthetic Council 004 has the most children placed from Demo Borough.</p>",
    # rates, averages and changes are not counts of children
    table("<tr><th>Borough</th><td>3.0</td><td>2</td><td>-3</td></tr>",
          head="<tr><th>Area</th><th>Rate per 10,000</th><th>Average moves</th><th>Change</th></tr>"),
    # the local count is hidden, England's percentage is a comparator
    table("<tr><th>Boys</th><td>c</td><td>16%</td></tr>",
          head="<tr><th>Group</th><th>Children</th><th>England %</th></tr>"),
    # a score is not a base, and interval ends are not shares
    "<li>Children aged 4-16 with an SDQ score of 17 or more: 32.1% (95% confidence interval 18% to 51%; "
    "one child = 3.6 percentage points).</li>",
    "<p>32% of 28 children (95% CI: 4% to 51%), outside 99.8% limits.</p>",
    # 0% is a true zero; a year is not a base
    "<p>0% of 21 children; 3.1% at the end of 2024.</p>",
    table("<tr><th>All children</th><td>300</td></tr><tr><th>% moved 3+ times</th><td>10</td></tr>",
          head="<tr><th></th><th>Borough</th></tr>"),
    # a percentage of a base large enough that no small count prints as it
    "<p>16% of 500 children were placed 20 miles or more from home.</p>",
    '<img src="data:image/png;base64,AAAA" alt="Line chart: 2024-25 Q1: 512; 2024-25 Q2: 520.">',
    '<a href="#content">Skip</a> <a href="scorecard.html">Scorecard</a> <a href="../2024-25-Q2/index.html">Last</a>',
    "<p>Episode E4A, legal status C2, placement U4; Q3 4th week.</p>",
    "<style>main { background: url(data:image/png;base64,AAAA); }</style>",
]


@pytest.mark.parametrize("body", PASSED)
def test_passed(body):
    assert check_html(page(body), policy=POLICY) == []


def test_finding_names_file_line_and_place():
    html = page("\n" + table("<tr><th>Boys</th><td>3</td></tr>", caption="Children by sex"))
    [finding] = check_html(html, name="outputs/2024-25-Q3/scorecard.html", policy=POLICY)
    assert finding.file == "outputs/2024-25-Q3/scorecard.html"
    assert finding.line == 2
    assert finding.rule == "small-count"
    assert finding.place == "table 'Children by sex', row 1 'Boys', column 'Children'"
    assert str(finding).startswith("outputs/2024-25-Q3/scorecard.html:2:")


def test_threshold_is_a_parameter():
    body = table("<tr><th>Boys</th><td>7</td></tr>")
    assert check_html(page(body), policy=DisclosurePolicy(threshold=5)) == []
    assert [f.rule for f in check_html(page(body), policy=DisclosurePolicy(threshold=10))] == ["small-count"]


def test_child_ids_from_the_data_are_refused_and_masked():
    [finding] = check_html(page("<p>Child CH00123 moved.</p>"), child_ids={"CH00123", "A"}, policy=POLICY)
    assert finding.rule == "child-id" and "CH00123" not in str(finding) and "'C******'" in str(finding)
    # too short to tell from words, numbers and years: not looked for
    assert checkable_ids({"A", "2024", "123456", "CH01"}) == frozenset({"123456", "CH01"})
    assert check_html(page("<p>A table for 2024.</p>"), child_ids={"A", "2024"}, policy=POLICY) == []


def test_identifiers_are_masked_in_messages():
    [finding] = check_html(page("<p>Pupil A123456789012.</p>"), policy=POLICY)
    assert "A123456789012" not in str(finding)
    findings = check_html(page("<p>3 children, one of them A123456789012, moved.</p>"), policy=POLICY)
    assert sorted(f.rule for f in findings) == ["small-count", "upn"]
    assert all("A123456789012" not in str(f) for f in findings)


def test_each_small_count_is_reported_where_it_is():
    body = table("<tr><th>Boys</th><td>3</td></tr><tr><th>Girls</th><td>2</td></tr>")
    places = [f.place for f in check_html(page(body), policy=POLICY)]
    assert places == ["table 'Children', row 1 'Boys', column 'Children'",
                      "table 'Children', row 2 'Girls', column 'Children'"]


@pytest.mark.parametrize(("pct", "places", "base", "expected"), [
    # 3/21 = 14.2857 -> 14; 1/21 = 4.76 -> 5; 2/21 = 9.52 -> 10; 4/21 = 19.05 -> 19
    ("14", 0, 21, [3]), ("5", 0, 21, [1]), ("10", 0, 21, [2]), ("19", 0, 21, [4]),
    ("14.3", 1, 21, [3]), ("14.2", 1, 21, []),
    # 1/8 = 12.5 rounds half away from zero to 13, never to 12 (banker's)
    ("13", 0, 8, [1]), ("12", 0, 8, []),
    ("16", 0, 500, []), ("50", 0, 4, [2]),
])
def test_implied_small_counts(pct, places, base, expected):
    assert implied_small_counts(Percentage(Decimal(pct), places, 0), base, 5) == expected


def test_the_gate_reads_percentages_rounded_either_way():
    # 1/8 = 12.5%: DfE prints 13%, Python's format 12%; a reader of either can tell the count
    assert implied_small_counts(Percentage(Decimal(12), 0, 0), 8, 5, either_rounding=True) == [1]
    assert implied_small_counts(Percentage(Decimal(14), 0, 0), 8, 5, either_rounding=True) == []
    assert rules("<p>12% of 8 children moved school.</p>") == ["suppressed-percentage"]


def test_small_counts_offsets():
    assert small_counts("From 1 to 4: 3 children, 2 of 40, 12 adults", 5) == [(3, 13), (2, 25)]


def test_a_scorecard_row_hiding_last_quarters_value_is_not_a_hidden_count():
    # issue 11: a small council's scorecard: the c in "Previous quarter" is last quarter's
    # percentage, not the count under this quarter's 41.7%
    head = ("<tr><th>Ref</th><th>Measure</th><th>This quarter</th><th>{}</th>"
            "<th>Direction of travel</th></tr>")
    rows = ("<tr><th>P2.10</th><td>Number living in residential provision</td><td>c</td><td>{}</td><td>c</td></tr>"
            "<tr><th>P2.12</th><td>% 16-18 year old care leavers that are NEET</td><td>41.7% u</td><td>c</td>"
            "<td>c</td></tr>")
    # a column named for another time, even with a count in it
    assert check_html(page(table(rows.format(12), head=head.format("Previous quarter"))), policy=POLICY) == []
    # a column holding only c, x and 0 does not show that its c hides a count
    assert check_html(page(table(rows.format(0), head=head.format("2024-25 Q2"))), policy=POLICY) == []
    # the same c under a column of counts still hides the count beside the percentage
    assert rules(table(rows.format(12), head=head.format("Number"))) == ["suppressed-percentage"]
    assert rules(table(rows.format(0), head=head.format("Children"))) == ["suppressed-percentage"]


def test_a_c_in_a_target_or_rating_column_is_not_a_hidden_count():
    head = "<tr><th>Ref</th><th>This quarter</th><th>Target</th><th>RAG</th></tr>"
    rows = ("<tr><th>G1</th><td>531</td><td>500</td><td>z</td></tr>"
            "<tr><th>P5.9</th><td>94.1%</td><td>c</td><td>c</td></tr>")
    assert check_html(page(table(rows, head=head)), policy=POLICY) == []


def test_a_scorecard_row_hiding_this_quarters_value_is_not_a_hidden_count():
    # issue 11, peer data 2020-21 Q3 and the synthetic council: this quarter's c beside last
    # quarter's percentage; a Share column beside a hidden count is still refused
    head = ("<tr><th>Ref</th><th>Measure</th><th>This quarter</th><th>Share</th><th>Previous quarter</th>"
            "</tr>")
    rows = ("<tr><th>P5.2</th><td>% of care leavers in suitable accommodation</td><td>c</td><td></td>"
            "<td>86.3%</td></tr>"
            "<tr><th>P5.8</th><td>Number of cared for children offending</td><td>12</td><td>4.1%</td><td>12</td></tr>"
            "<tr><th>G1</th><td>Cared for children</td><td>531</td><td></td><td>520</td></tr>")
    assert check_html(page(table(rows, head=head)), policy=POLICY) == []
    hidden = rows.replace("<td>12</td><td>4.1%</td>", "<td>c</td><td>4.1%</td>")
    assert rules(table(hidden, head=head)) == ["suppressed-percentage"]


def test_this_years_hidden_pupils_beside_last_years_percentage_is_not_a_hidden_count():
    # issue 11, the Virtual School's self-evaluation: this year's base is hidden (the page's tables
    # together would give back the leavers whose destination is not known); last year's percentage
    # is of last year's pupils. The same c beside this year's percentage still hides its count.
    head = ("<tr><th>Area</th><th>Measure</th><th>Pupils this year</th><th>This year %</th><th>Last year %</th>"
            "</tr>")
    row = "<tr><th>Post-16</th><td>NEET</td><td>c</td><td>{}</td><td>{}</td></tr>"
    assert check_html(page(table(row.format("c", "35%"), head=head)), policy=POLICY) == []
    assert rules(table(row.format("38%", "35%"), head=head)) == ["suppressed-percentage"]
    # one header naming two times, or none, is not told apart
    other = head.replace("Last year %", "Change on last year %")
    assert rules(table(row.format("c", "35%"), head=other.replace("Pupils this year", "Pupils"))) == [
        "suppressed-percentage"]
