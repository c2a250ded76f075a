"""In a browser session the screen and a download's chunks share one pipe to textual-serve: every packet must
arrive whole, however the app's thread and the driver's input thread interleave their writes."""
from __future__ import annotations

import os
import sys
import threading

from schoolcare.ui.app import SchoolcareApp
from schoolcare.ui.web_driver import WholeWritesWebDriver

SCREEN = "界" * 5000  # 15,000 bytes a paint: far past the 4 KiB a pipe keeps in one piece
CHUNK = b"\x00\xff" * 32768  # a download's 64 KiB packet


def _packets(stream: bytes) -> list[tuple[bytes, bytes]]:
    found, at = [], 0
    while at < len(stream):
        kind, size = stream[at:at + 1], int.from_bytes(stream[at + 1:at + 5], "big")
        assert kind in (b"D", b"M", b"P"), f"a packet broken at byte {at}"
        found.append((kind, stream[at + 5:at + 5 + size]))
        at += 5 + size
    return found


async def test_paints_and_download_chunks_from_two_threads_arrive_whole(monkeypatch):
    read_end, write_end = os.pipe()
    keys, _ = os.pipe()  # the driver's input reader watches stdin; nothing is typed here
    monkeypatch.setattr(sys, "__stdout__", os.fdopen(write_end, "w"))
    monkeypatch.setattr(sys, "__stdin__", os.fdopen(keys, "r"))
    driver = WholeWritesWebDriver(object())
    received = bytearray()

    def read() -> None:
        while chunk := os.read(read_end, 1 << 16):
            received.extend(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    painter = threading.Thread(target=lambda: [driver.write(SCREEN) for _ in range(200)])
    sender = threading.Thread(target=lambda: [driver.write_binary_encoded(("deliver_chunk", "k", CHUNK))
                                              for _ in range(60)])
    painter.start(), sender.start()
    painter.join(), sender.join()
    sys.__stdout__.close()
    reader.join()
    os.close(read_end)
    sys.__stdin__.close()
    packets = _packets(bytes(received))
    paints = [body for kind, body in packets if kind == b"D"]
    chunks = [body for kind, body in packets if kind == b"P"]
    assert len(paints) == 200 and all(body.decode() == SCREEN for body in paints)
    assert len(chunks) == 60 and all(CHUNK in body for body in chunks)


def test_a_browser_session_runs_on_the_whole_writes_driver(monkeypatch):
    from textual import constants

    monkeypatch.setattr(constants, "DRIVER", "textual.drivers.web_driver:WebDriver")  # as textual-serve sets it
    assert SchoolcareApp.get_driver_class(object.__new__(SchoolcareApp)) is WholeWritesWebDriver
