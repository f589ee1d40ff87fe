"""The till's tender rule on the server (core/console/views/checkout.py: tenders_from), as the page's script applies it."""

from __future__ import annotations

from core.console.pages import CheckoutTender
from core.console.views.checkout import tenders_from


def _amounts(tenders) -> list[tuple[str, int, int | None]]:
    return [(t.kind, t.amount_fen, t.tendered_fen) for t in tenders]


def test_cash_left_empty_takes_what_the_other_tenders_leave():
    tenders = tenders_from({"stored_value": "200", "cash": ""}, 30_000)
    assert _amounts(tenders) == [("stored_value", 20_000, None), ("cash", 10_000, None)]


def test_cash_left_empty_takes_nothing_when_the_others_cover_the_total():
    points = CheckoutTender(kind="points", label="积分抵扣", label_en="Points")
    tenders = tenders_from({points.field: "100", "external": "200", "reference": "WX1", "cash": ""}, 30_000, [points])
    assert _amounts(tenders) == [("points", 10_000, None), ("external", 20_000, None)]


def test_cash_typed_above_the_rest_is_what_was_handed_over():
    tenders = tenders_from({"stored_value": "25", "cash": "50"}, 6_000)
    assert _amounts(tenders) == [("stored_value", 2_500, None), ("cash", 3_500, 5_000)]


def test_cash_handed_over_in_its_own_field_is_kept_as_typed():
    tenders = tenders_from({"stored_value": "25", "cash": "35", "cash_given": "50"}, 6_000)
    assert _amounts(tenders) == [("stored_value", 2_500, None), ("cash", 3_500, 5_000)]


def test_cash_typed_when_nothing_is_left_stays_for_the_refusal_to_name():
    tenders = tenders_from({"external": "60", "reference": "WX1", "cash": "10"}, 6_000)
    assert _amounts(tenders) == [("external", 6_000, None), ("cash", 1_000, None)]
