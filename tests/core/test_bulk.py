"""`core.bulk`: what every import relies on to count created, updated and unchanged rows, and to write
rows while it is still reading them."""

import threading
import time
from datetime import date

import pytest
from django.db import connection, transaction

from fairinspect.core import bulk
from fairinspect.core.bulk import Upsert, upsert
from fairinspect.outcomes.models import HistoricOutcome
from fairinspect.schools.models import LocalAuthority, SchoolLink

pytestmark = pytest.mark.django_db


def links(rows):
    return upsert(SchoolLink, rows, key=("urn", "linked_urn", "link_type"), fields=("established_date",))


def stored_links():
    return sorted(SchoolLink.objects.values_list("urn", "linked_urn", "link_type", "established_date"))


def test_new_rows_are_created_and_the_same_rows_again_change_nothing():
    rows = {
        (100001, 100002, "Predecessor"): {"established_date": date(2020, 9, 1)},
        (100002, 100001, "Successor"): {"established_date": None},
    }

    assert links(rows) == (2, 0, 0)
    assert links(rows) == (0, 0, 2)
    assert stored_links() == [
        (100001, 100002, "Predecessor", date(2020, 9, 1)),
        (100002, 100001, "Successor", None),
    ]


@pytest.mark.parametrize(
    ("stored", "incoming"),
    [(None, date(2021, 1, 1)), (date(2021, 1, 1), None), (date(2021, 1, 1), date(2021, 1, 2))],
    ids=["blank to a date", "a date to blank", "one date to another"],
)
def test_a_changed_value_is_an_update_and_blank_counts_as_a_value(stored, incoming):
    key = (100001, 100002, "Predecessor")
    links({key: {"established_date": stored}, (100003, 100004, "Other"): {"established_date": None}})

    assert links({key: {"established_date": incoming}, (100003, 100004, "Other"): {"established_date": None}}) == (
        0, 1, 1,
    )  # fmt: skip
    assert SchoolLink.objects.get(urn=100001).established_date == incoming


def test_json_values_compare_by_content(frameworks):
    def import_grades(grades):
        row = {"urn": 100001, "framework_id": frameworks["eif-2019"].id, "start_date": date(2022, 3, 1)}
        row["grades"] = grades
        return upsert(HistoricOutcome, {"1": row}, key="inspection_number", fields=tuple(row))

    assert import_grades({"quality-of-education": "good"}) == (1, 0, 0)
    assert import_grades({"quality-of-education": "good"}) == (0, 0, 1)
    assert import_grades({"quality-of-education": "outstanding"}) == (0, 1, 0)
    assert HistoricOutcome.objects.get().grades == {"quality-of-education": "outstanding"}


def test_columns_not_given_take_the_model_defaults_when_new_and_are_left_alone_when_stored(frameworks):
    LocalAuthority.objects.create(code=202, name="Camden", region="London")
    names = {202: {"name": "London Borough of Camden"}, 203: {"name": "Greenwich"}}

    assert upsert(LocalAuthority, names, key="code", fields=("name",)) == (1, 1, 0)
    assert sorted(LocalAuthority.objects.values_list("code", "name", "region")) == [
        (202, "London Borough of Camden", "London"),
        (203, "Greenwich", ""),
    ]
    # A callable default (grades: dict) is called for each new row.
    row = {"urn": 100001, "framework_id": frameworks["eif-2019"].id, "start_date": date(2022, 3, 1)}
    assert upsert(HistoricOutcome, {"1": row, "2": row}, key="inspection_number", fields=tuple(row)) == (2, 0, 0)
    assert list(HistoricOutcome.objects.values_list("grades", "overall_grade")) == [({}, ""), ({}, "")]


def test_nothing_to_write_is_nothing_written():
    assert links({}) == (0, 0, 0)
    assert not SchoolLink.objects.exists()


def stored_authorities():
    return sorted(LocalAuthority.objects.values_list("code", "name", "region"))


@pytest.fixture
def camden_and_greenwich(db):
    LocalAuthority.objects.create(code=202, name="Camden", region="London")
    LocalAuthority.objects.create(code=203, name="Greenwich", region="London")


def test_new_and_known_rows_in_any_order_all_arrive(monkeypatch, camden_and_greenwich):
    # Streams switch between the table (new rows) and the staging table (known rows) every two rows
    # waiting, as they would every few thousand in a real file.
    monkeypatch.setattr(bulk, "SWITCH_AFTER", 2)
    rows = [
        (301, "Dudley"), (202, "London Borough of Camden"), (302, "Sandwell"), (303, "Walsall"), (304, "Wolverhampton"),
        (203, "Greenwich"), (305, "Coventry"),
    ]  # fmt: skip

    with Upsert(LocalAuthority, key="code", fields=("name",)) as authorities:
        for code, name in rows:
            authorities.add(code, {"name": name})

    assert authorities.counts == (5, 1, 1)
    assert stored_authorities() == [
        (202, "London Borough of Camden", "London"), (203, "Greenwich", "London"), (301, "Dudley", ""),
        (302, "Sandwell", ""), (303, "Walsall", ""), (304, "Wolverhampton", ""), (305, "Coventry", ""),
    ]  # fmt: skip


def test_withdrawn_rows_are_neither_created_nor_updated(camden_and_greenwich):
    with Upsert(LocalAuthority, key="code", fields=("name",)) as authorities:
        authorities.add(202, {"name": "London Borough of Camden"})
        authorities.add(203, {"name": "Royal Borough of Greenwich"})
        authorities.add(301, {"name": "Dudley"})
        authorities.add(302, {"name": "Sandwell"})
        authorities.withdraw(203)
        authorities.withdraw(302)

    assert authorities.counts == (1, 1, 0)
    assert stored_authorities() == [
        (202, "London Borough of Camden", "London"), (203, "Greenwich", "London"), (301, "Dudley", ""),
    ]  # fmt: skip


def test_an_exception_inside_the_block_leaves_the_database_as_it_was(monkeypatch, camden_and_greenwich):
    monkeypatch.setattr(bulk, "INSERT_BATCH", 10)  # so that SQLite, too, has inserted rows before the end
    before = stored_authorities()

    with pytest.raises(RuntimeError, match="a bad row further on"):
        with Upsert(LocalAuthority, key="code", fields=("name",)) as authorities:
            for code in range(301, 400):
                authorities.add(code, {"name": f"Authority {code}"})
            authorities.add(202, {"name": "London Borough of Camden"})
            raise RuntimeError("a bad row further on")

    assert stored_authorities() == before


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_upserts_of_the_same_new_keys_at_once_take_turns():
    """The second waits for the first to commit and then finds its keys stored, rather than also taking them
    for new and failing on the unique key."""
    rows = {code: {"name": f"Authority {code}", "region": ""} for code in (901, 902, 903)}
    first_written, first_may_commit = threading.Event(), threading.Event()
    outcomes = {}

    def run(name, upsert_rows):
        try:
            outcomes[name] = upsert_rows()
        except Exception as error:  # whatever it is, the outcome under test
            outcomes[name] = error
        finally:
            connection.close()

    def first():
        with transaction.atomic():
            counts = upsert(LocalAuthority, rows, key="code", fields=("name", "region"))
            first_written.set()
            first_may_commit.wait(timeout=30)
        return counts

    def second():
        more = {**rows, 904: {"name": "Authority 904", "region": ""}}
        return upsert(LocalAuthority, more, key="code", fields=("name", "region"))

    threads = [threading.Thread(target=run, args=("first", first))]
    threads[0].start()
    assert first_written.wait(timeout=30)
    threads.append(threading.Thread(target=run, args=("second", second)))
    threads[1].start()
    # Let the first commit only once the second is waiting on it (at the lock, or, without one, on a key).
    deadline = time.monotonic() + 10
    while not _waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.05)
    first_may_commit.set()
    for thread in threads:
        thread.join()

    assert outcomes == {"first": (3, 0, 0), "second": (1, 0, 3)}
    assert sorted(LocalAuthority.objects.values_list("code", flat=True)) == [901, 902, 903, 904]


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0
