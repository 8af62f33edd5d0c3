"""The intake store keeps pre-registrations safe, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import asyncio
import multiprocessing
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from multiprocessing.synchronize import Barrier

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from common.storage import IntakeRecord, IntakeStore, NewIntake, make_engine, upgrade
from common.storage.migrate import alembic_config
from common.storage.models import Base, Intake

REFERENCE = re.compile(r"DP-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{6}")
CONSENT = datetime(2025, 3, 1, 12, 30, tzinfo=timezone(timedelta(hours=3)))

ANNA = NewIntake(
    sender_id="telegram:1001",
    channel="telegram",
    language="ru",
    full_name="Анна Иванова",
    birth_date=date(1988, 5, 12),
    contact="+7 912 345-67-67",
    contact_kind="phone",
    region="Казань",
    employment_status="unemployed",
    consent_given_at=CONSENT,
    last_occupation="сварщик",
    education_level="vocational",
)


@pytest.fixture
def store(engine: Engine) -> IntakeStore:
    return IntakeStore(engine)


def pinned(*references: str) -> Callable[[str], str]:
    """A reference generator that draws the given references, in order."""
    draws = iter(references)
    return lambda prefix: next(draws)


def count_intakes(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(Intake)).scalar_one())


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


async def test_a_new_intake_is_stored_with_a_readable_reference(store: IntakeStore) -> None:
    record = await store.create(ANNA)

    assert REFERENCE.fullmatch(record.reference)
    assert record.status == "new"
    assert (record.sender_id, record.full_name, record.birth_date) == (
        "telegram:1001",
        "Анна Иванова",
        date(1988, 5, 12),
    )
    assert (record.contact, record.contact_kind) == ("+7 912 345-67-67", "phone")
    assert (record.last_occupation, record.education_level) == ("сварщик", "vocational")
    assert record.consent_given_at == CONSENT
    assert record.consent_given_at.tzinfo == timezone.utc
    assert record.created_at.tzinfo == timezone.utc
    assert record.updated_at == record.created_at
    assert await store.by_reference(record.reference) == record


async def test_optional_answers_may_be_missing(store: IntakeStore) -> None:
    record = await store.create(replace(ANNA, last_occupation=None, education_level=None))

    stored = await store.by_reference(record.reference)
    assert stored is not None
    assert (stored.last_occupation, stored.education_level) == (None, None)


async def test_references_stay_unique_over_many_intakes_created_at_once(
    store: IntakeStore, engine: Engine
) -> None:
    records = await asyncio.gather(
        *(store.create(replace(ANNA, sender_id=f"web:{n}")) for n in range(120))
    )

    references = {record.reference for record in records}
    assert len(references) == 120
    assert all(REFERENCE.fullmatch(reference) for reference in references)
    assert count_intakes(engine) == 120


async def test_a_reference_collision_is_retried_with_a_fresh_draw(engine: Engine) -> None:
    store = IntakeStore(engine, generate_reference=pinned("DP-AAAAAA", "DP-AAAAAA", "DP-BBBBBB"))

    first = await store.create(ANNA)
    second = await store.create(replace(ANNA, sender_id="telegram:2002"))

    assert (first.reference, second.reference) == ("DP-AAAAAA", "DP-BBBBBB")
    assert count_intakes(engine) == 2


async def test_the_reference_prefix_is_configurable(engine: Engine) -> None:
    store = IntakeStore(engine, reference_prefix="KZN")

    record = await store.create(ANNA)

    assert re.fullmatch(r"KZN-[0-9A-Z]{6}", record.reference)
    assert await store.by_reference(record.reference.lower()) == record


def test_a_prefix_that_could_not_be_read_back_is_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="prefix"):
        IntakeStore(engine, reference_prefix="dp-")


async def test_latest_for_sender_is_the_newest_intake_of_that_sender(store: IntakeStore) -> None:
    await store.create(replace(ANNA, region="Москва"))
    await store.create(replace(ANNA, sender_id="telegram:2002", region="Пермь"))
    newest = await store.create(replace(ANNA, region="Казань"))
    await store.create(replace(ANNA, sender_id="telegram:2002", region="Самара"))

    assert await store.latest_for_sender("telegram:1001") == newest
    assert await store.latest_for_sender("telegram:9999") is None


@pytest.mark.parametrize(
    "typed",
    ["DP-0K1M9Q", "dp-0k1m9q", " dp 0k1 m9q ", "DP0K1M9Q", "dp – 0k1m9q", "DP-OKIM9Q", "dp-0klm9q"],
)
async def test_by_reference_forgives_case_spaces_dashes_and_lookalikes(
    engine: Engine, typed: str
) -> None:
    store = IntakeStore(engine, generate_reference=pinned("DP-0K1M9Q"))
    record = await store.create(ANNA)

    assert await store.by_reference(typed) == record


@pytest.mark.parametrize("typed", ["DP-0K1M9R", "DP-0K1M9", "XX-0K1M9Q", "", "my number?"])
async def test_by_reference_finds_nothing_for_another_reference(engine: Engine, typed: str) -> None:
    store = IntakeStore(engine, generate_reference=pinned("DP-0K1M9Q"))
    await store.create(ANNA)

    assert await store.by_reference(typed) is None


async def test_set_status_moves_an_intake_along(store: IntakeStore) -> None:
    record = await store.create(ANNA)

    contacted = await store.set_status(record.reference.lower(), "contacted")

    assert contacted is not None
    assert contacted.status == "contacted"
    assert contacted.updated_at >= record.updated_at
    assert contacted.created_at == record.created_at
    assert await store.by_reference(record.reference) == contacted

    await store.set_status(record.reference, "done")
    done = await store.by_reference(record.reference)
    assert done is not None and done.status == "done"


async def test_set_status_refuses_an_unknown_status_and_changes_nothing(
    store: IntakeStore,
) -> None:
    record = await store.create(ANNA)

    with pytest.raises(ValueError, match="archived"):
        await store.set_status(record.reference, "archived")

    assert await store.by_reference(record.reference) == record


async def test_set_status_of_an_unknown_reference_is_none(store: IntakeStore) -> None:
    assert await store.set_status("DP-ZZZZZZ", "done") is None


async def test_upgrading_again_is_harmless(database_url: str, store: IntakeStore) -> None:
    record = await store.create(ANNA)

    upgrade(database_url)
    upgrade(database_url)

    assert await store.by_reference(record.reference) == record
    assert await store.latest_for_sender(ANNA.sender_id) == record


async def test_nothing_is_lost_when_the_process_starts_again(database_url: str) -> None:
    upgrade(database_url)
    first_engine = make_engine(database_url)
    created: list[IntakeRecord] = []
    for n in range(5):
        created.append(await IntakeStore(first_engine).create(replace(ANNA, sender_id=f"s:{n}")))
    first_engine.dispose()

    upgrade(database_url)
    second_engine = make_engine(database_url)
    try:
        again = IntakeStore(second_engine)
        for record in created:
            assert await again.by_reference(record.reference) == record
            assert await again.latest_for_sender(record.sender_id) == record
    finally:
        second_engine.dispose()


def upgrade_together(start: Barrier, database_url: str) -> None:
    """Runs in a child process: wait until every process is ready, then upgrade."""
    start.wait(timeout=60)
    upgrade(database_url)


def test_several_processes_may_upgrade_a_new_database_at_once(database_url: str) -> None:
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(4)
    processes = [
        spawn.Process(target=upgrade_together, args=(start, database_url)) for _ in range(4)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)

    assert [process.exitcode for process in processes] == [0, 0, 0, 0]
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) == head_revision()
        assert count_intakes(engine) == 0
    finally:
        engine.dispose()


def test_the_migrations_build_exactly_the_schema_of_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)

    assert differences == []
    assert current_revision(engine) == head_revision()


async def test_the_database_refuses_what_the_models_do_not_allow(
    engine: Engine, store: IntakeStore
) -> None:
    record = await store.create(ANNA)

    def write_unknown_status() -> None:
        with engine.begin() as connection:
            connection.execute(Intake.__table__.update().values(status="lost"))

    with pytest.raises(IntegrityError, match=r"(?i)check"):
        write_unknown_status()
    assert await store.by_reference(record.reference) == record


def test_personal_data_stays_out_of_repr() -> None:
    shown = repr(ANNA)

    assert "telegram:1001" in shown
    for personal in ("Анна", "Иванова", "1988", "345-67-67"):
        assert personal not in shown


@pytest.mark.parametrize(
    ("field", "value"),
    [("contact_kind", "fax"), ("consent_given_at", datetime(2025, 3, 1, 12, 30))],
)
def test_a_new_intake_needs_a_known_contact_kind_and_an_aware_consent_time(
    field: str, value: object
) -> None:
    with pytest.raises(ValueError, match=field):
        replace(ANNA, **{field: value})
