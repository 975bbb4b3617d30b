"""Which corpus document plays which role (course, guide, seminar): data, not code.

The roles come from ``rollen.toml`` in the corpus folder (``TUTOR_CORPUS_DIR``). A missing file
or entry is no error: the guide is then recognised by its content (the document with the
"KI-Readiness Checklist" heading), and the course needs no name anywhere (its chunks carry
module numbers). A malformed file fails with a German message naming it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

ROLES_FILE = "rollen.toml"


class CorpusRolesError(ValueError):
    """``rollen.toml`` cannot be read; the message (German) says which file and why."""


class DocumentRoles(BaseModel):
    """File names (as in the corpus folder) of the documents with a role; None if unnamed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kurs: str | None = Field(None, description="The course with its numbered modules.")
    leitfaden: str | None = Field(
        None, description="The integration guide that ends in the KI-Readiness Checklist."
    )
    seminar: str | None = Field(None, description="The seminar paper excerpt.")


def document_roles(corpus_dir: Path) -> DocumentRoles:
    """The roles named in ``<corpus_dir>/rollen.toml`` (all None when the file is absent)."""
    path = Path(corpus_dir) / ROLES_FILE
    if not path.is_file():
        return DocumentRoles()
    try:
        return DocumentRoles.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise CorpusRolesError(
            f"Die Rollen-Datei {path} ist fehlerhaft ({exc}). Erlaubt sind nur die Einträge "
            '„kurs“, „leitfaden“ und „seminar“ mit einem Dateinamen, z. B. leitfaden = "….txt".'
        ) from None
