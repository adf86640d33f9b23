"""Shared test fixtures: repository paths, the steering repo's reference data, and an offline guard."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference"
IN_CI = bool(os.environ.get("CI"))


def reference_file(name: str) -> Path:
    """Path of a file in ../shared/reference; skip where absent (a reader's clone), fail in CI."""
    p = REFERENCE / name
    if not p.exists():
        if IN_CI:
            pytest.fail(f"{p} is required in CI (.ci/run runs beside ../shared) but is absent")
        pytest.skip(f"{p} is absent: reference data lives in the steering repository's shared/ folder")
    return p


_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    """Allow loopback and Unix sockets only: the book must never reach the network."""
    if self.family == socket.AF_UNIX:
        return _real_connect(self, address)
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost", "::1") or str(host).startswith("127."):
        return _real_connect(self, address)
    raise RuntimeError(f"network access to {address!r} attempted during tests; the book must work offline")


@pytest.fixture(autouse=True, scope="session")
def _offline_guard():
    socket.socket.connect = _guarded_connect
    yield
    socket.socket.connect = _real_connect
