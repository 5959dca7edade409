"""Every validation rule: a short stable id, its severity and a plain-English message.

Severity ``error`` quarantines the row (it is left out of everything derived);
``warning`` keeps it. Where a rule mirrors one of DfE's SSDA903 validation rules
(as implemented in data-to-insight/csc-validator-be-903) its number is given in
``dfe``; ``docs/data.md`` lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ERROR", "RULES", "Rule", "WARNING"]

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    """One validation rule.

    Attributes
    ----------
    id : str
        Short stable identifier, e.g. ``EPI_DEC_BEFORE_DECOM``.
    severity : str
        ``"error"`` (row quarantined) or ``"warning"`` (row kept).
    message : str
        Plain-English explanation shown in the report.
    dfe : str
        The DfE 903 validator rule it mirrors, or ``""``.
    """

    id: str
    severity: str
    message: str
    dfe: str = ""


_RULES = (
    # reading
    Rule("FILE_ENCODING", WARNING, "File is not UTF-8; read as Windows-1252 text. Check accented names and symbols."),
    Rule("FILE_EXTRA_COLUMN", WARNING, "Column is not part of this SSDA903 table; it was ignored."),
    Rule("FILE_IGNORED", WARNING, "File is not an SSDA903 table this package reads (or repeats one already read); it was ignored."),
    Rule("FILE_NO_ROWS", WARNING, "File has a header row but no data rows."),
    Rule("FILE_LINE_ENDINGS", WARNING, "File ends lines with a bare carriage return (old Mac style) in places; each was read as a line end."),
    Rule("FILE_DUPLICATE_COLUMN", ERROR, "Column appears more than once in the header; the first copy is read and rows where the copies differ are quarantined."),
    Rule("FOLDER_NAME", ERROR, "Folder looks like a return year but is not named YYYY-YY with consecutive years (e.g. 2024-25); its files were not read."),
    Rule("ROW_DUPLICATE_COLUMN_DIFFERS", ERROR, "The two copies of a repeated column hold different values in this row; it was not used."),
    Rule("ROW_UNCLOSED_QUOTE", ERROR, "A field opens a quote (\") that is not closed on the same line; the line was not read."),
    Rule("ROW_NUL_BYTE", ERROR, "Line holds a NUL byte (binary data inside a text file); it was not read."),
    Rule("ROW_WRONG_FIELD_COUNT", ERROR, "Row has a different number of fields from the header (a truncated or broken line); it was not read."),
    Rule("XML_UNKNOWN_ELEMENT", WARNING, "XML element is not part of the SSDA903 format; it was ignored."),
    # values
    Rule("REQUIRED_MISSING", ERROR, "A value is required here but the cell is blank."),
    Rule("DATE_INVALID", ERROR, "Not a valid dd/mm/YYYY date."),
    Rule("DATE_UNKNOWN_PART", WARNING, "Date has an unknown day or month ('ZZ'); the 15th (and July for an unknown month) was assumed."),
    Rule("DATE_REFORMATTED", WARNING, "Date is not dd/mm/YYYY but unambiguous (probably re-saved by a spreadsheet); it was read as written."),
    Rule("DATE_TWO_DIGIT_YEAR", WARNING, "Date has a two-digit year (dd/mm/yy); read as 20yy up to next year's two digits, else 19yy. Check the case system's export settings."),
    Rule("DATE_EXCEL_SERIAL", WARNING, "Date is a spreadsheet serial number; it was read as a day count from 30/12/1899."),
    Rule("CODE_UNKNOWN", ERROR, "Code is not in the DfE code list for this return year.", "143 (RNE)"),
    Rule("CODE_NOT_YET_VALID", ERROR, "Code is only valid in later return years."),
    Rule("CODE_WITHDRAWN", ERROR, "Code was withdrawn from the DfE code list before this return year."),
    Rule("CODE_UNKNOWN_KEPT", WARNING, "Code is not in the DfE code list for this return year; the row is kept (the analysis does not depend on this column)."),
    Rule("NUMBER_INVALID", ERROR, "Not a whole number in the range DfE allows (SDQ_SCORE: 0 to 40).", "180"),
    Rule("UPN_FORMAT", WARNING, "UPN is not a letter followed by 12 digits (or 'UN1'-'UN10')."),
    # keys
    Rule("KEY_DUPLICATE", ERROR, "Another row in the same file has the same key (e.g. the same CHILD, or the same CHILD and start date); only the first is kept."),
    Rule("KEY_DUPLICATE_ZERO_LENGTH", WARNING, "Zero-length episode (DEC = DECOM) with the same CHILD and start date as an episode continuing from that day; the continuing episode is kept and derive drops this row (repair ZERO_LENGTH_DUPLICATE_DROPPED)."),
    Rule("CHILD_NOT_IN_HEADER", ERROR, "CHILD has no row in the Header table of the same return year."),
    # dates against the return year
    Rule("DATE_AFTER_YEAR_END", ERROR, "Date is after the end of the return year (31 March)."),
    Rule("DEC_AFTER_YEAR_END", WARNING, "Episode end (DEC) is after the end of the return year; kept as given."),
    Rule("EPI_BEFORE_1991", ERROR, "No episode can start before 14 October 1991.", "353"),
    Rule("EPI_ENDED_BEFORE_YEAR", ERROR, "Episode ended (DEC) before the return year began, so it does not belong in this return."),
    Rule("EPI_DECOM_BEFORE_DOB", ERROR, "Episode starts before the child's date of birth."),
    # episode logic
    Rule("EPI_DEC_BEFORE_DECOM", ERROR, "Episode ends (DEC) before it starts (DECOM)."),
    Rule("EPI_REC_WITHOUT_DEC", WARNING, "Reason episode ceased (REC) is given but the end date (DEC) is blank; the episode is treated as open."),
    Rule("EPI_DEC_WITHOUT_REC", WARNING, "Episode has an end date (DEC) but no reason episode ceased (REC)."),
    Rule("EPI_OVERLAP", WARNING, "Episode ends after the child's next episode starts (overlap); derive truncates it at the next start."),
    Rule("EPI_OPEN_NOT_LAST", WARNING, "Episode has no end date (DEC) but the child has a later episode; derive closes it at the next start."),
    Rule("EPI_GAP", WARNING, "Child's next episode starts after this one ends (a gap out of care). Expected when the child came back into care (next RNE S); derive starts a new period of care at every gap. Not reported between two short breaks (V3/V4)."),
    # other tables
    Rule("OC3_DIED_FILLED", WARNING, "IN_TOUCH is DIED but ACTIV or ACCOM is filled; they should be blank."),
    Rule("MIS_END_BEFORE_START", ERROR, "Missing episode ends (MIS_END) before it starts (MIS_START)."),
    Rule("SW_DEC_BEFORE_DECOM", ERROR, "Social worker episode ends (SW_DEC) before it starts (SW_DECOM)."),
    Rule("PA_CEASED_BEFORE_PLACED", ERROR, "Date placed for adoption ceased is before the date placed."),
)

#: Rule id to :class:`Rule`.
RULES: dict[str, Rule] = {r.id: r for r in _RULES}
