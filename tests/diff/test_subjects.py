"""What changed is named by a Part of the rubric, read as the reader sees it."""

from __future__ import annotations

import pytest

from djkh.diff.kinds import Part, Subject


@pytest.mark.parametrize(
    ("subject", "shown"),
    [
        (Subject(Part.RUBRIC), "rubric"),
        (Subject(Part.SECTION, "s1"), "section s1"),
        (Subject(Part.ITEM, "plan"), "item plan"),
        (Subject(Part.BONUS_ITEM, "award"), "bonus item award"),
        (Subject(Part.PENALTY_ITEM, "criticism"), "penalty item criticism"),
        (Subject(Part.CLASS, "office"), "class office"),
        (Subject(Part.RULE, "late", "plan"), "rule plan/late"),
    ],
)
def test_a_subject_reads_as_its_part_and_id(subject: Subject, shown: str) -> None:
    assert str(subject) == shown


def test_a_part_is_the_type_the_json_diff_shows() -> None:
    assert [part.value for part in Part] == [
        "rubric",
        "section",
        "item",
        "bonus item",
        "penalty item",
        "class",
        "rule",
    ]
