"""Plugins that exist only for the tests: healthy ones the whole session installs, broken ones
that the plugin manager must refuse with a reason while the rest of the system starts.

They live under ``tests/`` (a namespace package shared with piccolo's own ``tests``: it must
not get an ``__init__.py``), so their import names are ``tests.plugins_for_tests.<name>``.
"""

PACKAGE = __name__

# Installed for the whole test session (see tests/conftest.py); enabled per test and tenant.
HEALTHY = [f"{PACKAGE}.{name}" for name in ("greeter", "bouncer", "crasher", "needs_greeter")]

# Each must be refused at load; the test names the reason it expects for each.
BROKEN = [
    f"{PACKAGE}.broken.{name}"
    for name in (
        "import_error", "no_declaration", "bad_name", "future_sdk", "unknown_hook",
        "wrong_arguments", "settings_without_defaults", "bad_default", "needs_missing",
        "domain_wrapper", "cycle_a", "cycle_b", "routes_raise", "commands_raise", "pages_raise", "jobs_raise",
    )
]

# The points plugin's tests: a stand-in for the levels plugin's multiplier.
HEALTHY += [f"{PACKAGE}.double_points"]

# The levels and coupons plugins' tests: goods another plugin marks not discountable.
HEALTHY += [f"{PACKAGE}.group_goods"]
