from piccolo.columns import BigSerial, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from core.tenancy.tables import Tenant


class IdempotencyRecord(Table, tablename="idempotency_record"):
    """A request's claim on its key, then its first response.

    ``state`` is ``in_progress`` from the claim (committed alone, before the work starts) until
    the work commits with its response (``done``); a failed request deletes its claim.
    """

    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    key = Varchar(length=200)
    request_hash = Varchar(length=64)
    state = Varchar(length=12, default="done")
    status_code = Integer()
    response_body = Text()
    created_at = Timestamptz()
