"""Markers for tests that need a program ``scripts/bootstrap`` installs (as root on
Debian): LibreOffice, Chromium and its driver, Tesseract.

Elsewhere (a laptop, a non-root container) such a test is skipped with the reason.
Under ``CI=true`` it never is: there a missing program is a broken bootstrap, so the
test runs and fails instead of passing quietly as skipped.
"""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI") == "true"


def needs(available: bool, what: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not available and not IN_CI,
        reason=f"{what} is not installed (scripts/bootstrap installs it as root)",
    )
