"""The cuts of one bargain (砍价金额): a sequence drawn from the bargain's seed, so the same bargain
always cuts the same amounts in the same order, whoever helps and whenever.

Each of the ``helpers`` cuts is at least 1 fen and they add up exactly to ``total``: every draw
leaves at least 1 fen for each helper still to come, and the last helper takes what is left.
Draws follow the "twice the mean" rule (二倍均值) red-packet apps use, so early helpers cut a fair
share without one of them taking almost everything.
"""

from __future__ import annotations

import random
import secrets
from itertools import accumulate

MAX_SEED = 2**62  # fits a signed BigInt column on both engines


def new_seed() -> int:
    return secrets.randbelow(MAX_SEED)


def cut_sequence(seed: int, total_fen: int, helpers: int) -> list[int]:
    """The ``helpers`` cuts of ``total_fen``, each ≥ 1 fen, summing exactly to ``total_fen``."""
    if helpers < 1 or total_fen < helpers:
        raise ValueError("each helper must cut at least 1 fen")
    rng = random.Random(seed)
    cuts, left = [], total_fen
    for still_to_come in range(helpers, 1, -1):
        most = left - (still_to_come - 1)  # leave 1 fen for each helper after this one
        fair = max(1, (2 * left) // still_to_come)
        cut = rng.randint(1, min(most, fair))
        cuts.append(cut)
        left -= cut
    cuts.append(left)
    return cuts


def cut_so_far(seed: int, total_fen: int, helpers: int, cuts_done: int) -> int:
    """What the first ``cuts_done`` helpers have cut together."""
    if cuts_done <= 0:
        return 0
    return list(accumulate(cut_sequence(seed, total_fen, helpers)))[min(cuts_done, helpers) - 1]
