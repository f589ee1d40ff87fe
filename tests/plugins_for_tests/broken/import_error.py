"""Refused: importing it fails (a dependency that is not installed)."""

import mendian_no_such_dependency  # noqa: F401
