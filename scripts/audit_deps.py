"""Honest dependency audit: which installed versions could be checked against PyPI advisories.

Why not just ``pip-audit``: from this environment it cannot reach a vulnerability database
(PyPI's per-version JSON answers 404), skips every package and still prints "No known
vulnerabilities found" — that is not a result. What *can* be checked: PyPI's
``/pypi/<name>/json`` lists the advisories of the **latest** release. So a package is

* ``checked``    — the installed version is the latest release; its advisories are known,
* ``vulnerable`` — checked, and PyPI lists advisories for it (unless accepted below),
* ``unchecked``  — an older version (its advisories are not published there) or PyPI not
  reachable. Never reported as safe.

Only the project's direct dependencies (pyproject.toml) are looked up — a few requests, not a
bulk scan; transitive packages are counted as unchecked. Exit code: 1 if a checked package is
vulnerable and not accepted, 2 if any direct dependency stayed unchecked, else 0.

Usage: ``.venv/bin/python scripts/audit_deps.py [--json]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPI = "https://pypi.org/pypi/{name}/json"
# Advisories we know of and live with (exact ids: a new advisory is not accepted silently),
# each with the mitigation that makes it acceptable.
CHROMA_SERVER_MODE = (
    "Advisories betreffen den Chroma-Server-Modus (u. a. CVE-2026-45829, Code-Einschleusung "
    "ohne Anmeldung über den collections-Endpunkt); der Tutor nutzt Chroma eingebettet, ein "
    "`chroma run` darf nur an 127.0.0.1 oder ein privates Netz gebunden werden."
)
ACCEPTED: dict[str, tuple[frozenset[str], str]] = {
    "chromadb": (
        frozenset(
            {
                "GHSA-f4j7-r4q5-qw2c",
                "PYSEC-2026-311",
                "GHSA-2wm9-hf6c-p5cr",
                "GHSA-36p7-vc44-83pf",
                "GHSA-xph7-9rjv-w5fr",
                "PYSEC-2026-3813",
                "PYSEC-2026-3814",
                "PYSEC-2026-3815",
            }
        ),
        CHROMA_SERVER_MODE,
    ),
}


@dataclass
class Result:
    """Audit outcome of one package."""

    name: str
    installed: str | None
    status: str  # checked | vulnerable | accepted | unchecked
    latest: str | None = None
    advisories: list[str] = field(default_factory=list)
    note: str = ""


def direct_dependencies() -> list[str]:
    """Names of the project's runtime dependencies from pyproject.toml."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = [re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0] for d in data["project"]["dependencies"]]
    return sorted({n.strip() for n in names if n.strip()})


def latest_release(name: str) -> dict | None:
    """PyPI's JSON for the latest release of ``name`` (None if unreachable)."""
    try:
        with urllib.request.urlopen(PYPI.format(name=name), timeout=20) as response:
            return json.load(response)
    except (urllib.error.URLError, TimeoutError, ValueError):
        return None


def audit(name: str) -> Result:
    """Check one installed package against the advisories of PyPI's latest release."""
    try:
        installed = metadata.version(name)
    except metadata.PackageNotFoundError:
        return Result(name, None, "unchecked", note="nicht installiert")
    data = latest_release(name)
    if data is None:
        return Result(name, installed, "unchecked", note="PyPI nicht erreichbar")
    latest = data["info"]["version"]
    if latest != installed.split("+")[0]:  # "2.13.0+cpu" is release 2.13.0
        return Result(
            name,
            installed,
            "unchecked",
            latest,
            note=f"nicht die neueste Version ({latest}); Hinweise nur für diese veröffentlicht",
        )
    ids = [v.get("id", "?") for v in data.get("vulnerabilities") or [] if not v.get("withdrawn")]
    if not ids:
        return Result(name, installed, "checked", latest)
    known, reason = ACCEPTED.get(name, (frozenset(), ""))
    if set(ids) <= known:
        return Result(name, installed, "accepted", latest, ids, reason)
    return Result(name, installed, "vulnerable", latest, ids, "")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    results = [audit(name) for name in direct_dependencies()]
    transitive = len({d.metadata["Name"].lower() for d in metadata.distributions()}) - len(results)
    counts = {
        s: sum(r.status == s for r in results)
        for s in ("checked", "vulnerable", "accepted", "unchecked")
    }
    if args.json:
        print(
            json.dumps(
                {
                    "counts": counts,
                    "transitive_unchecked": transitive,
                    "packages": [asdict(r) for r in results],
                },
                ensure_ascii=False,
            )
        )
    else:
        for r in results:
            extra = f" {', '.join(r.advisories)}" if r.advisories else ""
            print(f"{r.status:10} {r.name} {r.installed or '-'}{extra} {r.note}".rstrip())
        print(
            f"\n{counts['checked']} geprüft ohne Befund, {counts['vulnerable']} verwundbar, "
            f"{counts['accepted']} mit bekannten, begründet akzeptierten Hinweisen, "
            f"{counts['unchecked']} direkte Abhängigkeiten NICHT prüfbar, "
            f"{transitive} transitive Pakete NICHT geprüft."
        )
    if counts["vulnerable"]:
        return 1
    return 2 if counts["unchecked"] else 0


if __name__ == "__main__":
    sys.exit(main())
