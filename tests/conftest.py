import pytest

from tests.plugins_for_tests import HEALTHY

pytest_plugins = ["sdk.testing", "tests.browser_support"]  # browser_support: the live server and Chromium fixtures


@pytest.fixture(scope="session")
def mendian_extra_plugins() -> list[str]:
    """The healthy test plugins, installed (not enabled) for the whole session."""
    return HEALTHY
