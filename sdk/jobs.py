"""Scheduled work of a plugin, returned from the ``scheduled_jobs`` hook.

A job is a sweep run once per due time (every ``every_seconds``) across every worker and host:
the scheduler claims each due slot in the database and records the run (``mendian jobs list``).
It must still be idempotent, because a run that died half way is run again and an operator may
run it by hand (``mendian jobs run``). Work that belongs to a
tenant's calendar day (expiring points, reminders) fits the ``daily_tick`` domain hook better:
it runs once per tenant and local day, with the tenant's Context. A ``TenantJob`` runs more
often than daily for each tenant that enabled your plugin, with that tenant's Context::

    TenantJob(name="flash_sale.release", plugin="flash_sale", every_seconds=30, run=release_expired)
"""

from __future__ import annotations

from core.jobs import Job, TenantJob

__all__ = ["Job", "TenantJob"]
