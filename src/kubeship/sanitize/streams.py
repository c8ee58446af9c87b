"""Masking wrappers for text streams, and their installation on ``sys.stdout`` and ``sys.stderr``."""

from __future__ import annotations

import atexit
import codecs
import sys
import threading
from typing import Any, TextIO

from kubeship.sanitize.registry import DEFAULT_REGISTRY, SecretRegistry


class MaskingTextStream:
    """A text stream that masks registered secrets before writing to the stream it wraps.

    A form split across two writes is still found, because the last bytes of
    each write are held until the next write, :meth:`flush` or :meth:`close`.
    ``isatty``, ``fileno``, ``encoding`` and the other attributes come from the
    wrapped stream, so Rich and Click treat the wrapper as the stream itself.
    """

    def __init__(self, stream: TextIO, registry: SecretRegistry = DEFAULT_REGISTRY) -> None:
        self._stream = stream
        self._masker = registry.stream_masker()
        self._lock = threading.RLock()
        self._buffer: MaskingBinaryStream | None = None

    @property
    def unwrapped(self) -> TextIO:
        """The stream this wrapper writes to."""
        return self._stream

    @property
    def buffer(self) -> MaskingBinaryStream:
        """A binary view whose bytes are decoded as UTF-8 and masked like text."""
        if self._buffer is None:
            self._buffer = MaskingBinaryStream(self)
        return self._buffer

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        with self._lock:
            masked = self._masker.feed(text)
            if masked:
                self._stream.write(masked)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        with self._lock:
            masked = self._masker.flush()
            if masked:
                self._stream.write(masked)
            self._stream.flush()

    def close(self) -> None:
        self.flush()

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def __getattr__(self, name: str) -> Any:
        # encoding, errors, name, closed, line_buffering and the rest belong to the wrapped stream.
        return getattr(self._stream, name)


class MaskingBinaryStream:
    """The ``buffer`` of a :class:`MaskingTextStream`: UTF-8 bytes in, masked text out."""

    def __init__(self, text_stream: MaskingTextStream) -> None:
        self._text_stream = text_stream
        # NOTE: bytes that are not UTF-8 become U+FFFD, so binary data does not pass unchanged.
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def write(self, data: bytes) -> int:
        self._text_stream.write(self._decoder.decode(bytes(data)))
        return len(data)

    def flush(self) -> None:
        self._text_stream.write(self._decoder.decode(b"", final=True))
        self._text_stream.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._text_stream.isatty()

    def fileno(self) -> int:
        return self._text_stream.fileno()


def install_stream_wrappers(registry: SecretRegistry = DEFAULT_REGISTRY) -> None:
    """Replace ``sys.stdout`` and ``sys.stderr`` by masking wrappers. A second call changes nothing."""
    if not isinstance(sys.stdout, MaskingTextStream) and sys.stdout is not None:
        sys.stdout = MaskingTextStream(sys.stdout, registry)
    if not isinstance(sys.stderr, MaskingTextStream) and sys.stderr is not None:
        sys.stderr = MaskingTextStream(sys.stderr, registry)
    atexit.register(_flush_standard_streams)


def restore_standard_streams() -> None:
    """Put the wrapped streams back on ``sys.stdout`` and ``sys.stderr``, after flushing them."""
    _flush_standard_streams()
    if isinstance(sys.stdout, MaskingTextStream):
        sys.stdout = sys.stdout.unwrapped
    if isinstance(sys.stderr, MaskingTextStream):
        sys.stderr = sys.stderr.unwrapped


def unmasked_stdout() -> TextIO:
    """Return standard output without masking, for a command's product only.

    Use it for output whose purpose is to carry a secret into a pipe or a
    file: the manifests of ``render`` or the Secret of ``pull-secret`` when
    standard output is not a terminal, or when the user requested the secrets
    with ``--show-secrets``. Text already written through the masking wrapper is flushed first,
    so the order of the output is kept.
    """
    stdout = sys.stdout
    if isinstance(stdout, MaskingTextStream):
        stdout.flush()
        return stdout.unwrapped
    return stdout


def _flush_standard_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, MaskingTextStream):
            try:
                stream.flush()
            except (OSError, ValueError):
                # The reader went away (a closed pipe) or the stream is closed: nothing left to protect.
                pass
