"""砍价金额: the sequence drawn from a bargain's seed is the same every time, every cut is at least
1 fen, and the cuts add up exactly to price − floor."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.bargain.cuts import cut_sequence, cut_so_far


@given(seed=st.integers(0, 2**62 - 1), helpers=st.integers(1, 100), extra=st.integers(0, 1_000_000))
def test_the_cuts_are_reproducible_at_least_a_fen_and_sum_exactly(seed, helpers, extra):
    total = helpers + extra
    cuts = cut_sequence(seed, total, helpers)
    assert cuts == cut_sequence(seed, total, helpers)
    assert len(cuts) == helpers and min(cuts) >= 1 and sum(cuts) == total
    assert cut_so_far(seed, total, helpers, helpers) == total
    assert cut_so_far(seed, total, helpers, 0) == 0


def test_a_known_seed_gives_a_known_sequence():
    assert cut_sequence(42, 4_900, 5) == cut_sequence(42, 4_900, 5)
    assert cut_sequence(42, 4_900, 5) != cut_sequence(43, 4_900, 5)
    assert cut_sequence(7, 3, 3) == [1, 1, 1]  # exactly a fen each: nothing left to draw


def test_fewer_fen_than_helpers_cannot_be_cut():
    with pytest.raises(ValueError):
        cut_sequence(1, 2, 3)
