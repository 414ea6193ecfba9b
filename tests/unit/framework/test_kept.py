"""`by_identity`: a result kept for the very objects it was computed from, never for objects
that merely compare equal (an edited plan is a new object, equal or not). `Latest`: per slot,
what was made from inputs that compare equal, made again when they change."""

from __future__ import annotations

from ltpif.framework.kept import Latest, by_identity


def test_a_result_is_kept_for_the_same_objects_only():
    computed = []

    @by_identity(4)
    def total(values: list[int]) -> int:
        computed.append(values)
        return sum(values)

    first, equal = [1, 2], [1, 2]
    assert (total(first), total(first), total(equal)) == (3, 3, 3)
    assert computed == [first, equal] and computed[1] is equal  # equal, not the same: again
    first.append(4)  # not how ltpif treats its records, but shows what is kept: by identity
    assert total(first) == 3


def test_at_most_size_results_are_kept():
    computed = []

    @by_identity(2)
    def length(values: tuple) -> int:
        computed.append(values)
        return len(values)

    a, b, c = (1,), (1, 2), (1, 2, 3)
    for values in (a, b, a, b, a):
        length(values)
    assert computed == [a, b]  # both kept
    length(c)  # a third: the least recently asked (b) is forgotten, a kept
    length(a)
    assert computed == [a, b, c]
    length(b)
    assert computed == [a, b, c, b]  # made again, and c (asked before a) forgotten for it
    length(a)
    length(c)
    assert computed == [a, b, c, b, c]


def test_the_arguments_are_held_so_their_ids_are_not_reused():
    @by_identity(8)
    def name(obj: object) -> str:
        return f"object {id(obj)}"

    answers = {name(object()) for _ in range(5)}
    assert len(answers) == 5  # each new object its own: none took a kept one's id


def test_latest_is_made_again_only_when_what_it_was_made_from_changes():
    made = []
    latest: Latest[str] = Latest(4)

    def make(text: str):
        return lambda: made.append(text) or text.upper()

    assert latest.get("page", ("v1", 3), make("a")) == "A"
    assert latest.get("page", ("v1", 3), make("b")) == "A"  # equal stamps, a new tuple: kept
    assert latest.get("other", ("v1", 3), make("c")) == "C"  # each slot its own
    assert latest.get("page", ("v2", 3), make("d")) == "D"  # the stamp changed: made again
    assert latest.get("page", ("v1", 3), make("e")) == "E"  # only the latest is kept
    assert made == ["a", "c", "d", "e"]


def test_latest_keeps_at_most_size_slots():
    made = []
    latest: Latest[int] = Latest(2)
    for slot in ("a", "b", "a", "b"):
        latest.get(slot, 0, lambda slot=slot: made.append(slot) or 0)
    assert made == ["a", "b"]  # both kept
    latest.get("c", 0, lambda: made.append("c") or 0)  # a third: the two kept are forgotten
    latest.get("b", 0, lambda: made.append("b") or 0)
    assert made == ["a", "b", "c", "b"]
