"""Serialising writers on a key, on PostgreSQL and on the embedded default SQLite alike (ADR 0151).

`hold_lock(namespace, key)` must be called inside `transaction.atomic()`; the lock lasts until that transaction
ends. Two transactions holding the same (namespace, key) never overlap, so a check followed by a write ("the
company has at most N places") cannot be passed twice at once.

- PostgreSQL: a transaction-level advisory lock on the pair, so unrelated keys do not wait for each other.
- SQLite: one writer at a time is SQLite's own rule. Lotse opens every transaction with BEGIN IMMEDIATE
  (settings: OPTIONS["transaction_mode"]), which takes the database's write lock before the first read, so a
  transaction that reaches this call already holds it. Should a connection be configured otherwise, a write that
  changes nothing takes the write lock here (the busy timeout lets the others wait for it).
"""

from __future__ import annotations

import zlib

from django.db import connections, transaction

_INT4 = 2**31


def _int4(value: int) -> int:
    return value % (2 * _INT4) - _INT4


def lock_keys(namespace: str, key: str | int) -> tuple[int, int]:
    """Two signed 32-bit integers for pg_advisory_xact_lock(int, int), stable across processes."""
    return _int4(zlib.crc32(namespace.encode())), _int4(zlib.crc32(str(key).encode()))


def hold_lock(namespace: str, key: str | int, *, using: str = "default") -> None:
    connection = connections[using]
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("hold_lock() needs an open transaction.atomic() block")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", list(lock_keys(namespace, key)))
        elif connection.vendor == "sqlite":
            if (connection.settings_dict.get("OPTIONS") or {}).get("transaction_mode") != "IMMEDIATE":
                cursor.execute("UPDATE django_migrations SET app = app WHERE id = -1")
        else:  # pragma: no cover - Lotse runs on PostgreSQL and SQLite only
            raise NotImplementedError(f"hold_lock() does not support {connection.vendor}")
