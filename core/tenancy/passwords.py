"""Staff passwords, hashed with argon2id (memory-hard).

OWASP's minimum parameters by default; ``MENDIAN_FAST_HASH=1`` makes them tiny for tests only.
"""

from __future__ import annotations

import os
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8


@cache
def _hasher() -> PasswordHasher:
    if os.environ.get("MENDIAN_FAST_HASH") == "1":
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    # OWASP: argon2id with 19 MiB, 2 iterations, 1 degree of parallelism.
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verified against when the username does not exist, so a wrong username costs as long as a
# wrong password and response time does not reveal which staff accounts exist.
@cache
def dummy_hash() -> str:
    return hash_password("mendian-no-such-user")
