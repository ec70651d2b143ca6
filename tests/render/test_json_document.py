"""djkh's JSON writer: the json module's layout, with Decimals written exactly as numbers."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from typing import Any

from djkh.render.json_document import dump_bytes, dumps

TEXTS = [
    "",
    "示例局甲",
    'quote " and \\ backslash',
    "tab\tnew\nline\r",
    "\x00\x1f\x7f",
    "\u2028\u2029",
    "😀",
]


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    kinds = ["text", "int", "bool", "none", "float"] + (["dict", "list"] if depth < 4 else [])
    kind = rng.choice(kinds)
    if kind == "dict":
        return {
            rng.choice(TEXTS) + str(n): _random_value(rng, depth + 1)
            for n in range(rng.randrange(4))
        }
    if kind == "list":
        return [_random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {
        "text": lambda: rng.choice(TEXTS),
        "int": lambda: rng.randrange(-(10**18), 10**18),
        "bool": lambda: rng.random() < 0.5,
        "none": lambda: None,
        "float": lambda: rng.random(),
    }[kind]()


def test_the_layout_is_the_json_modules() -> None:
    rng = random.Random(7)
    for _ in range(500):
        value = _random_value(rng)
        assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_the_utf8_a_batch_writes_is_the_text_encoded() -> None:
    rng = random.Random(11)
    for _ in range(300):
        value = _random_value(rng)
        for indent in (0, 3):
            assert dump_bytes(value, indent) == dumps(value, indent).encode("utf-8")
    assert dump_bytes({"单位": "示例局甲😀"}) == '{\n  "单位": "示例局甲😀"\n}'.encode()


def test_decimals_are_exact_numbers() -> None:
    document = {"score": Decimal("83.50"), "lost": [Decimal("-2"), Decimal("1E+2"), Decimal("0.1")]}
    text = dumps(document)
    assert text == '{\n  "score": 83.5,\n  "lost": [\n    -2,\n    100,\n    0.1\n  ]\n}'
    assert json.loads(text, parse_float=Decimal) == {
        "score": Decimal("83.5"),
        "lost": [-2, 100, Decimal("0.1")],
    }
