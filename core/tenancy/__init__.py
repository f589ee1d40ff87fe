"""Tenants (a merchant brand), their stores, staff accounts, roles and API keys."""
