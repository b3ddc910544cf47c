"""查询码: the code an applicant keeps beside the tracking code to follow a case on /track/.

A code is 12 characters from an alphabet without the look-alikes 0/O and 1/I/L (31 symbols,
31¹² ≈ 2⁵⁹ codes), shown in groups of four. Only a keyed digest is stored: HMAC-SHA256 under a
key derived from a secret the caller passes in (the setting CHECK_CODE_SECRET), so a copy of the
database alone cannot be checked against any guess, and even with the secret each case is a
separate 2⁵⁹ search. HMAC costs about 2 µs a check where PBKDF2 at Django's 1,000,000
iterations costs 260 ms on the 2-core server: with codes this long the slow hash buys nothing
and would let anyone keep the server busy from the public tracking page.

Codes handed out before (six digits, stored as sha256("tracking:code")) keep working: their
stored hashes were re-wrapped as HMAC(key, old hex digest) by migration 0005, and six digits
entered are checked in that form. New codes never consist of six characters, so the length of
what was entered says which form to compute.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Callable

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed back safely
LENGTH = 12
GROUP = 4
_LEGACY = re.compile(r"[0-9]{6}")  # the codes given out until December 2026
# Spaces and the dashes people type between groups (ASCII, full-width and typographic).
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―－_]+")


def new_code(choice: Callable[[str], str] = secrets.choice) -> str:
    return "".join(choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """ABCD-EFGH-JKMN: groups of four, as the applicant is shown the code."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise(entered: str) -> str:
    """What the applicant typed, as the code it stands for: full-width forms folded (an input
    method's ＡＢＣ１２), separators dropped, upper case."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", entered)).upper()


def digest(secret: str, tracking_code: str, code: str) -> str:
    """The stored form of a new code (64 hex digits)."""
    return _mac(secret, f"v2:{tracking_code}:{code}")


def rewrap(secret: str, legacy_hash: str) -> str:
    """The stored form of a code given out before: the old sha256 hex digest under the key."""
    return _mac(secret, f"v1:{legacy_hash}")


def legacy_hash(tracking_code: str, code: str) -> str:
    """How six-digit codes were stored until December 2026 (unsalted, unkeyed)."""
    return hashlib.sha256(f"{tracking_code}:{code}".encode()).hexdigest()


def matches(secret: str, stored: str, tracking_code: str, entered: str) -> bool:
    code = normalise(entered)
    if _LEGACY.fullmatch(code):
        expected = rewrap(secret, legacy_hash(tracking_code, code))
    else:
        expected = digest(secret, tracking_code, code)
    return hmac.compare_digest(stored.encode(), expected.encode())


def _mac(secret: str, message: str) -> str:
    # A key of its own, so the secret (by default SECRET_KEY) is never used as is for this.
    key = hashlib.sha256(b"gongkai.applications.checkcodes\x00" + secret.encode()).digest()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
