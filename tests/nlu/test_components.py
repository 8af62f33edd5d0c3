"""The custom NLU components on Rasa messages: language, lemmas, chat commands, classifier."""

import numpy as np
import pytest
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from nlu.classifier import store_weights_by_column
from nlu.commands import ChatCommandParser
from nlu.language import LanguageDetector
from nlu.lemmas import Lemmatizer
from nlu.words import cyrillic_from_latin, is_russian_in_latin, lemma


def tokenized(text: str) -> Message:
    message = Message({TEXT: text})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    return message


def test_the_detected_language_is_part_of_the_parse_data():
    detector = LanguageDetector(LanguageDetector.get_default_config())
    russian, number = Message({TEXT: "сколько платят пособие"}), Message({TEXT: "1500"})
    detector.process([russian, number])
    assert russian.as_dict(only_output_properties=True)["language"] == {
        "code": "ru",
        "confidence": 1.0,
    }
    assert "language" not in number.as_dict(only_output_properties=True)


def test_russian_word_forms_share_a_lemma():
    assert lemma("водителем") == "водитель"
    assert lemma("Казани") == "казань"
    assert lemma("медсестры") == "медсестра"
    assert lemma("учёт") == lemma("учет") == "учет"
    assert lemma("Welders") == "welders"  # other scripts are only lower-cased


def test_the_lemmatizer_sets_token_lemmas():
    message = tokenized("ищу работу водителем в Казани")
    Lemmatizer().process([message])
    lemmas = [token.lemma for token in message.get(TOKENS_NAMES[TEXT])]
    assert lemmas == ["искать", "работа", "водитель", "в", "казань"]


def test_russian_in_latin_letters_gets_the_lemmas_of_the_russian_words():
    message = tokenized("skolko platyat posobie v Kazani")
    Lemmatizer().process([message])
    lemmas = [token.lemma for token in message.get(TOKENS_NAMES[TEXT])]
    assert lemmas == ["сколько", "платить", "пособие", "в", "казань"]


def test_english_words_are_never_read_as_translit():
    message = tokenized("how much is the posobie")
    Lemmatizer().process([message])
    assert [token.lemma for token in message.get(TOKENS_NAMES[TEXT])][:2] == ["how", "much"]


@pytest.mark.parametrize(
    ("latin", "russian"),
    [
        ("nakhoditsya", "находится"),
        ("tsentr", "центр"),
        ("dengi", "деньги"),
        ("skol'ko", "сколько"),
        ("zhelaniyu", "желанию"),
        ("nuzhny", "нужны"),
        ("elektrik", "электрик"),
        ("welder", None),
    ],
)
def test_informal_translit_spellings_become_known_russian_words(latin, russian):
    assert cyrillic_from_latin(latin) == russian


def parsed(text: str) -> dict:
    message = Message({TEXT: text})
    ChatCommandParser().process([message])
    return message.as_dict(only_output_properties=True)


def test_language_command_becomes_set_language_with_the_code():
    result = parsed("/language ru")
    assert result["intent"] == {"name": "set_language", "confidence": 1.0}
    assert [(e["entity"], e["value"]) for e in result["entities"]] == [("language", "ru")]


def test_language_command_without_argument_asks_for_a_language():
    result = parsed("/language")
    assert result["intent"]["name"] == "set_language"
    assert result["entities"] == []


def test_start_and_help_commands():
    assert parsed("/start")["intent"]["name"] == "greet"
    assert parsed("/help")["intent"]["name"] == "help"


def test_ordinary_text_is_left_to_the_classifier():
    assert "intent" not in parsed("language ru please")


@pytest.mark.parametrize(
    ("text", "russian"),
    [
        ("svyazhite menya s konsultantom", True),
        ("zdravstvuite dobryi den", True),
        ("posobie polozheno esli nikogda ne rabotal", True),
        ("internet bank problem", False),
        ("more money please", False),
        ("I need a job in Moscow", False),
    ],
)
def test_russian_typed_in_latin_letters_is_told_from_english(text, russian):
    assert is_russian_in_latin(text) is russian


def test_the_language_of_translit_russian_is_russian():
    detector = LanguageDetector(LanguageDetector.get_default_config())
    message = Message({TEXT: "svyazhite menya s konsultantom"})
    detector.process([message])
    assert message.get("language")["code"] == "ru"


def test_the_loaded_classifier_predicts_the_same_without_copying_its_weights():
    features = csr_matrix(np.array([[1.0, 0, 2], [0, 1, 0], [2, 0, 0], [0, 2, 1]]))
    clf = LogisticRegression().fit(features, ["a", "b", "c", "a"])
    before = clf.predict_proba(features)

    store_weights_by_column(clf)

    assert clf.coef_.T.flags["C_CONTIGUOUS"]
    assert (clf.predict_proba(features) == before).all()
