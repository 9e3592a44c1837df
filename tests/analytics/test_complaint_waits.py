"""How many reports waited on a complaint is said only where no group of fewer than the smallest allowed can be
told, even by taking the groups said from the total the other grouping of the same reports may give."""

from hypothesis import given, strategies as st

from fairinspect.analytics.selectors import FEWEST_TO_COUNT_COMPLAINT_WAITS as FEWEST, _countable_waits


@given(st.lists(st.integers(min_value=1, max_value=40), max_size=12))
def test_the_groups_left_unsaid_are_none_or_together_large_enough(sizes):
    says = _countable_waits(sizes)

    assert all(size >= FEWEST for size, said in zip(sizes, says) if said)
    unsaid = sum(size for size, said in zip(sizes, says) if not said)
    assert unsaid == 0 or unsaid >= FEWEST or not any(says)


def test_a_small_group_takes_the_smallest_said_one_with_it():
    assert _countable_waits([3, 12, 40]) == [False, False, True]
    assert _countable_waits([12, 40]) == [True, True]
    assert _countable_waits([4, 5]) == [False, False]
