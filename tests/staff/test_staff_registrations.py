"""Registration requests: a masked list and detail, status changes, an admin's audited reveal;
on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date

from support.staff_console import Console, moment, unique_name

from bot.app import DATABASE
from common.storage.intakes import IntakeRecord, IntakeStore, NewIntake
from relay.conversation_log import CONVERSATION_LOG


async def register(console: Console, name: str = "Anna Ivanova") -> IntakeRecord:
    return await IntakeStore(console.app[DATABASE]).create(
        NewIntake(
            sender_id=f"telegram:{unique_name('r')}",
            channel="telegram",
            language="ru",
            full_name=name,
            birth_date=date(1988, 5, 12),
            contact="+79123456789",
            contact_kind="phone",
            region="Казань",
            employment_status="unemployed",
            consent_given_at=moment(),
            last_occupation="welder",
            education_level="vocational",
        )
    )


async def test_the_list_is_newest_first_and_masked(console_on_each_database: Console) -> None:
    console = console_on_each_database
    first = await register(console, "Anna Ivanova")
    second = await register(console, "Boris Petrov")
    await console.log_in(await console.add_user("reviewer"))

    page = await (await console.get("/staff/registrations")).text()

    assert "Requests: 2" in page
    assert page.index(second.reference) < page.index(first.reference)
    assert "A*** I***" in page and "B*** P***" in page
    assert "Anna" not in page and "Petrov" not in page


async def test_the_detail_hides_name_birth_date_and_contact(
    console_on_each_database: Console,
) -> None:
    console = console_on_each_database
    intake = await register(console)
    await console.log_in(await console.add_user("reviewer"))

    page = await (await console.get(f"/staff/registrations/{intake.reference}")).text()

    assert "+7********89" in page
    assert "1988" not in page and "Ivanova" not in page and "9123456" not in page
    assert "welder" in page and "unemployed" in page
    assert "Show personal data" not in page  # reviewers cannot reveal


async def test_a_reviewer_moves_a_request_through_its_statuses(
    console_on_each_database: Console,
) -> None:
    console = console_on_each_database
    intake = await register(console)
    other = await register(console, "Boris Petrov")
    await console.log_in(await console.add_user("reviewer"))
    path = f"/staff/registrations/{intake.reference}"

    contacted = await console.post(f"{path}/status", {"status": "contacted"})
    wrong = await console.post(f"{path}/status", {"status": "forgotten"})

    assert contacted.status == 303
    assert (
        "The status was saved."
        in await (await console.client.get(contacted.headers["Location"])).text()
    )
    assert wrong.status == 400
    assert "Choose one of the statuses" in await wrong.text()
    listed = await (await console.get("/staff/registrations?status=contacted")).text()
    assert intake.reference in listed and other.reference not in listed
    stored = await IntakeStore(console.app[DATABASE]).by_reference(intake.reference)
    assert stored is not None and stored.status == "contacted"


async def test_an_admin_reveals_a_request_with_a_reason_and_it_is_audited(
    console_on_each_database: Console,
) -> None:
    console = console_on_each_database
    intake = await register(console)
    await console.log_in(await console.add_user("admin"))
    path = f"/staff/registrations/{intake.reference}"

    without_reason = await console.post(f"{path}/reveal", {"reason": ""})
    revealed = await console.post(f"{path}/reveal", {"reason": "call back about the appointment"})

    assert without_reason.status == 400
    page = await revealed.text()
    assert "Anna Ivanova" in page and "+79123456789" in page and "1988-05-12" in page
    [entry] = await console.app[CONVERSATION_LOG].audit_log(action="reveal")
    assert entry.target == f"intake:{intake.reference}"
    assert entry.reason == "call back about the appointment"


async def test_an_unknown_reference_is_a_polite_404(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))

    response = await console.get("/staff/registrations/DP-000000")

    assert response.status == 404
    assert "There is nothing here" in await response.text()
