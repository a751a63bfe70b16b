"""Imported once by the parser's fork server so forked children start warm."""

from __future__ import annotations

from resumeflow_parser.extract_worker import ENTRY, _load

_load(ENTRY)
