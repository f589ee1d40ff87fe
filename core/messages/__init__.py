"""The outbox (发件箱): messages written in the event's transaction and delivered afterwards."""
