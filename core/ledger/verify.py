"""``mendian ledger verify``: recompute the books from the postings and report every difference."""

from __future__ import annotations

from dataclasses import dataclass

from core import db
from core.ledger.accounts import PURPOSES


@dataclass(frozen=True, slots=True)
class Problem:
    tenant_id: int
    kind: str  # balance_mismatch, unbalanced_entry, negative_balance, lots_mismatch, empty_entry
    subject: str
    expected: int
    found: int

    def __str__(self) -> str:
        return f"tenant {self.tenant_id}: {self.kind} {self.subject}: expected {self.expected}, found {self.found}"


async def verify(tenant_id: int | None = None) -> list[Problem]:
    """Every check over one tenant, or over all of them; an empty list means the books are right."""
    where_a = "" if tenant_id is None else f"WHERE a.tenant_id = {int(tenant_id)}"
    where_p = "" if tenant_id is None else f"WHERE p.tenant_id = {int(tenant_id)}"
    where_e = "" if tenant_id is None else f"WHERE e.tenant_id = {int(tenant_id)}"
    problems: list[Problem] = []
    lot_purposes = ", ".join(f"'{p.name}'" for p in PURPOSES.values() if p.uses_lots)

    # 1. A balance is the sum of its postings, in the account's natural sign.
    rows = await db.fetch(f"""
        SELECT a.tenant_id, a.code, a.balance,
               COALESCE(SUM(CASE WHEN a.normal = 'debit' THEN p.amount ELSE -p.amount END), 0) AS computed
        FROM ledger_account a LEFT JOIN ledger_posting p ON p.account_id = a.id
        {where_a} GROUP BY a.id, a.tenant_id, a.code, a.balance
    """)
    for r in rows:
        if int(r["computed"]) != int(r["balance"]):
            problems.append(Problem(r["tenant_id"], "balance_mismatch", r["code"], int(r["computed"]), int(r["balance"])))

    # 2. Every entry sums to zero in every unit.
    rows = await db.fetch(f"""
        SELECT p.tenant_id, p.entry_id, p.unit, SUM(p.amount) AS total FROM ledger_posting p
        {where_p} GROUP BY p.tenant_id, p.entry_id, p.unit HAVING SUM(p.amount) <> 0
    """)
    problems += [Problem(r["tenant_id"], "unbalanced_entry", f"entry {r['entry_id']} {r['unit']}", 0, int(r["total"])) for r in rows]

    # 3. An entry without postings moved nothing and should not exist.
    rows = await db.fetch(f"""
        SELECT e.tenant_id, e.id FROM ledger_entry e LEFT JOIN ledger_posting p ON p.entry_id = e.id
        {where_e} GROUP BY e.tenant_id, e.id HAVING COUNT(p.id) < 2
    """)
    problems += [Problem(r["tenant_id"], "empty_entry", f"entry {r['id']}", 2, 0) for r in rows]

    # 4. Nothing negative where negative is not allowed.
    rows = await db.fetch(f"""
        SELECT a.tenant_id, a.code, a.balance FROM ledger_account a
        {where_a} {"AND" if where_a else "WHERE"} a.allow_negative = {_false()} AND a.balance < 0
    """)
    problems += [Problem(r["tenant_id"], "negative_balance", r["code"], 0, int(r["balance"])) for r in rows]

    # 5. Where value is held in lots, the lots add up to the balance.
    rows = await db.fetch(f"""
        SELECT a.tenant_id, a.code, a.balance, COALESCE(SUM(l.remaining), 0) AS remaining
        FROM ledger_account a LEFT JOIN ledger_lot l ON l.account_id = a.id
        WHERE a.purpose IN ({lot_purposes}) {where_a.replace("WHERE", "AND")}
        GROUP BY a.id, a.tenant_id, a.code, a.balance
    """)
    for r in rows:
        if int(r["remaining"]) != int(r["balance"]):
            problems.append(Problem(r["tenant_id"], "lots_mismatch", r["code"], int(r["balance"]), int(r["remaining"])))
    return problems


def _false() -> str:
    from core import db

    return "0" if db.is_sqlite() else "FALSE"
