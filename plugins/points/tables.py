"""The points plugin's table: what each earning cause gave and took back.

The points themselves live in the ledger (``member:<id>:points``, in lots); these rows remember
what the ledger cannot say by itself: how much an order (or a top-up) earned, spent, clawed back
and returned, so that several partial refunds add up exactly.
"""

from piccolo.columns import BigInt, BigSerial, Timestamptz, Varchar
from piccolo.table import Table

from sdk.db import tenant_column


class PointsCause(Table, tablename="points_cause"):
    """What one order or top-up did to a member's points (the per-order record).

    ``base_fen`` is what a proportional refund is measured against (the order's paid amount, the
    top-up's principal) and ``refunded_fen`` how much of it has been refunded so far.
    """

    id = BigSerial(primary_key=True)
    tenant_id = tenant_column()
    cause_type = Varchar(length=16)  # order, top_up
    cause_id = BigInt()
    member_id = BigInt(index=True)
    base_fen = BigInt(default=0)
    refunded_fen = BigInt(default=0)
    earned = BigInt(default=0)  # points the cause earned (before paying off what was owed)
    clawed_back = BigInt(default=0)  # of ``earned``, taken back by refunds (held or owed)
    spent = BigInt(default=0)  # points paid as a tender on the order
    spent_fen = BigInt(default=0)  # the tender's amount those points paid
    returned = BigInt(default=0)  # of ``spent``, given back by refunds
    returned_fen = BigInt(default=0)
    created_at = Timestamptz()
