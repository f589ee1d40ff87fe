"""Mendian's kernel: tenancy, members, catalog, orders, the ledger, and the plugin machinery."""

__version__ = "0.1.0"
