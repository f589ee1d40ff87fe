"""The ``mendian`` command line (typer)."""
