"""The book needs no network: a socket guard for the test process, and a build with no network at all.

`tests/conftest.py` installs a guard that refuses every non-loopback connection made by the
test process itself. Subprocesses (jupyter-book, kernels) are not covered by that guard, so
this module also runs the whole book build inside a fresh network namespace with no
interfaces but a down loopback (`unshare -n`, or `unshare -rn` as a normal user). Where
namespaces are not available (a container without the capability), it skips and says why.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys

import pytest

from tests.conftest import shared_book


def _unshare_prefix() -> list[str]:
    exe = shutil.which("unshare")
    if not exe:
        pytest.skip("util-linux `unshare` is not installed, so no network namespace can be made")
    for prefix in ([exe, "-n"], [exe, "-rn"]):
        if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    pytest.skip("this machine does not allow unprivileged or root network namespaces (unshare -n failed)")


def test_socket_guard_refuses_outside_connections():
    with pytest.raises(RuntimeError, match="network access"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)  # TEST-NET-1, never routed


def test_namespace_really_has_no_network():
    prefix = _unshare_prefix()
    code = "import socket; s = socket.socket(); s.settimeout(2); print(s.connect_ex(('192.0.2.1', 80)))"
    out = subprocess.run([*prefix, sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() != "0"  # unreachable: the namespace has no route anywhere


def test_book_builds_without_network():
    """The test run's one book build (``conftest.shared_book``) ran in a namespace with no network."""
    _unshare_prefix()
    html, record = shared_book()
    assert record["offline"], "the shared build did not run under unshare -n"
    assert record["rc"] == 0, record["log"][-4000:]
    assert (html / "chapters" / "00_numbers.html").exists()
