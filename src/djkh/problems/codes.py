"""Every kind of problem djkh reports, by a stable code; docs/codes.md is generated from here."""

from __future__ import annotations

from enum import Enum


class Severity(str, Enum):
    """How bad a problem is: an error fails the run; a warning only with --strict."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


ERROR = Severity.ERROR
WARNING = Severity.WARNING


class Code(str, Enum):
    """A problem kind: its value is the code users see, with its severity and the docs' line."""

    level: Severity
    meaning: str

    def __new__(cls, code: str, level: Severity, meaning: str) -> Code:
        member = str.__new__(cls, code)
        member._value_ = code
        member.level = level
        member.meaning = meaning
        return member

    # Reading the file
    NO_FILE = "DJ001", ERROR, "No such file or folder."
    IS_FOLDER = "DJ002", ERROR, "A folder was named where a file is needed."
    UNREADABLE = "DJ003", ERROR, "The file cannot be read (permissions, device error)."
    TOO_LARGE = "DJ004", ERROR, "The file is larger than 5 MiB."
    ENCODING = "DJ005", ERROR, "The file is not UTF-8 (GBK, UTF-16 or other bytes)."
    GIT = "DJ006", ERROR, "git cannot give the file at `REV:path` (unknown revision or path)."
    NO_VERSIONS = "DJ007", ERROR, "A folder given to `diff` holds fewer than two rubric versions."
    OFFICE_FILE = (
        "DJ008",
        ERROR,
        "An office document djkh cannot read (docx, xls, pdf, a workbook not written by djkh), "
        "or a file named .xlsx that is no workbook.",
    )
    WORKBOOK_SHAPE = (
        "DJ009",
        ERROR,
        "A findings workbook edited out of shape: rows moved, a locked cell or sheet name changed, "
        "a unit's sheet deleted or a sheet added.",
    )
    WORKBOOK_VALUE = "DJ010", ERROR, "A formula, an error or a date in a workbook's answer cell."
    # YAML
    SYNTAX = "DJ101", ERROR, "YAML syntax error (indentation, quoting, tabs)."
    ANCHOR = "DJ102", ERROR, "Anchors and aliases (`&a`, `*a`) are not allowed."
    TAG = "DJ103", ERROR, "Explicit tags (`!!str`, `!custom`) are not allowed."
    SECOND_DOCUMENT = "DJ104", ERROR, "A second YAML document (`---`) in one file."
    DUPLICATE_KEY = "DJ105", ERROR, "The same key twice in one mapping."
    TOO_DEEP = "DJ106", ERROR, "Nested more than 32 levels deep."
    BAD_NUMBER = "DJ107", ERROR, "A number that is not finite or has more than 15 digits."
    COMPLEX_KEY = "DJ108", ERROR, "A mapping key that is a list or mapping."
    NOT_A_MAPPING = "DJ109", ERROR, "The file is empty or its top level is not a mapping."
    # Structure
    UNKNOWN_KEY = "DJ201", ERROR, "A key the format does not have (often a typo)."
    MISSING_KEY = "DJ202", ERROR, "A required key is missing."
    BAD_VALUE = "DJ203", ERROR, "A value of the wrong type or form (text, id, number, list…)."
    BAD_KIND = "DJ204", ERROR, "`kind` is missing, unknown, or not the kind needed here."
    # Rubric
    DUPLICATE_ID = "DJ301", ERROR, "An id used twice (items: across the rubric; rules: in an item)."
    SECTION_SUM = "DJ302", ERROR, "A section's items do not add up to the section's score."
    TOTAL_SUM = "DJ303", ERROR, "The sections do not add up to the rubric's total."
    FIELD_FOR_KIND = "DJ304", ERROR, "A rule field that its kind does not use."
    KIND_NEEDS_FIELD = (
        "DJ305",
        ERROR,
        "A rule lacks a field its kind needs (`required`, `below`/`above`).",
    )
    RULE_EFFECT = (
        "DJ306",
        ERROR,
        "A rule without exactly one of `deduct`, `add` (bonus items), `veto`, `veto_score` "
        "or `bars`.",
    )
    UNKNOWN_GRADE = "DJ307", ERROR, "A veto names a grade that the rubric's `grades` do not have."
    GRADE_BANDS = "DJ308", ERROR, "Two grade bands with the same name or the same minimum."
    WEIGHTS = "DJ309", ERROR, "Weighted parts: some sections have a `weight` and others none."
    VETO_SCORE = "DJ310", ERROR, "A rule's `veto_score` outside 0 to the rubric's total."
    RULE_ENTRIES = (
        "DJ311",
        ERROR,
        "A levels or bands rule whose entries are missing, repeated or mixed, a scale named "
        "twice, or a tier of rules that both add and deduct.",
    )
    RULE_RANGE = (
        "DJ312",
        ERROR,
        "A judged rule whose `min` is above its points, or an item whose `start` is outside 0 "
        "to its score.",
    )
    GRADE_QUOTA = (
        "DJ320",
        ERROR,
        "A grade quota (`max_share`, `max_count`) out of range, or on the lowest grade.",
    )
    ASSESSOR_SETUP = (
        "DJ315",
        ERROR,
        "`assessors` or `self_assessment` set up wrongly: rater groups without `combine: "
        "weighted` (or the reverse), a group named twice, weights not adding up to 1, an "
        "`owner` without `combine: owner`, a self weight of 1 or more.",
    )
    PERIOD_SETUP = (
        "DJ325",
        ERROR,
        "`periods` set up wrongly: a period named twice, weights that do not suit "
        "`combine` or do not add up to 1, a `weight` without a `year_end` (or the reverse).",
    )
    SURVEY = (
        "DJ316",
        ERROR,
        "A survey item with rules, a level named twice, or no level worth anything.",
    )
    RELATIVE_SETUP = (
        "DJ326",
        ERROR,
        "A rank or relative rule (points against the batch) outside the sections' items, or in "
        "a rubric with `assessors` or `periods`.",
    )
    # Findings
    RUBRIC_NOT_FOUND = "DJ401", ERROR, "The rubric the findings name cannot be found."
    RUBRIC_INVALID = "DJ402", ERROR, "The rubric the findings name has problems of its own."
    RUBRIC_MISMATCH = "DJ403", ERROR, "The rubric file given is not the one the findings name."
    UNKNOWN_ITEM = "DJ404", ERROR, "The rubric has no item with this id."
    UNKNOWN_RULE = "DJ405", ERROR, "The item has no rule with this id."
    SELF_SCORE_RANGE = "DJ406", ERROR, "A self score outside 0 to the item's standard score."
    FINDING_VALUE = "DJ407", ERROR, "A finding's value does not suit its rule's kind."
    NOT_APPLICABLE = (
        "DJ408",
        ERROR,
        "不适用 where the rubric allows none, on a bonus or penalty item, or everywhere.",
    )
    OVERRIDE = (
        "DJ409",
        ERROR,
        "An override outside 0 to the item's score (or the bonus or penalty cap), or with 不适用.",
    )
    NOT_FILLED = (
        "DJ410",
        ERROR,
        "A finding left empty, as `djkh init` writes it: not filled in yet.",
    )
    JUDGED_VALUE = (
        "DJ411",
        ERROR,
        "A judged finding outside the rule's range, or giving points without a `reason`.",
    )
    LEVEL_CHOICE = (
        "DJ412",
        ERROR,
        "A levels rule with no level chosen, several chosen, or a level the rule does not have.",
    )
    REFERENCE = (
        "DJ413",
        ERROR,
        "A rule that compares with a reference value whose finding gives none, or a `reference`, "
        "`scale` or `extra` the rule has no use for.",
    )
    UNIT_CLASS = (
        "DJ414",
        ERROR,
        "分类考核: a unit class missing, unknown, or findings for another class's item.",
    )
    SURVEY_VOTES = (
        "DJ415",
        ERROR,
        "Votes on an item that is not a survey, a level the survey lacks, or a survey without "
        "a valid ballot.",
    )
    SELF_SCORE_NEEDED = (
        "DJ416",
        ERROR,
        "The rubric weighs the self score in (自评占N%), and an item has no `self_score`.",
    )
    NOTHING_RECORDED = (
        "DJ417",
        ERROR,
        "A findings file records none of the items it is to assess: it would score full marks.",
    )
    PERIOD = (
        "DJ425",
        ERROR,
        "A findings file without the `period` its rubric's `periods` need, with a period the "
        "rubric does not list, or with one where the rubric has no periods.",
    )
    RELATIVE_VALUE = (
        "DJ426",
        ERROR,
        "A rank or relative rule without the unit's value: the unit cannot be placed in the batch.",
    )
    # Warnings: legal but suspicious
    RULE_EXCEEDS_ITEM = "DJ501", WARNING, "One hit of a rule deducts more than its item's score."
    ITEM_WITHOUT_RULES = "DJ502", WARNING, "An item has no rules, so nothing can ever be deducted."
    ITEM_NOT_RECORDED = "DJ503", WARNING, "A findings file has no entry for an item of its rubric."
    SELF_SCORE_MISSING = "DJ504", WARNING, "An item lacks a self score while other items have one."
    IGNORED_FINDINGS = (
        "DJ505",
        WARNING,
        "Findings recorded for an item marked not applicable are ignored.",
    )
    LOOKS_LIKE_FRACTION = (
        "DJ506",
        WARNING,
        "A value below 1 for a rule in % whose limit is above 1.",
    )
    TEXT_AMOUNT = (
        "DJ507",
        WARNING,
        "A rule's text states another amount (扣N分, 加N分) than its deduct or add.",
    )
    UNROUNDABLE_SCORE = (
        "DJ508",
        WARNING,
        "A score with more decimal places than the rubric's rounding keeps.",
    )
    RELATIVE_PENDING = (
        "DJ509",
        WARNING,
        "A unit scored alone under rank or relative rules: their points wait for the whole "
        "batch, and the score is provisional.",
    )
    # Batches: what one ranking cannot hold
    DUPLICATE_UNIT = "DJ601", ERROR, "Two findings files for the same unit and year."
    MIXED_YEARS = "DJ602", ERROR, "A batch mixes years: one ranking is one year."
    MISSING_PERIOD = (
        "DJ615",
        ERROR,
        "A unit lacks the findings of a period (or the year-end assessment) its rubric "
        "combines into the year: a missing period is never scored as 0.",
    )
    PERIOD_TWICE = "DJ616", ERROR, "Two findings files for the same unit, year and period."
    # Importing a committee's table (djkh import)
    TABLE_UNREADABLE = (
        "DJ701",
        ERROR,
        "`djkh import`: the .docx or .xlsx cannot be read (not one, too large, broken).",
    )
    NO_HEADER = (
        "DJ702",
        ERROR,
        "`djkh import`: no header row names the columns; name them with --column.",
    )
    ASSESSORS = (
        "DJ603",
        ERROR,
        "An assessor the rubric does not name (a rater group, or an owner where every item has "
        "one; a slip of an owner's name), or, among several files for one unit, an assessor "
        "unnamed or named twice, a rater group or an item's owner without a file.",
    )
    ASSESSOR_CONFLICT = (
        "DJ604",
        ERROR,
        "An item or rule recorded by another than its owner (in any file), or assessors of one "
        "unit disagreeing where the rubric does not resolve it: an item two record without an "
        "owner, different self scores, classes or 不适用.",
    )
    TRIMMED_MEAN = (
        "DJ605",
        ERROR,
        "A trimmed mean (去掉一个最高分和一个最低分) of fewer than three assessors.",
    )
