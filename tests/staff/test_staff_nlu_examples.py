"""Collecting misunderstood messages as NLU examples, and downloading them as Rasa NLU YAML."""

from __future__ import annotations

from pathlib import Path

from support.rasa_reads import nlu_examples
from support.staff_console import Console, conversation, moment, unique_name

from relay.conversation_log import CONVERSATION_LOG
from staff.nlu_store import CollectedExample, clean_example, nlu_yaml


async def misunderstood(console: Console, text: str, language: str = "en") -> tuple[int, int]:
    """A conversation whose first message fell back; returns (conversation id, message id)."""
    sender = f"webchat:{unique_name('nlu')}"
    ids = await console.record(
        *conversation(sender, text=text, intent="nlu_fallback", confidence=0.2, language=language)
    )
    transcript = await console.app[CONVERSATION_LOG].transcript(ids[0])
    message = next(event for event in transcript.events if event.kind == "user")
    return ids[0], message.id


async def test_a_reviewer_collects_a_message_with_the_right_intent(
    console_on_each_database: Console, tmp_path: Path
) -> None:
    console = console_on_each_database
    await console.log_in(await console.add_user("reviewer"))
    conversation_id, message_id = await misunderstood(
        console, "how much money will i get, call +7 912 345-67-89"
    )
    await misunderstood(console, "сколько денег я получу", language="ru")
    path = f"/staff/conversations/{conversation_id}/messages/{message_id}/nlu-example"

    form = await (await console.get(path)).text()
    assert "+7 *** ***-**-89" in form  # the form starts from the masked text
    assert '<option value="faq/benefit_duration">' in form  # retrieval intents by their topics
    saved = await console.post(
        path, {"text": "how much money will i get", "intent": "estimate_benefit"}
    )
    assert saved.status == 303
    assert saved.headers["Location"].endswith("?done=nlu_collected")
    listing = await (await console.get("/staff/nlu-examples")).text()
    assert "how much money will i get" in listing
    assert "nlu_fallback" in listing  # what it was understood as

    download = await console.get("/staff/nlu-examples.yml")
    data_file = tmp_path / "nlu.yml"
    data_file.write_text(await download.text(), encoding="utf-8")
    assert nlu_examples(data_file) == [("how much money will i get", "estimate_benefit")]


async def test_the_intent_must_come_from_the_domain(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))
    conversation_id, message_id = await misunderstood(console, "blah")
    path = f"/staff/conversations/{conversation_id}/messages/{message_id}/nlu-example"

    response = await console.post(path, {"text": "blah", "intent": "made_up_intent"})

    assert response.status == 400
    assert "Choose the correct intent from the list." in await response.text()
    assert "blah" not in await (await console.get("/staff/nlu-examples")).text()


async def test_only_a_persons_message_of_that_conversation_can_be_collected(
    console: Console,
) -> None:
    await console.log_in(await console.add_user("reviewer"))
    first, message = await misunderstood(console, "one")
    second, _ = await misunderstood(console, "two")

    wrong_conversation = await console.get(
        f"/staff/conversations/{second}/messages/{message}/nlu-example"
    )
    bot_message = await console.get(
        f"/staff/conversations/{first}/messages/{message + 2}/nlu-example"
    )

    assert wrong_conversation.status == 404
    assert bot_message.status == 404


async def test_an_example_can_be_deleted(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))
    conversation_id, message_id = await misunderstood(console, "what papers")
    path = f"/staff/conversations/{conversation_id}/messages/{message_id}/nlu-example"
    await console.post(path, {"text": "what papers", "intent": "faq/registration_documents"})
    listing = await (await console.get("/staff/nlu-examples")).text()
    example_id = listing.split('action="/staff/nlu-examples/')[1].split("/")[0]

    response = await console.post(f"/staff/nlu-examples/{example_id}/delete")

    assert response.status == 303
    assert "what papers" not in await (await console.get("/staff/nlu-examples")).text()


def example(number: int, text: str, intent: str) -> CollectedExample:
    return CollectedExample(number, 1, number, text, intent, None, "en", "anna", moment())


def test_the_yaml_groups_examples_by_intent_and_keeps_entity_markup_out() -> None:
    examples = [
        example(1, "hi [there]", "greet"),
        example(2, "hello\nyou", "greet"),
        example(3, "hello you", "greet"),
        example(4, "жильё", "faq/housing"),
    ]

    assert nlu_yaml(examples) == (
        'version: "3.1"\n'
        "nlu:\n"
        "- intent: faq/housing\n"
        "  examples: |\n"
        "    - жильё\n"
        "- intent: greet\n"
        "  examples: |\n"
        "    - hi (there)\n"
        "    - hello you\n"
    )
    assert nlu_yaml([]) == 'version: "3.1"\nnlu: []\n'
    assert clean_example("  a \t b\n") == "a b"
