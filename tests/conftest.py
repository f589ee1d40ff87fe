pytest_plugins = ["sdk.testing"]
