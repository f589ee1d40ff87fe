"""Sign-in codes sent by SMS and member sessions. Neither the code nor the token is stored:
only a keyed hash of the code and the SHA-256 of the token."""

from piccolo.columns import BigInt, BigSerial, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from core.members.tables import Member
from core.tenancy.tables import Tenant


class MemberAuthCode(Table, tablename="member_auth_code"):
    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    phone = Varchar(length=20)  # E.164
    code_hash = Varchar(length=64)
    # created_at // minimum interval: unique per tenant and phone, so two simultaneous requests
    # cannot both send within one interval (raw migration).
    send_slot = BigInt()
    attempts = Integer(default=0)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)  # signed in, burnt by wrong guesses, or superseded


class MemberSession(Table, tablename="member_session"):
    id = BigSerial(primary_key=True)
    tenant_id = ForeignKey(Tenant, null=False, on_delete=OnDelete.restrict, index=True)
    member_id = ForeignKey(Member, null=False, on_delete=OnDelete.restrict, index=True)
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
