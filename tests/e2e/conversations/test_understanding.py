"""What the assistant makes of messages outside its domain and of bad input, with the real model.

A public service must never answer a question about something else with an official PES answer:
out-of-domain requests get the polite "that's not something I can help with" plus what it can do,
in the person's language; input without words gets a request to rephrase; nothing crashes.
"""

import pytest

pytestmark = pytest.mark.model

OUT_OF_SCOPE = {
    "en": "outside what I can help with",
    "ru": "с этим я помочь не могу",
}
REPHRASE = {"en": "didn't quite understand", "ru": "не совсем понял"}
FAQ_SOURCE = ("Source:", "Источник:")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("my bank froze my debit card this morning, how do I unlock it", "en"),
        ("is it safe to fly to Spain with a mild fever", "en"),
        ("how many grams of pasta per person", "en"),
        ("turn the living room lights off", "en"),
        ("банк заблокировал счёт без объяснения причин, что делать", "ru"),
        ("нужно ли делать прививку перед поездкой в Таиланд", "ru"),
        ("поставь напоминание оплатить интернет в пятницу", "ru"),
        ("сколько стоит замена масла в двигателе", "ru"),
    ],
)
async def test_out_of_domain_requests_get_the_polite_refusal_in_their_language(
    person, text, language
):
    reply = await person.say_text(text)
    assert OUT_OF_SCOPE[language] in reply
    assert not any(source in reply for source in FAQ_SOURCE)


@pytest.mark.parametrize("text", ["", "   ", "👍🙂", "?!?"])
async def test_input_without_words_is_asked_about_in_the_conversation_language(person, text):
    await person.say("здравствуйте")
    reply = await person.say_text(text)
    assert REPHRASE["ru"] in reply


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE intakes; --",
        "<script>alert('x')</script><b>hello</b>",
        "benefit " * 300,
        "Curriculum vitae. Experience: 2016-2021 warehouse operator, 2021-2024 forklift driver "
        "at a logistics company. Skills: forklift licence, stock control software, English B1. "
        "Education: vocational school, logistics. References on request.",
    ],
)
async def test_odd_input_gets_a_reply_and_never_a_crash(person, text):
    replies = await person.say(text)
    assert replies, "every message gets an answer"
    assert all(reply.get("text") or reply.get("buttons") for reply in replies)


async def test_russian_typed_in_latin_letters_is_answered_in_russian(person):
    reply = await person.say_text("skolko vremeni platyat posobie po bezrabotice")
    assert await person.slot("language") == "ru"
    assert "Источник:" in reply


async def test_a_personal_story_about_losing_a_job_gets_the_eligibility_answer(person):
    reply = await person.say_text(
        "I was furloughed in March and now my employer has closed for good. I'm 58 and worked "
        "there 20 years - can I still get unemployment money?"
    )
    assert "Source:" in reply
    assert OUT_OF_SCOPE["en"] not in reply


async def test_an_out_of_domain_question_inside_the_form_is_refused_and_the_question_repeated(
    person,
):
    await person.say("I want to register as a jobseeker")
    await person.say("yes")
    reply = await person.say_text("what's a good recipe for banana bread")
    assert OUT_OF_SCOPE["en"] in reply
    assert "full name" in reply.lower()
    assert "date of birth" in (await person.say_text("Anna Smith")).lower()
