"""Load ``.txt``, ``.md`` and ``.pdf`` files into raw pages, with a German reason per bad file.

PDFs are parsed by pypdf in a forked child process with a time and memory limit, so a
malicious or broken PDF can neither hang nor exhaust the ingest.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import resource
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf")
PDF_MEMORY_HEADROOM = 1024 * 1024 * 1024  # extra address space a PDF child may use


@dataclass(frozen=True)
class RawDocument:
    """A file read from disk: raw page texts (one for txt/md) and the hash of its bytes."""

    source: str
    pages: list[str]
    page_numbers: list[int | None]
    content_hash: str


class LoadFailure(Exception):
    """A file could not be loaded; ``reason`` is a German sentence for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def discover(paths: list[Path]) -> list[Path]:
    """Expand folders into the supported files they contain (sorted), keep files as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not p.name.startswith(".")
                and p.name.lower() != "readme.md"
            )
        else:
            found.append(path)
    return found


def load_file(path: Path, source: str, max_bytes: int, pdf_timeout_s: float) -> RawDocument:
    """Read one file; raise :class:`LoadFailure` with a German reason if it is unusable."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadFailure("Dateityp wird nicht unterstützt (erlaubt sind .pdf, .txt und .md).")
    try:
        size = path.stat().st_size
    except OSError:
        raise LoadFailure("Die Datei wurde nicht gefunden oder ist nicht lesbar.") from None
    if size == 0:
        raise LoadFailure("Die Datei ist leer (0 Byte).")
    if size > max_bytes:
        raise LoadFailure(
            f"Die Datei ist zu groß ({size / 1e6:.1f} MB; erlaubt sind {max_bytes / 1e6:.0f} MB)."
        )
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".pdf":
        pages = _load_pdf(path, data, pdf_timeout_s)
        numbers: list[int | None] = list(range(1, len(pages) + 1))
        return RawDocument(source, pages, numbers, digest)
    return RawDocument(source, [_decode_text(data)], [None], digest)


def _decode_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise LoadFailure("Die Datei enthält Binärdaten und keinen lesbaren Text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LoadFailure(
            "Die Textdatei ist nicht UTF-8-kodiert. Bitte speichern Sie sie als UTF-8 und "
            "laden Sie sie erneut hoch."
        ) from None
    if not text.strip():
        raise LoadFailure("Die Datei enthält keinen Text.")
    return text


def _load_pdf(path: Path, data: bytes, timeout_s: float) -> list[str]:
    head = data[:1024]
    if b"%PDF-" not in head:
        looks_html = b"<html" in head.lower() or b"<!doctype" in head.lower()
        what = "wie eine HTML-Seite" if looks_html else "nicht wie eine PDF-Datei"
        raise LoadFailure(f"Die Datei endet auf .pdf, ihr Inhalt sieht aber {what} aus.")
    pages = _run_isolated(path, timeout_s)
    if not any(p.strip() for p in pages):
        raise LoadFailure(
            "Die PDF-Datei enthält keinen auslesbaren Text (vermutlich eingescannt). Bitte eine "
            "Fassung mit Texterkennung (OCR) oder eine Textdatei verwenden."
        )
    return pages


def _run_isolated(path: Path, timeout_s: float) -> list[str]:
    ctx = mp.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_pdf_child, args=(str(path), sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout_s):
            raise LoadFailure(
                f"Das Lesen der PDF-Datei dauerte länger als {timeout_s:.0f} Sekunden und "
                "wurde abgebrochen (Datei vermutlich beschädigt oder extrem komplex)."
            )
        status, payload = receiver.recv()
    except EOFError:
        raise LoadFailure(
            "Die PDF-Datei konnte nicht gelesen werden (zu viel Speicherbedarf oder Absturz "
            "beim Lesen)."
        ) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(1)
    if status == "ok":
        return list(payload)
    raise LoadFailure(str(payload))


def _pdf_child(path: str, sender: Connection) -> None:  # pragma: no cover - runs in a child
    try:
        # The forked child inherits the parent's address space (model, torch): cap the growth.
        limit = _address_space_bytes() + PDF_MEMORY_HEADROOM
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        sender.send(("ok", _extract_pdf_pages(path)))
    except LoadFailure as failure:
        sender.send(("error", failure.reason))
    except MemoryError:
        sender.send(("error", "Die PDF-Datei braucht zum Lesen zu viel Speicher."))
    except Exception:  # noqa: BLE001 - any pypdf failure means the same thing to the user
        sender.send(
            (
                "error",
                "Die PDF-Datei ist beschädigt oder unvollständig und kann nicht gelesen werden.",
            )
        )
    finally:
        sender.close()


def _address_space_bytes() -> int:
    """Current virtual size of this process (Linux /proc; 0 where unavailable)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


def _extract_pdf_pages(path: str) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    reader = PdfReader(path, strict=False)
    if reader.is_encrypted:
        try:
            ok = bool(reader.decrypt(""))
        except Exception:  # noqa: BLE001
            ok = False
        if not ok:
            raise LoadFailure(
                "Die PDF-Datei ist passwortgeschützt (verschlüsselt). Bitte eine ungeschützte "
                "Fassung verwenden."
            )
    try:
        return [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError:
        raise LoadFailure(
            "Die PDF-Datei ist passwortgeschützt (verschlüsselt). Bitte eine ungeschützte "
            "Fassung verwenden."
        ) from None
