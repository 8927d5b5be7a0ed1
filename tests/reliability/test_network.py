"""Air gap (issue 18): ingest, ask and serve make no connection to anything but loopback.

A socket guard records every connect()/connect_ex()/sendto() and every name lookup that is not for a
loopback address, during a real rebuild (ingest --force), a load + questions, and the real server
answering over loopback; so a dependency that starts phoning home fails CI.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Iterator

from conftest import MOH_Q, MOH_TASKS

_LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "", None}


def _is_loopback(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX
        return True
    host = address[0] if isinstance(address, tuple) and address else address
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@contextlib.contextmanager
def socket_guard() -> Iterator[list[str]]:
    seen: list[str] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_sendto, real_getaddrinfo = socket.socket.sendto, socket.getaddrinfo

    def connect(self, address):
        if not _is_loopback(address):
            seen.append(f"connect {address!r}")
            raise OSError("air gap: non-loopback connect refused by the test guard")
        return real_connect(self, address)

    def connect_ex(self, address):
        if not _is_loopback(address):
            seen.append(f"connect_ex {address!r}")
            return 111
        return real_connect_ex(self, address)

    def sendto(self, data, *args):
        address = args[-1]
        if not _is_loopback(address):
            seen.append(f"sendto {address!r}")
            raise OSError("air gap: non-loopback sendto refused by the test guard")
        return real_sendto(self, data, *args)

    def getaddrinfo(host, *args, **kw):
        name = host.decode() if isinstance(host, bytes) else host
        if not _is_loopback((name,)):
            seen.append(f"getaddrinfo {name!r}")
            raise socket.gaierror(socket.EAI_NONAME, "air gap: name lookup refused by the test guard")
        return real_getaddrinfo(host, *args, **kw)

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
    socket.socket.sendto, socket.getaddrinfo = sendto, getaddrinfo
    try:
        yield seen
    finally:
        socket.socket.connect, socket.socket.connect_ex = real_connect, real_connect_ex
        socket.socket.sendto, socket.getaddrinfo = real_sendto, real_getaddrinfo


def test_guard_catches_a_phone_home():
    with socket_guard() as seen, contextlib.suppress(OSError):
        socket.create_connection(("93.184.216.34", 80), timeout=1)
    assert seen


def test_ingest_ask_and_serve_stay_on_loopback(rel_copy, rel_report, monkeypatch):
    import httpx
    from ui_support import start_ui_server

    from assistant.core import Assistant
    from ingest.pipeline import ingest_all

    for var in ("ANONYMIZED_TELEMETRY", "HF_HUB_OFFLINE", "GRADIO_ANALYTICS_ENABLED", "DO_NOT_TRACK"):
        monkeypatch.delenv(var, raising=False)  # telemetry switches unset: the code itself must not call out
    settings = rel_copy.settings
    with socket_guard() as seen:
        ingest_all(settings, force=True)  # a full rebuild: KB, chunks, embeddings, lexical, Chroma
        assistant = Assistant.load(settings)
        assert assistant.ask(MOH_Q).tasks == MOH_TASKS
        assistant.ask("What does Resolution 57 say about digital transformation?")
        assistant.ask("Bộ Y tế chủ trì những nhiệm vụ nào?")
        server = start_ui_server(assistant, settings)
        try:
            assert httpx.get(server.url, timeout=30).status_code == 200
            from gradio_client import Client

            c = Client(server.url, verbose=False, analytics_enabled=False)
            *_, result = c.predict(MOH_Q, api_name="/respond")
            assert result.get("answer")
        finally:
            server.close()
    rel_report.put("network", "non-loopback connections / lookups during ingest --force, ask, serve",
                   f"{len(seen)} {seen[:10]}")
    assert not seen, seen
