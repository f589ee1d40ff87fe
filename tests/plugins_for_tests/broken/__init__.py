"""Plugins the manager must refuse at load, one flaw each (the module docstring names it)."""
