"""Which Rasa worker answers whom: fixed per person, and only a leaving worker's people move."""

from relay.routing import ranked

A, B, C = "http://127.0.0.1:5005", "http://127.0.0.1:5006", "http://127.0.0.1:5007"


def test_each_person_has_a_fixed_order_of_workers() -> None:
    assert ranked("webchat:anna", [A, B]) == [B, A]
    assert ranked("telegram:1001", [A, B]) == [A, B]
    assert ranked("webchat:boris", [A, B]) == [A, B]
    assert ranked("telegram:42", [A, B]) == [B, A]


def test_the_order_does_not_depend_on_how_the_workers_are_listed() -> None:
    assert ranked("webchat:anna", [B, A]) == [B, A]
    assert ranked("telegram:42", [C, B, A]) == [B, C, A]


def test_a_third_worker_takes_some_people_and_leaves_the_others_where_they_were() -> None:
    people = ["webchat:anna", "telegram:1001", "webchat:boris", "telegram:42", "webchat:chen"]

    with_two = {person: ranked(person, [A, B])[0] for person in people}
    with_three = {person: ranked(person, [A, B, C])[0] for person in people}

    assert with_two == {
        "webchat:anna": B,
        "telegram:1001": A,
        "webchat:boris": A,
        "telegram:42": B,
        "webchat:chen": A,
    }
    assert with_three == {**with_two, "webchat:chen": C}


def test_when_a_worker_leaves_only_its_people_move_each_to_their_second_choice() -> None:
    assert ranked("webchat:chen", [A, B, C]) == [C, A, B]
    assert ranked("telegram:7", [A, B, C]) == [C, A, B]
    assert ranked("webchat:chen", [A, B])[0] == A
    assert ranked("telegram:7", [A, B])[0] == A
    assert ranked("webchat:anna", [A, B, C])[0] == ranked("webchat:anna", [A, B])[0] == B
