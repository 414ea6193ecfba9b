"""`by_identity`: a result kept for the very objects it was computed from, never for objects
that merely compare equal (an edited plan is a new object, equal or not)."""

from __future__ import annotations

from ltpif.framework.kept import by_identity


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
    for values in (a, b, a, b):
        length(values)
    assert computed == [a, b]  # both kept
    length(c)  # a third: the two kept are forgotten
    length(a)
    assert computed == [a, b, c, a]


def test_the_arguments_are_held_so_their_ids_are_not_reused():
    @by_identity(8)
    def name(obj: object) -> str:
        return f"object {id(obj)}"

    answers = {name(object()) for _ in range(5)}
    assert len(answers) == 5  # each new object its own: none took a kept one's id
