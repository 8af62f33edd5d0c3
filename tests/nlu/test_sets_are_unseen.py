"""The evaluation sets are unseen: no line equals or nearly equals (≥ 0.9) a training example."""

from bench.nlu_sets import evaluation_files, normalised, overlaps, training_files


def test_no_evaluation_line_is_a_training_example_or_a_near_copy_of_one():
    found = overlaps(evaluation_files(), training_files())
    listing = "\n".join(
        f"{o.evaluation_file.name}: {o.evaluation_text!r} ~ {o.training_text!r}" for o in found
    )
    assert not found, f"{len(found)} evaluation lines seen in training:\n{listing}"


def test_every_language_has_dev_heldout_situation_and_health_sets():
    names = {path.name for path in evaluation_files()}
    for language in ("en", "ru"):
        assert {f"{language}.yml", f"{language}_situations.yml", f"{language}_health.yml"} <= names


def test_the_overlap_check_catches_a_copy_with_other_case_punctuation_markup_and_a_typo(tmp_path):
    training = tmp_path / "train.yml"
    training.write_text(
        'version: "3.1"\nnlu:\n- intent: search_vacancies\n  examples: |\n'
        "    - any [welder](occupation) jobs in [Kazan](location)?\n"
        "    - how long is the benefit paid\n",
        encoding="utf-8",
    )
    evaluation = tmp_path / "eval.yml"
    evaluation.write_text(
        'version: "3.1"\nnlu:\n- intent: search_vacancies\n  examples: |\n'
        "    - Any welder jobs in Kazan\n"
        "    - how long is the benifit paid?\n"
        "    - where is the office\n",
        encoding="utf-8",
    )
    found = overlaps([evaluation], [training])
    assert [o.evaluation_text for o in found] == [
        "Any welder jobs in Kazan",
        "how long is the benifit paid?",
    ]


def test_normalising_ignores_case_punctuation_yo_and_entity_markup():
    assert normalised("Ищу работу [водителем](occupation) в Орёл!") == normalised(
        "ищу работу водителем в орел"
    )
