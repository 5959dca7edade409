"""The classes of disclosure the gate let through (issue 11), each with a near miss.

Every class has pages an attacker wrote as a careless analyst might (refused)
and wording the project's own briefings use that looks like it (passed), so a
rule that is removed fails the first and a rule that is widened too far fails
the second.
"""

from __future__ import annotations

import pytest

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html

POLICY = DisclosurePolicy(threshold=5, small_group=10)
IDS = {"CH00123", "900123"}


def page(body: str) -> str:
    return f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>{body}</main></body></html>'


def rules(body: str, policy: DisclosurePolicy = POLICY) -> set[str]:
    return {f.rule for f in check_html(page(body), policy=policy, child_ids=IDS)}


def refused(cases: list[tuple[str, str]]):
    return pytest.mark.parametrize(("body", "rule"), cases)


def passed(cases: list[str]):
    return pytest.mark.parametrize("body", cases)


# -- numbers in words and idioms ----------------------------------------------
WORDS_REFUSED = [
    ("<p>A single child was placed in a secure children's home.</p>", "small-count"),
    ("<p>A couple of children moved school twice.</p>", "small-count"),
    ("<p>Children placed in secure homes (four) were all boys.</p>", "small-count"),
    ("<p>One young person is in custody.</p>", "small-count"),
    ("<p>Two pupils were permanently excluded.</p>", "small-count"),
    ("<p>Three care leavers are not in touch.</p>", "small-count"),
    ("<p>Both children were adopted by the same family.</p>", "small-count"),
    ("<p>Three looked after children went missing.</p>", "small-count"),
    ("<p>Only one of the pupils met the expected standard.</p>", "small-count"),
    ("<p>A few children were placed in secure homes; a handful of care leavers are in custody.</p>",
     "small-count"),
    ('<img src="data:image/png;base64,AAAA" alt="Bar chart: a couple of children in custody.">', "small-count"),
]
WORDS_PASSED = [
    # caveats about what one pupil is worth, not counts
    "<p>A single pupil is worth 100/n percentage points: in a year group of 20, a single pupil moves "
    "the percentage by 5 points, so year-to-year changes are often chance.</p>",
    "<p>Care leavers aged 17-18 in touch: 60.0% (95% confidence interval 39% to 78%; "
    "one young person = 5 percentage points).</p>",
    # idioms of things that are not people, ratios, thresholds
    "<p>A single placement move in a couple of weeks; a pair of measures improved.</p>",
    "<p>Nationally, one in three care leavers is not in education, employment or training.</p>",
    "<p>Both boys and girls improved; two or more children in a sibling group are placed together.</p>",
    "<p>One of the measures (four in all) is below target.</p>",
    "<p>A few measures improved in the last few quarters; a handful of indicators are new.</p>",
]


@refused(WORDS_REFUSED)
def test_numbers_in_words_and_idioms_are_counts(body, rule):
    assert rule in rules(body)


@passed(WORDS_PASSED)
def test_words_that_are_not_counts_pass(body):
    assert rules(body) == set()


# -- CHILD ids and other identifiers in attributes and element ids ----------------
ATTRS_REFUSED = [
    ('<tr data-child="CH00123"><td>12</td></tr>', "child-id"),
    ('<p id="CH00123">Moves</p>', "child-id"),
    ('<p id="row-ch00123">Moves</p>', "child-id"),
    ('<p class="child_CH00123 highlight">Moves</p>', "child-id"),
    ('<p title="Child CH00123">Moves</p>', "child-id"),
    ('<span aria-label="pupil CH00123">Moves</span>', "child-id"),
    ('<a href="#CH00123">Moves</a>', "child-id"),
    ('<p data-CH00123="1">Moves</p>', "child-id"),
    ('<p data-id="900123">Moves</p>', "child-id"),
    ("<style>#CH00123 { color: red; }</style>", "child-id"),
    ('<div style="background: url(#ch00123-marker)">Moves</div>', "child-id"),
    ('<td data-upn="A123456789012">x</td>', "upn"),
    ('<p data-dob="03/04/2012">Moves</p>', "full-date"),
]
ATTRS_PASSED = [
    '<p id="placements-2024-25-q3" class="govuk-body small">Moves</p>',
    '<div class="table-wrap" role="region" tabindex="0" aria-label="Pupils in assessment year groups, 2023-24">'
    "<p>x</p></div>",
    '<a href="#content">Skip</a> <a href="../2024-25-Q2/index.html">Last quarter</a>',
    '<p data-measure="P1.2" data-quarter="2024-25 Q3">Reviews</p>',
    # a number in an id is not a CHILD id unless it is one from the data
    '<p id="chart-900124">Moves</p>',
]


@refused(ATTRS_REFUSED)
def test_identifiers_in_any_attribute_are_refused(body, rule):
    assert rule in rules(body)


@passed(ATTRS_PASSED)
def test_ordinary_attributes_pass(body):
    assert rules(body) == set()


def test_a_child_id_in_an_attribute_is_masked_in_the_message():
    findings = check_html(page('<p data-child="row-CH00123">x</p>'), policy=POLICY, child_ids=IDS)
    assert [f.rule for f in findings] == ["child-id"]
    assert "CH00123" not in str(findings[0]) and "<p data-child>" in findings[0].place


# -- dates, UPNs and postcodes as careless pages write them -----------------------
IDENTIFIERS_REFUSED = [
    ("<p>Born 01/02/12.</p>", "full-date"),
    ("<p>DOB 1-2-12, placed with parents.</p>", "full-date"),
    ("<p>Born on 3 March 2012.</p>", "full-date"),
    ("<p>Date of birth: March 3, 2012.</p>", "full-date"),
    ("<p>UPN A123 4567 89012.</p>", "upn"),
    ("<p>UPN A-1234-5678-9012.</p>", "upn"),
    ("<p>Placed at m1 1ae.</p>", "postcode"),
    ("<p>Placed at M11AE.</p>", "postcode"),
    ("<p>Placed at sw1a 1aa.</p>", "postcode"),
]
IDENTIFIERS_PASSED = [
    "<p>2024-25 Q3; 2023-24 Q4 to 2024-25 Q3; the year to 31 March 2024; 8/21 is 38.1%.</p>",
    "<p>Measures P1.2, P5.9 and G1; section 1.2.12 of the guidance; bands 1, 2, 3-4 and 5+.</p>",
    "<p>Q3 2024 and 2025: 531, 520, 512 and 498 cared for children.</p>",
    "<p>KS2 3rd year; E4 4th week; the partial postcode M1.</p>",
    "<p>The snapshot is 31 December 2024; children born in 2012 are in year 8.</p>",
]


@refused(IDENTIFIERS_REFUSED)
def test_identifiers_written_carelessly_are_refused(body, rule):
    assert rule in rules(body)


@passed(IDENTIFIERS_PASSED)
def test_dates_codes_and_numbers_that_are_not_identifiers_pass(body):
    assert rules(body) == set()


# -- header cells and n = 3 ---------------------------------------------------------
def table(rows: str, head: str = "<tr><th>Placement</th><th>Children</th></tr>", caption: str = "Placements") -> str:
    return f"<table><caption>{caption}</caption><thead>{head}</thead><tbody>{rows}</tbody></table>"


HEADERS_REFUSED = [
    # a column header that counts people
    (table("<tr><th>Boys</th><td>c</td></tr>", head="<tr><th>Placement</th><th>Secure (n=3)</th></tr>"),
     "small-count"),
    (table("<tr><th>Boys</th><td>c</td></tr>", head="<tr><th>Placement</th><th>Secure (3 children)</th></tr>"),
     "small-count"),
    (table("<tr><th>Boys</th><td>c</td></tr>", head="<tr><th>Placement</th><th>Secure (three)</th></tr>"),
     "small-count"),
    # identifiers in a column header are read like any other text
    (table("<tr><th>Boys</th><td>c</td></tr>", head="<tr><th>Placement</th><th>A123456789012</th></tr>"), "upn"),
    # a bare number in a header cell that holds a figure
    (table("<tr><th>Secure children's home</th><th>3</th></tr>"), "small-count"),
    (table("<tr><th>3</th><td>Secure children's home</td></tr>",
           head="<tr><th>Children</th><th>Placement</th></tr>"), "small-count"),
    ("<table><caption>Placements</caption><tr><th>Secure</th><th>2</th></tr></table>", "small-count"),
    # n = 3 anywhere: in a column of percentages, in prose, in an attribute
    (table("<tr><th>Boys</th><td>33% (n=3)</td></tr>", head="<tr><th>Group</th><th>% achieved</th></tr>"),
     "small-count"),
    ("<p>Secure children's homes (n = 3) cost the most.</p>", "small-count"),
    ('<td data-label="Secure (n=3)">c</td>', "small-count"),
    (table("<tr><th>Boys</th><td>c</td></tr>",
           head='<tr><th>Placement</th><th abbr="Secure (n=3)">Secure</th></tr>'), "small-count"),
]
HEADERS_PASSED = [
    # band labels, in row and column headers
    table("<tr><th>Boys</th><td>40</td><td>12</td><td>9</td></tr>",
          head="<tr><th>Group</th><th>1</th><th>2</th><th>3-4</th><th>5+</th></tr>"),
    table("<tr><th>1</th><td>40</td></tr><tr><th>3-4 placements</th><td>12</td></tr><tr><th>5+</th><td>9</td></tr>",
          head="<tr><th>Placements in the year</th><th>Children</th></tr>"),
    table("<tr><th>Boys</th><th>2</th><td>40</td></tr>",
          head="<tr><th>Group</th><th>Moves</th><th>Children</th></tr>"),
    # quarter labels, measure ids and symbols in header cells
    table("<tr><th>P1.2</th><td>about 99%</td><td>c</td></tr><tr><th>G1</th><td>531</td><td>x</td></tr>",
          head="<tr><th>Id</th><th>2024-25 Q3</th><th>2024-25 Q2</th></tr>"),
    table("<tr><th>Boys</th><td>12</td></tr>",
          head="<tr><th>Group</th><th>Children under 5 looked after 12 months (n = 21)</th></tr>"),
    "<p>In care for 12 months (n = 21); 95% confidence interval 38% to 77%.</p>",
]


@refused(HEADERS_REFUSED)
def test_counts_in_header_cells_and_n_equals_are_refused(body, rule):
    assert rule in rules(body)


@passed(HEADERS_PASSED)
def test_band_and_quarter_labels_in_header_cells_pass(body):
    assert rules(body) == set()


# -- a base stated in a nearby sentence, or given by "one child = N points" ------------
BASES_REFUSED = [
    ("<p>There were 6 pupils in the cohort. 33% met the standard.</p>", "suppressed-percentage"),
    ("<p>There were 6 pupils in the cohort.</p><p>33% met the expected standard.</p>", "suppressed-percentage"),
    ("<p>Six care leavers turned 19 this year. Of these, 17% were NEET.</p>", "suppressed-percentage"),
    ("<p>40% met the standard (one child = 20 percentage points).</p>", "suppressed-percentage"),
    ("<p>One young person = 20 percentage points.</p><p>40% are not in education or training.</p>",
     "suppressed-percentage"),
    ("<p>NEET: 7.1% (each care leaver is worth 7.1 percentage points).</p>", "suppressed-percentage"),
    # the group stated just after the percentage, or as a heading
    ("<p>33% met the expected standard.</p><p>There were 6 pupils in the cohort.</p>", "suppressed-percentage"),
    ("<h3>Pupils in the cohort: 6</h3><p>33% met the expected standard.</p>", "suppressed-percentage"),
    # a percentage "of N" with no word for people after it
    ("<p>Of the care leavers, 14% of 21 were in custody.</p>", "suppressed-percentage"),
    ("<p>100% of 6 achieved the standard.</p>", "attribute-disclosure"),
]
BASES_PASSED = [
    # a count and its share of another group: the number is not the base
    "<p>25 children (8%) moved three or more times.</p>",
    # a comparator's percentage is not of the group a nearby sentence states
    "<p>There were 20 care leavers aged 17-18. England: 10%.</p>",
    # rounded percentages of rounded bases (P1.2)
    "<p>P1.2: about 99% of about 540 reviews were on time.</p>",
    "<p>There were about 540 children's reviews in the quarter. About 99% were on time.</p>",
    # what one young person is worth, with interval ends that are not shares
    "<p>Care leavers aged 17-18 in touch: 60.0% (95% confidence interval 38% to 77%; "
    "one young person = 5 percentage points).</p>",
    "<p>Immunisations: 83.7% (95% confidence interval 71% to 91%; one child = 2 percentage points).</p>",
    # a whole-number percentage a range of groups could give, not all of them small counts
    "<p>8% were missing (one child = 2 percentage points).</p>",
    "<p>In 2023-24 the Virtual School supported 79 pupils. 41% met the expected standard.</p>",
    # a comparator's percentage before a stated group, a percentage of a large group or of a year
    "<p>England: 14%.</p><p>There were 21 pupils in the cohort.</p>",
    "<p>16% of 500 moved; 3.1% of 2024's reviews were late.</p>",
]


@refused(BASES_REFUSED)
def test_a_percentage_of_a_base_stated_nearby_is_refused(body, rule):
    assert rule in rules(body)


@passed(BASES_PASSED)
def test_percentages_near_other_numbers_pass(body):
    assert rules(body) == set()


# -- all or none of a small group (attribute disclosure) ------------------------------
ALL_OR_NONE_REFUSED = [
    ("<p>0 of 6 children with 5+ moves achieved the standard.</p>", "attribute-disclosure"),
    ("<p>6 of 6 children with 5+ moves were excluded.</p>", "attribute-disclosure"),
    ("<p>100% of 6 children were excluded.</p>", "attribute-disclosure"),
    ("<p>None of the 6 pupils met the standard.</p>", "attribute-disclosure"),
    ("<p>None of the six pupils met the standard.</p>", "attribute-disclosure"),
    ("<p>All 6 children placed out of area were excluded.</p>", "attribute-disclosure"),
    ("<p>Of the pupils with 5+ moves, all 6 met the standard.</p>", "attribute-disclosure"),
    ("<p>All 6 looked after girls were excluded.</p>", "attribute-disclosure"),
    ("<p>There were 6 pupils in the cohort. 0% met the standard.</p>", "attribute-disclosure"),
    ("<p>0% met the standard (one child = 20 percentage points).</p>", "attribute-disclosure"),
    (table("<tr><th>5+ moves</th><td>6</td><td>100%</td></tr>",
           head="<tr><th>Group</th><th>Total</th><th>% excluded</th></tr>"), "attribute-disclosure"),
    (table("<tr><th>5+ moves</th><td>0 of 6</td></tr>", head="<tr><th>Group</th><th>% achieved</th></tr>"),
     "attribute-disclosure"),
]
ALL_OR_NONE_PASSED = [
    "<p>0 of 21 children; none of the 150 care leavers; all 531 cared for children; 100% of 25 pupils.</p>",
    "<p>All 4 quarters, all 3 measures and all 8 return years are shown; 0% of 21 children.</p>",
    "<p>Care leavers aged 17-18 in touch: 100.0% (95% confidence interval 84% to 100%; "
    "one young person = 5 percentage points).</p>",
    "<p>None of the figures from 1 to 4 is shown; all 6 pledges are reported.</p>",
    "<p>All 6 key stages are shown; none of the 6 notebooks failed; 6 of 6 checks passed.</p>",
]


@refused(ALL_OR_NONE_REFUSED)
def test_all_or_none_of_a_small_group_is_refused(body, rule):
    assert rule in rules(body)


@passed(ALL_OR_NONE_PASSED)
def test_all_or_none_of_a_large_group_passes(body):
    assert rules(body) == set()


def test_small_group_is_the_policys():
    body = "<p>None of the 12 pupils met the standard.</p>"
    assert rules(body) == set()
    assert rules(body, DisclosurePolicy(threshold=5, small_group=15)) == {"attribute-disclosure"}


def test_all_or_none_of_a_small_total_in_a_table_row_is_refused():
    head = "<tr><th>Group</th><th>Total</th><th>Achieved</th><th>Not achieved</th></tr>"
    small = table("<tr><th>5+ moves</th><td>6</td><td>0</td><td>6</td></tr>", head=head)
    large = table("<tr><th>1 move</th><td>40</td><td>0</td><td>40</td></tr>", head=head)
    assert [f.rule for f in check_html(page(small), policy=POLICY)] == ["attribute-disclosure"]
    assert rules(large) == set()
    # with one outcome beside the Total, 0 is none of the group
    alone = table("<tr><th>5+ moves</th><td>6</td><td>0</td></tr>",
                  head="<tr><th>Group</th><th>Total</th><th>Achieved</th></tr>")
    assert rules(alone) == {"attribute-disclosure"}


def test_zeros_in_a_from_to_table_with_small_totals_pass():
    # the synthetic council's placement moves (seed 4, 2024-25 Q4): a row of 7 moves
    # spread over hidden cells and zeros says nothing about every one of them
    head = ("<tr><th>Moved from</th><th>Foster care</th><th>Independent living</th><th>Residential</th>"
            "<th>Other</th><th>Total</th></tr>")
    rows = ("<tr><th>Other</th><td>c</td><td>0</td><td>c</td><td>0</td><td>7</td></tr>"
            "<tr><th>Residential school</th><td>c</td><td>0</td><td>0</td><td>c</td><td>5</td></tr>")
    assert rules(table(rows, head=head)) == set()


@pytest.mark.parametrize(("body", "rule"), [
    # a count beside a percentage, in a column that is not of counts
    (table("<tr><th>Boys</th><td>33% (2)</td></tr>", head="<tr><th>Group</th><th>% achieved</th></tr>"),
     "small-count"),
    (table("<tr><th>Boys</th><td>2 children</td></tr>", head="<tr><th>Group</th><th>Rate per 10,000</th></tr>"),
     "small-count"),
    # a figure kept in the source for sorting is published all the same
    ('<td data-sort-value="3">c</td>', "small-count"),
    ('<option value="2 children">Secure</option>', "small-count"),
    # the cohort stated in words
    ("<p>The cohort was 6. Of them, 33% met the standard.</p>", "suppressed-percentage"),
])
def test_counts_beside_percentages_and_in_data_attributes_are_refused(body, rule):
    assert rule in rules(body)


@passed([
    table("<tr><th>Boys</th><td>33.3%</td><td>3.0</td></tr>",
          head="<tr><th>Group</th><th>% achieved</th><th>Rate per 10,000</th></tr>"),
    '<td colspan="2" rowspan="3" data-measure="P5.9" data-quarter="2024-25-Q3">c</td>',
])
def test_percentages_rates_and_layout_attributes_pass(body):
    assert rules(body) == set()


@refused([
    (table("<tr><th>Boys</th><td>c</td></tr>", head="<tr><th>Secure children's home</th><th>3</th></tr>"),
     "small-count"),
    (table("<tr><th>Secure children's home</th><td>three</td></tr>"), "small-count"),
    ("<p>Two brothers and their sister were placed together.</p>", "small-count"),
    (table("<tr><th>Boys</th><td>33% (n: 3)</td></tr>", head="<tr><th>Group</th><th>% achieved</th></tr>"),
     "small-count"),
])
def test_more_ways_of_writing_a_small_count(body, rule):
    assert rule in rules(body)


@passed([
    table("<tr><th>Boys</th><td>40</td><td>12</td></tr>", head="<tr><th>Group</th><th>1</th><th>2+</th></tr>"),
    table("<tr><th>Boys</th><td>40</td><td>12</td></tr>",
          head="<tr><th>Group</th><th>2024-25 Q2</th><th>2024-25 Q3</th></tr>"),
    "<p>Three measures improved. One, two or three stars.</p>",
])
def test_band_and_period_headers_and_other_number_words_pass(body):
    assert rules(body) == set()


def test_a_points_note_before_a_table_or_in_its_caption_gives_its_base():
    pcts = table("<tr><th>Reading</th><td>40%</td></tr><tr><th>Maths</th><td>80%</td></tr>",
                 head="<tr><th>Subject</th><th>% met the standard</th></tr>")
    assert "suppressed-percentage" in rules("<p>One pupil = 20 percentage points.</p>" + pcts)
    assert "suppressed-percentage" in rules(pcts.replace("<caption>Placements", "<caption>Key stage 2 "
                                                         "(one pupil = 20 percentage points)"))
    # the project's caveat about a made-up year group of 20 gives no base
    caveat = ("<p>A single pupil is worth 100/n percentage points: in a year group of 20, a single pupil "
              "moves the percentage by 5 points, so year-to-year changes are often chance.</p>")
    assert rules(caveat + pcts.replace("40%", "10%")) == set()


# -- fractions, "the only", none of a group stated earlier in the sentence ---------------
@refused([
    ("<p>The only girl in the cohort moved school.</p>", "small-count"),
    ("<p>The single child in a secure home is 15.</p>", "small-count"),
    ("<p>Half of the 6 pupils met the standard.</p>", "suppressed-percentage"),
    ("<p>Two-thirds of the 6 care leavers are in touch.</p>", "suppressed-percentage"),
    ("<p>The cohort had 6 pupils. A third met the standard.</p>", "suppressed-percentage"),
    ("<p>Of the 6 pupils with 5+ moves, 0 achieved the standard.</p>", "attribute-disclosure"),
    ("<p>Of the 6 pupils with 5+ moves, none achieved the standard.</p>", "attribute-disclosure"),
    ("<p>Date of birth 1.2.12.</p>", "full-date"),
])
def test_fractions_the_only_and_none_of_a_stated_group_are_refused(body, rule):
    assert rule in rules(body)


@passed([
    "<p>In the first half of the year 40 children left care; a quarter of the year's moves were planned.</p>",
    "<p>Half of the 40 care leavers are in touch; a third of 2024-25 has passed.</p>",
    "<p>There were 8 children placed with parents. A quarter of the year had passed; a third placement "
    "ended.</p>",
    # a share said to be of things, not of the children a nearby sentence counts
    "<p>There were 8 children placed with parents. Half of the reviews were late.</p>",
    "<p>There were 6 pupils in the cohort. 33% of their reviews were late.</p>",
    "<p>Of the 540 children, 0 were missing; none of the figures is below 5. Of the 6 measures, 0 are red.</p>",
    "<p>The only children counted are those looked after for 12 months; the only child-level data are private.</p>",
])
def test_fractions_of_times_and_things_and_zeros_of_large_groups_pass(body):
    assert rules(body) == set()
