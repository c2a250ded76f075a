"""Textual's web driver with every packet written whole, in one piece, by one thread at a time.

In a browser session two threads write to the pipe textual-serve reads: the app's thread paints the screen while
the driver's input thread sends a download's chunks (`deliver_binary`, 64 KiB a packet). A pipe keeps only writes
of up to 4 KiB in one piece, and `os.write` may write part of a larger one, so the two streams could interleave:
the download broke and its bytes were drawn across the teacher's screen (seen once in ~30 exports).
"""
from __future__ import annotations

import os
import threading

from textual.drivers.web_driver import WebDriver


class WholeWritesWebDriver(WebDriver):
    """Each packet in one locked, complete write."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        lock = threading.Lock()
        fileno = self.fileno

        def write_whole(data: bytes) -> int:
            with lock:
                view = memoryview(data)
                while view:
                    view = view[os.write(fileno, view):]
            return len(data)

        self._write = write_whole
