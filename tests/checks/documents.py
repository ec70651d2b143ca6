"""Small rubric and findings documents for the checks' unit tests, built from YAML text."""

from __future__ import annotations

from djkh.checks.structure import validate_structure
from djkh.files.document import Document
from djkh.files.loader import load_text
from djkh.model.findings import Findings
from djkh.model.rubric import Rubric

# Line numbers matter: the tests name the line each problem is reported at.
RUBRIC = """\
kind: rubric
id: t
version: '1'
title: 测试细则
total: 10
sections:
- id: s1
  title: 组织建设
  score: 6
  items:
  - id: study
    title: 学习制度
    score: 4
    rules:
    - id: plan
      text: 年初无计划扣2分
      deduct: 2
    - id: sessions
      text: 全年学习不少于6次，缺一次扣1分
      kind: shortfall
      required: 6
      unit: 次
      deduct: 1
  - id: life
    title: 组织生活
    score: 2
    rules:
    - id: missed
      text: 每少一次扣1分
      kind: count
      deduct: 1
- id: s2
  title: 作风建设
  score: 4
  items:
  - id: style
    title: 作风
    score: 4
    rules:
    - id: rate
      text: 出席率低于90%扣2分
      kind: threshold
      below: 90
      unit: '%'
      deduct: 2
"""

FINDINGS_HEAD = "kind: findings\nrubric: t@1\nunit: 示例局甲\nyear: 2007\n"


def document(text: str, name: str) -> Document:
    """`text` parsed as the file `name`; a YAML problem fails the test."""
    loaded = load_text(text, name)
    assert loaded.value is not None, loaded.problems
    return loaded.value


def rubric_document(text: str = RUBRIC) -> tuple[Document, Rubric]:
    """A rubric file's document and its model; the model must pass the structural check."""
    doc = document(text, "r.yaml")
    built = validate_structure(doc, Rubric)
    assert built.value is not None, built.problems
    return doc, built.value


def findings_document(items: str) -> tuple[Document, Findings | None]:
    """A findings file for rubric t@1 with `items` (YAML under `items:`) and its model, if any."""
    doc = document(f"{FINDINGS_HEAD}items:\n{items}", "f.yaml")
    return doc, validate_structure(doc, Findings).value


def edited(*replacements: tuple[str, str]) -> str:
    """The rubric with each (old, new) text replaced, once each."""
    text = RUBRIC
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text
