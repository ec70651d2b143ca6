"""A short, seeded fuzzing run through every command and format (tools/fuzz.py runs longer)."""

from __future__ import annotations

import os
import random

from tools import fuzz

# Enough cases to pass through every seed, mutation and format in a second or two; set
# DJKH_FUZZ_ITERATIONS (and DJKH_FUZZ_SEED) for a longer run, or run tools/fuzz.py.
ITERATIONS = int(os.environ.get("DJKH_FUZZ_ITERATIONS", "24"))
SEED = int(os.environ.get("DJKH_FUZZ_SEED", "20261130"))


def test_fuzzed_input_never_crashes_and_every_output_is_well_formed() -> None:
    summary = fuzz.run(ITERATIONS, SEED)
    assert [(case.number, failures) for case, failures in summary.failed] == []
    assert summary.scored >= ITERATIONS // 8  # not every case broken: scoring was reached too


def test_a_case_is_the_same_on_every_run() -> None:
    assert fuzz.make_case(5, SEED) == fuzz.make_case(5, SEED)
    assert fuzz.make_case(5, SEED) != fuzz.make_case(6, SEED)


def test_the_checks_catch_what_they_look_for() -> None:
    assert fuzz._parsed("junit", b"<a>\x01</a>", fuzz.ET.fromstring) != []
    assert fuzz._parsed("json", b"{", fuzz.json.loads) != []
    assert fuzz._parsed("html", b"<p><script>alert(1)</script>", fuzz._html) != []
    runs = {"a": fuzz._Run(0, b"", ""), "b": fuzz._Run(3, b"", "crash")}
    assert fuzz._statuses("score", runs) == [
        "djkh score --format b exited 3: crash",
        "djkh score: the formats disagree on the exit status: {'a': 0, 'b': 3}",
    ]


def test_mutations_change_the_text() -> None:
    rng = random.Random(1)
    text = fuzz.SEEDS[0][0].read_text(encoding="utf-8")
    assert sum(fuzz.mutate(text, rng) != text for _ in range(20)) >= 18
