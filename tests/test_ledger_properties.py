"""Property test: random interleavings of top-ups, spends, point earnings, redemptions and
expiries keep every ledger invariant (each entry balances, balances equal their postings,
nothing negative, lots add up) and match a simple model of what the member should hold."""

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InsufficientBalance
from core.ledger import accounts
from core.ledger.expiry import lapse_expired_lots
from core.ledger.schemas import credit, debit
from core.ledger.service import balance, post_entry
from core.ledger.verify import verify

member_ids = itertools.count(1000)

operation = st.one_of(
    st.tuples(st.just("top_up"), st.integers(1, 50_000)),
    st.tuples(st.just("spend"), st.integers(1, 60_000)),
    st.tuples(st.just("earn"), st.integers(1, 500), st.integers(1, 40)),  # points, days to expiry
    st.tuples(st.just("redeem"), st.integers(1, 600)),
    st.tuples(st.just("advance"), st.integers(1, 30)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=25))
async def test_random_interleavings_keep_the_books(tenant, clock, ops):
    ctx = await tenant.ctx()
    member = next(member_ids)
    principal = accounts.member(member, "stored_value_principal")
    points = accounts.member(member, "points")
    cash, revenue, issued = accounts.store(1, "cash"), accounts.tenant("revenue"), accounts.tenant("points_issued")
    held_fen = 0
    lots: list[list] = []  # model: [expires_at, remaining]

    def live_points():
        return sum(r for e, r in lots if e > clock.now())

    for op in ops:
        kind = op[0]
        if kind == "top_up":
            await post_entry(ctx, "top_up", [debit(cash, op[1]), credit(principal, op[1])])
            held_fen += op[1]
        elif kind == "spend":
            try:
                await post_entry(ctx, "payment", [debit(principal, op[1]), credit(revenue, op[1])])
                held_fen -= op[1]
            except InsufficientBalance:
                assert op[1] > held_fen
        elif kind == "earn":
            expires = clock.now() + dt.timedelta(days=op[2])
            await post_entry(ctx, "earn", [debit(issued, op[1]), credit(points, op[1], expires_at=expires)])
            lots.append([expires, op[1]])
        elif kind == "redeem":
            try:
                await post_entry(ctx, "redeem", [debit(points, op[1]), credit(issued, op[1])])
            except InsufficientBalance:
                assert op[1] > live_points()
            else:
                need = op[1]
                for lot in sorted((lot for lot in lots if lot[0] > clock.now()), key=lambda lot: lot[0]):
                    take = min(lot[1], need)
                    lot[1] -= take
                    need -= take
                assert need == 0
        else:
            clock.advance(days=op[1])
            await lapse_expired_lots(ctx)
            lots = [lot for lot in lots if lot[0] > clock.now()]
        assert await balance(ctx, principal) == held_fen >= 0
        assert await balance(ctx, points) == sum(r for _, r in lots)
    assert await verify(tenant.id) == []
