"""API keys: issued as ``rf_<id>_<secret>``, configured and stored only as a hash.

``API_KEYS`` is a comma-separated list of entries. The production form is
``<id>:<sha256 hex of the whole key>:<tenant>``: the id picks the entry without a scan
and the hash is compared in constant time, so a leaked config or environment dump
does not leak usable keys. ``<key>:<tenant>`` (the key in plain text) is still read
for development and refused by the production validator.

``python -m resumeflow_ingest.keys new TENANT`` prints a new key (give it to the
tenant) and the ``API_KEYS`` entry to configure.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
import sys
from dataclasses import dataclass

PREFIX = "rf_"
_HASHED = re.compile(r"^(?P<id>[0-9a-f]{8,32}):(?P<hash>[0-9a-f]{64}):(?P<tenant>[\w.:-]+)$")


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> tuple[str, str]:
    """A fresh ``(key, key_id)``; 32 random bytes make a fast hash as good as a slow one."""
    key_id = secrets.token_hex(6)
    return f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}", key_id


def entry(key: str, key_id: str, tenant: str) -> str:
    return f"{key_id}:{digest(key)}:{tenant}"


def key_id_of(presented: str) -> str | None:
    if not presented.startswith(PREFIX):
        return None
    key_id, sep, _ = presented[len(PREFIX) :].partition("_")
    return key_id if sep else None


@dataclass(frozen=True)
class KeyRing:
    hashed: dict[str, tuple[str, str]]  # key id -> (sha256 hex, tenant)
    plain: dict[str, str]  # plain key -> tenant (development only)

    @property
    def empty(self) -> bool:
        return not self.hashed and not self.plain

    def tenant_for(self, presented: str | None) -> str | None:
        """The tenant a presented key belongs to, or ``None``."""
        if not presented:
            return None
        key_id = key_id_of(presented)
        if key_id is not None and key_id in self.hashed:
            expected, tenant = self.hashed[key_id]
            return tenant if hmac.compare_digest(digest(presented), expected) else None
        found = None
        for key, tenant in self.plain.items():  # every entry, so timing says nothing
            if hmac.compare_digest(presented.encode(), key.encode()):
                found = tenant
        return found


@functools.lru_cache(maxsize=8)
def parse(config: str, default_tenant: str) -> KeyRing:
    """Parse ``API_KEYS``; cached because every request asks."""
    hashed: dict[str, tuple[str, str]] = {}
    plain: dict[str, str] = {}
    for item in config.split(","):
        item = item.strip()
        if not item:
            continue
        match = _HASHED.match(item)
        if match:
            hashed[match["id"]] = (match["hash"], match["tenant"])
            continue
        key, _, tenant = item.partition(":")
        if key:
            plain[key] = tenant or default_tenant
    return KeyRing(hashed, plain)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "new" or not re.fullmatch(r"[\w.:-]+", argv[1]):
        sys.stderr.write("usage: python -m resumeflow_ingest.keys new TENANT\n")
        return 2
    key, key_id = new_key()
    sys.stdout.write(f"key (give to the tenant, shown once): {key}\n")
    sys.stdout.write(f"API_KEYS entry (configure this):     {entry(key, key_id, argv[1])}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
