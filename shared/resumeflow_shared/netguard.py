"""Outbound URL checks against SSRF: which callback targets may be contacted.

Ingest checks a ``callback_url`` when it is uploaded; the notifier checks it again at
send time, resolving the host itself and connecting to the address it checked (so a
DNS answer that changes between check and connect cannot redirect the request).
An address is refused unless it is globally routable unicast: private, loopback,
link-local, multicast, reserved, shared and unspecified ranges, in IPv4 and IPv6,
including IPv4-mapped and IPv4-compatible IPv6 forms. Host spellings that resolvers
read as IPv4 (``127.1``, ``0x7f000001``, ``2130706433``) are treated as the address
they spell. ``allow_private`` lifts the check for dev and test stacks only; the
production validators refuse it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Names that always mean this machine or an internal zone, whatever DNS says.
LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain")


class UnsafeTarget(ValueError):
    """The URL may not be contacted; ``reason`` is safe to show to the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Target:
    """A checked URL: the original parts plus the address to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    address: IPAddress | None  # None only when private targets are allowed and unresolved

    def connect_url(self) -> str:
        """The URL with the checked address in place of the host name."""
        if self.address is None:
            host = self.host
        elif self.address.version == 6:
            host = f"[{self.address}]"
        else:
            host = str(self.address)
        return f"{self.scheme}://{host}:{self.port}{self.path}"

    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == default else f"{name}:{self.port}"


def literal_address(host: str) -> IPAddress | None:
    """The address a host spelling denotes, if it is an IP literal in any resolver form."""
    text = host.strip("[]")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    # inet_aton accepts the legacy forms (127.1, 0x7f.1, 2130706433, octal) that
    # getaddrinfo and browsers also accept; a name with letters beyond hex never parses.
    if text and all(c in "0123456789abcdefxABCDEFX." for c in text):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def is_blocked(address: IPAddress) -> bool:
    """Whether an address is anything but globally routable unicast."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or _ipv4_compatible(address) or address.sixtofour
        if embedded is not None and is_blocked(embedded):
            return True
        if address.teredo is not None:
            return True
    return (
        not address.is_global
        or address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


def _ipv4_compatible(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if int(address) >> 32 == 0 and int(address) > 1:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_local_name(host: str) -> bool:
    name = host.lower().rstrip(".")
    return name in LOCAL_NAMES or name.endswith(LOCAL_SUFFIXES) or "." not in name


def split(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path+query) of an http(s) URL, or :class:`UnsafeTarget`."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise UnsafeTarget("the URL is malformed") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget("the URL must be http(s) with a host")
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in parts.hostname):
        raise UnsafeTarget("the URL's host is malformed")
    if parts.username or parts.password:
        raise UnsafeTarget("the URL must not carry credentials")
    default = 443 if parts.scheme == "https" else 80
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return parts.scheme, parts.hostname, port or default, path


def check_static(url: str, *, allow_private: bool) -> str:
    """What can be said without DNS: scheme, host, literal and local-name targets."""
    _, host, _, _ = split(url)
    if allow_private:
        return url.strip()
    address = literal_address(host)
    if address is not None:
        if is_blocked(address):
            raise UnsafeTarget("the URL must not point to a private or reserved address")
    elif is_local_name(host):
        raise UnsafeTarget("the URL must not point to a local host name")
    return url.strip()


async def resolve(host: str, port: int) -> list[IPAddress]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


async def check(url: str, *, allow_private: bool) -> Target:
    """Resolve and check a URL now; every address it resolves to must be allowed.

    Refusing when *any* answer is private stops a name that mixes a public and a
    private record from reaching the private one on a later connect.
    """
    check_static(url, allow_private=allow_private)
    scheme, host, port, path = split(url)
    literal = literal_address(host)
    if literal is not None:
        return Target(scheme, host, port, path, literal)
    try:
        addresses = await resolve(host, port)
    except (OSError, UnicodeError, ValueError) as exc:
        raise UnsafeTarget("the host name does not resolve") from exc
    if not addresses:
        raise UnsafeTarget("the host name does not resolve")
    if not allow_private and any(is_blocked(a) for a in addresses):
        raise UnsafeTarget("the URL must not point to a private or reserved address")
    return Target(scheme, host, port, path, addresses[0])


async def screen(url: str, *, allow_private: bool, resolve_within: float = 2.0) -> str:
    """The upload-time check: static rules, then the names' current DNS answers.

    A name that does not resolve now is accepted (it may be created later); the
    sender checks again at send time, which is the check that counts.
    """
    checked = check_static(url, allow_private=allow_private)
    _, host, port, _ = split(url)
    if allow_private or literal_address(host) is not None:
        return checked
    try:
        async with asyncio.timeout(resolve_within):
            addresses = await resolve(host, port)
    except (OSError, UnicodeError, ValueError, TimeoutError):
        return checked
    if any(is_blocked(a) for a in addresses):
        raise UnsafeTarget("the URL must not point to a private or reserved address")
    return checked
