"""Each row of a form says what it is by a Role, and the HTML export names its rows' class by it."""

from __future__ import annotations

from djkh.checks.workspace import Workspace
from djkh.files.catalogue import RubricCatalogue
from djkh.render.form import Role, card_rows, rubric_rows
from djkh.scoring.engine import score_findings
from tests.conftest import EXAMPLES


def test_a_rubric_form_ends_each_section_with_a_subtotal_and_the_form_with_the_total() -> None:
    workspace = Workspace(RubricCatalogue.default(()))
    rubric = workspace.rubric(str(workspace.locate("wenzhou-jiguan@2007"))).value
    assert rubric is not None
    roles = [row.role for row in rubric_rows(rubric)]
    assert roles.count(Role.SUBTOTAL) == len(rubric.sections)
    assert roles.count(Role.ITEM) == sum(len(s.items) for s in rubric.sections)
    assert roles[-1] is Role.TOTAL


def test_a_card_has_one_row_per_item_subtotal_and_total() -> None:
    workspace = Workspace(RubricCatalogue.default(()))
    assessed = workspace.assessment(str(EXAMPLES / "示例局甲.yaml")).value
    assert assessed is not None
    card = score_findings(assessed.findings, assessed.rubric)
    rows = list(card_rows(card))
    assert {row.role for row in rows} <= set(Role)
    assert rows[-1].role is Role.TOTAL
    assert rows[-1].score == card.score


def test_a_role_reads_as_the_class_the_html_gives_its_row() -> None:
    assert [role.value for role in Role] == [
        "item",
        "subtotal",
        "weighted",
        "bonus",
        "penalty",
        "base",
        "total",
    ]
    assert f"{Role.BONUS}" == "bonus"
