"""Comparing the current model with the candidate (scripts/nlu_merge/gate.py)."""

from __future__ import annotations

from nlu_merge_project import scores

from scripts.nlu_merge.gate import changes, drops, explain, table


def test_an_unchanged_model_passes():
    same = [scores(right=9, wrong=1, caught=4, missed=1)]
    assert drops(changes(same, same), tolerance=0.0) == []


def test_any_fall_in_in_domain_accuracy_refuses_and_says_where_and_by_how_much():
    before = [scores("heldout", "en", right=10, caught=5), scores("heldout", "ru", right=10)]
    after = [scores("heldout", "en", right=10, caught=5), scores("heldout", "ru", right=9, wrong=1)]
    fallen = drops(changes(before, after), tolerance=0.0)
    assert [(c.set_name, c.language, c.figure) for c in fallen] == [
        ("heldout", "ru", "in-domain accuracy")
    ]
    assert explain(fallen) == ("- in-domain accuracy on heldout (ru) fell by 0.100: 1.000 → 0.900")


def test_any_fall_in_out_of_scope_recall_refuses():
    before = [scores("health", "en", caught=100)]
    after = [scores("health", "en", caught=99, missed=1)]
    fallen = drops(changes(before, after), tolerance=0.0)
    assert [c.figure for c in fallen] == ["out-of-scope recall"]


def test_a_fall_within_the_tolerance_passes_and_a_larger_one_does_not():
    before = [scores(right=100)]
    after = [scores(right=99, wrong=1)]
    assert drops(changes(before, after), tolerance=0.01) == []
    assert drops(changes(before, after), tolerance=0.009) != []


def test_false_fallback_is_shown_but_never_refuses_whichever_way_it_moves():
    wrong = [scores(right=8, wrong=2, caught=1)]
    fallback = [scores(right=8, fallback=2, caught=1)]
    for before, after in [(wrong, fallback), (fallback, wrong)]:
        found = changes(before, after)
        assert {c.figure for c in found if c.after != c.before} == {"false fallback"}
        assert drops(found, tolerance=0.0) == []


def test_a_figure_a_set_cannot_have_never_counts_as_a_fall():
    situations = [scores("situations", "ru", right=3, wrong=1)]  # no out-of-domain lines
    assert drops(changes(situations, situations), tolerance=0.0) == []


def test_the_table_shows_before_after_and_change_per_set_and_language():
    before = [scores("heldout", "en", right=9, wrong=1, caught=1), scores("health", "ru", caught=2)]
    after = [
        scores("heldout", "en", right=10, caught=1),
        scores("health", "ru", caught=1, missed=1),
    ]
    lines = table(changes(before, after)).splitlines()
    assert lines[0].split() == [
        "set", "lang", "in-domain", "accuracy", "out-of-scope", "recall", "false", "fallback"
    ]  # fmt: skip
    assert lines[1].split() == [
        "heldout", "en",
        "0.900", "→", "1.000", "(+0.100)",
        "1.000", "→", "1.000", "(+0.000)",
        "0.000", "→", "0.000", "(+0.000)",
    ]  # fmt: skip
    assert lines[2].split() == ["health", "ru", "—", "1.000", "→", "0.500", "(-0.500)", "—"]
