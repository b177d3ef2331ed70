"""API tokens for write access to the workbench.

A token is 32 random bytes (URL-safe base64), shown once at creation; the store keeps only its
SHA-256, so a copied database file gives no one write access. Checking a presented token compares
its digest against every stored digest with ``hmac.compare_digest`` and never stops early, so the
time taken does not reveal which token (or how much of one) matched.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

import duckdb

TOKEN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")


class TokenError(ValueError):
    """A token name or request the user can correct."""


def digest(token: str) -> str:
    """The SHA-256 hex digest the store keeps instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(con: duckdb.DuckDBPyConnection, name: str, *, rotate: bool = False) -> str:
    """Store a new token for ``name`` and return it (the only time it is ever visible)."""
    if not TOKEN_NAME.match(name):
        raise TokenError(
            f"bad token name {name!r}: use 1-64 letters, digits, '_', '.', '@' or '-', "
            "starting with a letter or digit (it is recorded as 'who' in the audit log)"
        )
    token = secrets.token_urlsafe(32)
    exists = con.execute("SELECT count(*) FROM tokens WHERE name = ?", [name]).fetchone()[0]
    if exists and not rotate:
        raise TokenError(f"a token named {name!r} exists; pass --rotate to replace it")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM tokens WHERE name = ?", [name])
        con.execute("INSERT INTO tokens (name, sha256) VALUES (?, ?)", [name, digest(token)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return token


def verify_token(con: duckdb.DuckDBPyConnection, token: str) -> str | None:
    """The name of the token's owner, or None. Constant time in the token's content."""
    presented = digest(token)
    rows = con.execute("SELECT name, sha256 FROM tokens").fetchall()
    found: str | None = None
    for name, stored in rows:
        if hmac.compare_digest(presented.encode(), str(stored).encode()) and found is None:
            found = name
    return found


def bearer(header: str | None) -> str | None:
    """The token from an ``Authorization: Bearer TOKEN`` header (None when absent or malformed)."""
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value or len(value) > 256:
        return None
    return value
