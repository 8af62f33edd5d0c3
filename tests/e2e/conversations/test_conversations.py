"""Whole conversations with the trained model and the real action server, in both languages."""

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.model


async def test_a_russian_greeting_gets_a_russian_menu(person):
    [reply] = await person.say("Здравствуйте")
    assert "Демо-службы занятости" in reply["text"]
    assert [b["payload"] for b in reply["buttons"]] == [
        "/register_start",
        "/estimate_benefit",
        "/search_vacancies",
        "/human_handoff",
    ]
    assert await person.slot("language") == "ru"


async def test_faq_answers_come_in_the_language_asked(person):
    english = await person.say_text("which documents do I need to register?")
    assert "ID card or passport" in english
    russian = await person.say_text("какие документы нужны для постановки на учет")
    assert "паспорт" in russian
    assert "Источник:" in russian


async def test_distinct_answers_to_benefit_questions(person):
    duration = await person.say_text("how long is unemployment benefit paid?")
    payment = await person.say_text("when is the benefit paid out?")
    assert "180" in duration
    assert duration != payment
    assert "10th" in payment or "10" in payment


async def test_a_number_keeps_the_language_and_an_explicit_switch_wins(person):
    await person.say("привет")
    await person.say("12345")
    assert await person.slot("language") == "ru"
    switched = await person.say_text("/language en")
    assert "English" in switched
    await person.say("сколько платят пособие")  # Russian text, but English was chosen explicitly
    assert await person.slot("language") == "en"


async def test_pre_registration_end_to_end_in_russian(person, e2e_database_url):
    assert "согласны" in await person.say_text("хочу встать на учёт как безработный")
    assert "зовут" in await person.say_text("да")
    assert "рождения" in await person.say_text("Смирнова Ольга Петровна")
    invalid = await person.say_text("31.02.1990")
    assert "Не получилось распознать дату" in invalid
    assert "связаться" in await person.say_text("12.05.1988")
    assert "город" in await person.say_text("+7 912 345-67-89")
    assert "ситуация" in await person.say_text("Казань")
    await person.say('/inform{"employment_status": "unemployed"}')
    assert "образования" in await person.say_text("сварщик")
    summary = await person.say_text('/inform{"education_level": "vocational"}')
    assert "Смирнова Ольга Петровна" in summary
    assert "12.05.1988" in summary
    assert "Профессиональное" in summary
    done = await person.say_text("да")
    assert "номер заявки" in done
    reference = done.split("**")[1]
    assert reference.startswith("DP-")

    engine = create_engine(e2e_database_url)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT full_name, contact, language FROM intakes WHERE reference = :r"),
            {"r": reference},
        ).one()
    assert tuple(row) == ("Смирнова Ольга Петровна", "+79123456789", "ru")

    status = await person.say_text("какой статус у моей заявки?")
    assert reference in status


async def test_cancelling_the_form_keeps_nothing(person, e2e_database_url):
    await person.say("I want to register")
    await person.say("yes")
    await person.say("Anna Smith")
    cancelled = await person.say_text("stop")
    assert "Nothing you typed" in cancelled
    assert await person.slot("full_name") is None


async def test_an_faq_inside_the_form_is_answered_and_the_form_goes_on(person):
    await person.say("sign me up as a jobseeker")
    await person.say("yes")
    replies = await person.say_text("can foreigners register too?")
    assert "residence permit" in replies
    assert "full name" in replies  # asked again


async def test_benefit_estimate_end_to_end_in_english(person):
    assert "monthly gross wage" in await person.say_text(
        "how much unemployment benefit would I get?"
    )
    assert "Please type your average monthly gross wage" in await person.say_text("-500")
    await person.say("1500")
    await person.say("30 months")
    await person.say("7 years")
    estimate = await person.say_text("no")
    assert "30.00" in estimate  # 60% of 50.00 a day
    assert "270" in estimate
    assert "https://demo-pes.example/benefits/unemployment-insurance" in estimate


async def test_not_enough_insured_work_is_explained_in_russian(person):
    await person.say("рассчитайте моё пособие по безработице")
    await person.say("1200")
    await person.say("8")
    await person.say("3 года")
    answer = await person.say_text("нет")
    assert "12" in answer
    assert "8" in answer


async def test_off_topic_answers_inside_the_form_get_the_question_again(person):
    await person.say("I want to register")
    again = await person.say_text("I want to register")  # no rule for this inside the form
    assert "Do you agree?" in again
    assert "not sure how to help" not in again
    assert "Do you agree?" in await person.say_text("Anna Smith")  # a name is not a yes or no


async def test_saying_no_at_the_summary_lets_the_person_change_a_field(person):
    for answer in ("I want to register", "yes", "Anna Smith", "23.04.1990", "+372 5123 4567"):
        await person.say(answer)
    await person.say("Demo City")
    await person.say('/inform{"employment_status": "student"}')
    await person.say("none")
    summary = await person.say_text('/inform{"education_level": "higher"}')
    assert "+37251234567" in summary
    assert "Student" in summary
    assert "None yet" in summary
    which = await person.say("no")
    assert "Which detail" in which[0]["text"]
    assert any(b["payload"].startswith("/correct_registration") for b in which[-1]["buttons"])
    assert "phone number" in await person.say_text('/correct_registration{"field": "contact"}')
    corrected = await person.say_text("anna.smith@example.com")
    assert "anna.smith@example.com" in corrected
    assert "Is everything correct?" in corrected


async def test_restart_forgets_the_form_in_progress(person):
    await person.say("хочу встать на учёт")
    await person.say("да")
    await person.say("/restart")
    assert await person.slot("consent") is None
    assert "Здравствуйте" in await person.say_text("привет")


async def test_job_search_in_russian_with_word_forms_paging_and_details(person):
    replies = await person.say("ищу работу водителем в Москве")
    header, first, *_ = replies
    assert header["text"].startswith("Нашлось вакансий:")
    assert "Москва" in first["text"]
    assert "одител" in first["text"]  # Водитель…, Водителя…
    navigation = [b["payload"] for b in replies[-1]["buttons"][-3:]]
    assert navigation == ["/show_more", "/subscribe_alerts", "/new_search"]
    shown = {m["buttons"][0]["payload"] for m in replies[1:]}

    more = await person.say("покажи ещё")
    assert more and not ({m["buttons"][0]["payload"] for m in more} & shown)

    details_payload = first["buttons"][0]["payload"]
    [details] = await person.say(details_payload)
    assert "Обязанности:" in details["text"]
    assert "График:" in details["text"]


async def test_job_search_in_english_asks_for_what_is_missing(person):
    question = await person.say_text("I'm looking for a job")
    assert "What kind of job" in question
    assert "which city" in (await person.say_text("welder")).lower()
    results = await person.say("anywhere")
    assert results[0]["text"].startswith("I found")
    assert any("elder" in m["text"] for m in results[1:])
