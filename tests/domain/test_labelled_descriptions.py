"""The labelled descriptions the class suggestion is measured on (issue 23): at least 300, each
under a (class, sub-class) of the catalogue, every sub-class but 其他 covered, written for this
purpose (none is, nor contains, a sentence of the benchmark seeder)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from hall_desk.domain.catalogue import DEFAULT_CATALOGUE, DEFAULT_CATALOGUE_DATA
from hall_desk.domain.class_suggestion import ClassSuggester, accuracy

REPO = Path(__file__).resolve().parents[2]
LABELLED = REPO / "tests" / "data" / "labelled_descriptions.tsv"


def seeder_sentences() -> list[str]:
    """``STORIES`` of benchmarks/seed.py, read from its source (the seeder is not imported)."""
    tree = ast.parse((REPO / "benchmarks" / "seed.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "STORIES":
            stories = ast.literal_eval(node.value)  # type: ignore[arg-type]
            return [sentence for sentences in stories.values() for sentence in sentences]
    raise AssertionError("STORIES not found in benchmarks/seed.py")


def examples() -> list[tuple[str, str, str]]:
    rows = []
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            text, main, sub = line.split("\t")
            rows.append((text, main, sub))
    return rows


def test_at_least_300_varied_examples_over_the_catalogue() -> None:
    rows = examples()
    assert len(rows) >= 300
    assert len({text for text, _, _ in rows}) == len(rows)  # no example twice
    assert all(DEFAULT_CATALOGUE.find(main, sub) is not None for _, main, sub in rows)
    covered = {(main, sub) for _, main, sub in rows}
    wanted = {(m, s) for m, subs in DEFAULT_CATALOGUE_DATA.items() for s in subs if s != "其他"}
    assert covered == wanted


def test_none_is_taken_from_the_seeders_sentences() -> None:
    # The seeder's sentences with their figures left out: the fixed parts must not reappear.
    parts = {
        part
        for sentence in seeder_sentences()
        for part in re.split(r"\{[a-z]\}", sentence)
        if len(part) >= 6
    }
    assert parts
    assert [text for text, _, _ in examples() if any(p in text for p in parts)] == []


def test_the_suggestion_is_measured_on_them() -> None:
    found = accuracy(ClassSuggester(DEFAULT_CATALOGUE), examples())
    assert 0.0 < found["top1"] <= found["top3"] <= 1.0
