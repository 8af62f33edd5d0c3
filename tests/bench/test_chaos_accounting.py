"""`make chaos` counts lost, duplicated, late and apologised-for messages from what the
simulated people recorded: literal transcripts, literal figures."""

from bench.chaos_accounting import (
    ANSWER,
    APOLOGY,
    SILENT,
    Answer,
    Completion,
    Sent,
    Tally,
    classify,
    continued,
    history_completions,
    tally,
)

APOLOGIES = ("Sorry, I cannot answer",)


def test_each_message_is_answered_apologised_for_lost_or_duplicated_in_its_faults_phase() -> None:
    sent = [
        Sent("w1", "rasa", 10.0),
        Sent("w2", "rasa", 11.0),
        Sent("w3", "rasa", 12.0),
        Sent("w6", "rasa", 13.0),
        Sent("w4", "redis", 50.0),
        Sent("w5", "redis", 51.0),
    ]
    completions = [
        Completion("w1", 10.5, reply=ANSWER),
        Completion("w2", 16.5, reply=APOLOGY),
        Completion("w6", 13.4, reply=SILENT),  # `done` and not a word
        Completion("w4", 58.0, reply=ANSWER),  # 8 s: late with a 6 s deadline
        Completion("w4", 59.0, reply=ANSWER),  # handled twice
        Completion("w5", 51.2, reply=ANSWER),
        Completion("other", 1.0, reply=ANSWER),  # not sent in this run: ignored
    ]

    figures = tally(sent, completions, deadline_s=6.0)

    assert figures == {
        "rasa": Tally(
            sent=4, answered=1, apologised=1, silent=1, lost=1, duplicated=0, late=0, slowest_s=5.5
        ),
        "redis": Tally(
            sent=2, answered=2, apologised=0, lost=0, duplicated=1, late=1, slowest_s=8.0
        ),
    }


def test_the_first_completion_decides_between_answered_and_apologised() -> None:
    figures = tally(
        [Sent("t1", "gateway", 0.0)],
        [Completion("t1", 3.0, reply=ANSWER), Completion("t1", 2.0, reply=APOLOGY)],
        deadline_s=6.0,
    )

    assert figures["gateway"] == Tally(
        sent=1, answered=0, apologised=1, lost=0, duplicated=1, late=0, slowest_s=2.0
    )


def test_a_reply_found_in_the_history_after_a_reconnect_completes_a_waiting_message() -> None:
    history = [
        {"type": "user", "id": "p1-0", "text": "hello"},
        {"type": "bot", "text": "Hello! How can I help?"},
        {"type": "user", "id": "p1-1", "text": "documents?"},
        {"type": "bot", "text": "Sorry, I cannot answer right now."},
        {"type": "user", "id": "p1-2", "text": "benefit?"},  # never answered
        {"type": "user", "id": "p1-3", "text": "thanks"},
        {"type": "bot", "text": "You are welcome."},
    ]

    found = history_completions(history, ["p1-1", "p1-2", "p1-3"], 70.0, APOLOGIES)

    assert found == [
        Completion("p1-1", 70.0, reply=APOLOGY),
        Completion("p1-3", 70.0, reply=ANSWER),
    ]


def test_a_reply_is_an_apology_only_when_every_message_of_it_is_one() -> None:
    assert [
        classify([], APOLOGIES),
        classify(["Sorry, I cannot answer right now."], APOLOGIES),
        classify(["Sorry, I cannot answer right now.", "Here are the documents:"], APOLOGIES),
        classify(["Hello!"], APOLOGIES),
    ] == [SILENT, APOLOGY, ANSWER, ANSWER]


def test_a_conversation_continued_when_the_final_history_keeps_what_came_before_the_fault() -> None:
    answers = [
        Answer("anna", "a1", 5.0),
        Answer("anna", "a2", 9.0),
        Answer("anna", "a3", 40.0),
        Answer("boris", "b1", 8.0),
        Answer("boris", "b2", 35.0),
        Answer("clara", "c1", 7.0),  # not answered after the recovery: cannot tell
        Answer("dmitri", "d1", 15.0),  # answered while the part was down
        Answer("dmitri", "d2", 33.0),
    ]
    history = {"anna": {"a1", "a2", "a3"}, "boris": {"b2"}, "clara": {"c1"}}

    assert continued(answers, killed_at=10.0, recovered_at=30.0, final_history=history) == (1, 2)
