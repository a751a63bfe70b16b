"""A NON-DURABLE MongoDB wire-protocol server over mongomock, for development and tests only.

Services must never import this package; they reach MongoDB through ``MONGODB_URL``.
"""

from .commands import Backend
from .server import DevMongoServer, start_in_thread

__all__ = ["Backend", "DevMongoServer", "start_in_thread"]
