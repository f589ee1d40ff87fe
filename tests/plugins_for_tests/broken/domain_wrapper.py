"""Refused: a wrapper (``wrapper=True``) around a domain hook, which the async relay cannot run."""

from sdk import Plugin, hookimpl

plugin = Plugin(name="domain_wrapper", title="包装钩子", title_en="Domain wrapper", version="1.0.0")


@hookimpl(wrapper=True)
def member_registered(ctx, member):
    result = yield
    return result
