"""Generated hostile files: each is reported in German, in bounded time and memory.

Run with ``-s`` to see the measured seconds and peak RSS per file (the figures in
docs/RELIABILITY.md).
"""

from __future__ import annotations

import os
import resource
import time
import zlib
from pathlib import Path

import pytest

from ingest.load import LoadFailure, load_file
from tests.pdfs import text_pdf

pytestmark = pytest.mark.unit
TIMEOUT_S = 10.0
MB = 10**6


def raw_pdf(path: Path, content: bytes, page_extra: bytes = b"") -> Path:
    """A valid one-page PDF (with xref) around a Flate-compressed content stream."""
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources "
        b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> "
        + page_extra
        + b" >>",
        b"<< /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(bytes(out))
    return path


def hostile_files(folder: Path) -> dict[str, Path]:
    files = {
        # 3 million text operators (~70 MB once inflated) in a 0.2 MB file
        "huge-content-stream.pdf": raw_pdf(
            folder / "huge-content-stream.pdf", b"BT /F1 1 Tf (x) Tj ET\n" * 3_000_000
        ),
        # 400 MB of inflated zeros: a decompression bomb
        "zip-bomb.pdf": raw_pdf(folder / "zip-bomb.pdf", b"0" * 400 * MB),
        # arrays nested 100 000 deep inside the page dictionary
        "deeply-nested.pdf": raw_pdf(
            folder / "deeply-nested.pdf",
            b"BT (x) Tj ET",
            b"/Deep " + b"[" * 100_000 + b"]" * 100_000,
        ),
        "zero.pdf": folder / "zero.pdf",
        "zero.txt": folder / "zero.txt",
        "zero.md": folder / "zero.md",
        "binary.txt": folder / "binary.txt",
        "binary.md": folder / "binary.md",
        "latin1.txt": folder / "latin1.txt",
        "utf16.md": folder / "utf16.md",
        "truncated-header.pdf": folder / "truncated-header.pdf",
    }
    for name in ("zero.pdf", "zero.txt", "zero.md"):
        files[name].write_bytes(b"")
    files["binary.txt"].write_bytes(os.urandom(200_000))
    files["binary.md"].write_bytes(b"\x7fELF\x02\x01\x01" + os.urandom(50_000))
    files["latin1.txt"].write_bytes("Größe und Maßnahmen für Bäckereien.".encode("latin-1"))
    files["utf16.md"].write_bytes("Modul 1: Überblick".encode("utf-16"))
    files["truncated-header.pdf"].write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Cat")
    return files


EXPECTED = {
    "huge-content-stream.pdf": r"länger als|Speicher|beschädigt|keinen auslesbaren Text",
    "zip-bomb.pdf": r"länger als|Speicher|beschädigt|keinen auslesbaren Text",
    "deeply-nested.pdf": r"beschädigt|Speicher|länger als",
    "zero.pdf": r"leer \(0 Byte\)",
    "zero.txt": r"leer \(0 Byte\)",
    "zero.md": r"leer \(0 Byte\)",
    "binary.txt": r"Binärdaten|nicht UTF-8",
    "binary.md": r"Binärdaten|nicht UTF-8",
    "latin1.txt": r"nicht UTF-8-kodiert",
    "utf16.md": r"Binärdaten|nicht UTF-8",
    "truncated-header.pdf": r"beschädigt|keinen auslesbaren Text",
}


def test_each_hostile_file_is_reported_in_bounded_time_and_memory(tmp_path):
    import re

    files = hostile_files(tmp_path)
    assert set(files) == set(EXPECTED)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures = []
    for name, path in files.items():
        started = time.perf_counter()
        with pytest.raises(LoadFailure) as info:
            load_file(path, name, 25 * MB, TIMEOUT_S)
        seconds = time.perf_counter() - started
        child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        figures.append((name, path.stat().st_size, seconds, child_rss, info.value.reason))
        assert re.search(EXPECTED[name], info.value.reason), (name, info.value.reason)
        assert seconds < TIMEOUT_S + 5, name  # the PDF child is killed at the time limit
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert grown_mb < 100  # parsing happens in the forked child, never in the ingest itself
    for name, size, seconds, child_rss, why in figures:
        print(f"{name:24} {size / 1e3:9.1f} kB {seconds:6.2f} s {child_rss:6.0f} MB  {why}")
    print(f"ingest process RSS growth: {grown_mb:.0f} MB")


def test_good_file_next_to_hostile_ones_still_loads(tmp_path):
    hostile_files(tmp_path)
    plain = raw_pdf(tmp_path / "plain.pdf", b"BT /F1 12 Tf 10 10 Td (Hallo Welt) Tj ET")
    assert "Hallo Welt" in load_file(plain, "plain.pdf", 25 * MB, TIMEOUT_S).pages[0]
    good = text_pdf(tmp_path / "gut.pdf", ["Die Bäckerei nutzt KI für die Planung."])
    doc = load_file(good, "gut.pdf", 25 * MB, TIMEOUT_S)
    assert "Bäckerei" in doc.pages[0]
