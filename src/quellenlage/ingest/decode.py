"""Bytes to text: UTF-8 (with or without BOM) first, other encodings detected and reported, binary refused."""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from quellenlage.errors import IngestError

# Control bytes other than tab/newline/CR/form feed: a few in a text file are noise, many mean binary data.
_CONTROL = bytes(range(0, 32)).translate(None, b"\t\n\r\x0c")
_BINARY_RATIO = 0.05


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control bytes: an image, archive or office file, not text."""
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = sum(sample.count(bytes([c])) for c in _CONTROL)
    return bool(sample) and controls / len(sample) > _BINARY_RATIO


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Return (text, encoding). A BOM is dropped; a guessed encoding is named so callers can report it."""
    if not data.strip():
        raise IngestError(source, "empty input (no text)")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise IngestError(source, f"starts with a UTF-8 BOM but is not valid UTF-8 ({e.reason} at byte {e.start})")
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError:
                raise IngestError(source, "starts with a UTF-16 BOM but cannot be decoded as UTF-16")
    if looks_binary(data):
        raise IngestError(source, "binary data, not text (NUL or control bytes found)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(source, "cannot decode: not UTF-8 and no other text encoding fits")
    return str(best), best.encoding
