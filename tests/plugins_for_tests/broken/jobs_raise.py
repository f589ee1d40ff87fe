"""Refused: its ``scheduled_jobs`` wiring hook raises (a bug), which must not stop the server or the CLI."""

from sdk import Plugin, hookimpl

plugin = Plugin(name="jobs_raise", title="任务出错", title_en="Broken jobs", version="1.0.0")


@hookimpl
def scheduled_jobs():
    raise RuntimeError("scheduled_jobs bug")
