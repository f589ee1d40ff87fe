"""Idempotency-Key for money-moving requests: a replay returns the first response, posts nothing."""
