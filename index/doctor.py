"""`kehoach doctor [--repair]`: check index generations, kept source files and the embedding cache;
repair rebuilds from the last verified generation plus the kept sources and recreates a corrupt cache."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from corpus.settings import Settings
from index import build, integrity
from index.embeddings import EmbeddingCache


@dataclass
class Diagnosis:
    generations: list[dict] = field(default_factory=list)  # {"name", "current", "problems"}
    current: str | None = None  # the generation CURRENT names
    serving: str | None = None  # the generation answers come from
    cache: str = ""  # '' = the embedding cache is sound, else the problem
    debris: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # Vietnamese, one per fault
    repaired: list[str] = field(default_factory=list)  # Vietnamese, one per repair done

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {**self.__dict__, "ok": self.ok}


def cache_path(settings: Settings) -> Path:
    return settings.cache_dir / "embeddings.sqlite"


def check_cache(path: Path) -> str:
    """sqlite's quick check of the embedding cache, read-only ('' = sound or absent)."""
    if not path.exists():
        return ""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            rows = db.execute("PRAGMA quick_check").fetchall()
            db.execute("SELECT count(*) FROM vectors").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    result = "; ".join(str(r[0]) for r in rows)
    return "" if result == "ok" else result


def _vectors_problem(gen: Path) -> str:
    """'' if the generation's vector stores (its own and its layers) open, hold every vector and answer a query."""
    return build.vectors_problem(gen)


def _debris(settings: Settings) -> list[str]:
    root = build.index_dir(settings)
    found = [str(p) for p in root.iterdir() if p.name.startswith("tmp-")] if root.exists() else []
    pending = settings.home / "files" / build.PENDING
    if pending.is_dir():
        found += [str(p) for p in pending.iterdir()]
    return found


def diagnose(settings: Settings) -> Diagnosis:
    d = Diagnosis()
    health = build.index_health(settings, files=integrity.CHECKED_FILES)
    d.current = health.pointer
    d.serving = health.base.name if health.base else None
    names = sorted({*health.problems, *(g.name for g in build.generations(settings))}, reverse=True)
    for name in names:
        problems = list(health.problems.get(name, []))
        if not problems and name == d.serving:
            vec = _vectors_problem(build.index_dir(settings) / name)
            if vec:
                problems.append(vec)
        d.generations.append({"name": name, "current": name == d.current, "problems": problems})
        if problems and name == d.current:
            d.problems.append(f"Thế hệ chỉ mục hiện tại {name} bị hỏng: " + "; ".join(problems) + ".")
    if not health.ok and health.base is not None and health.pointer != health.base.name:
        if not any(g["name"] == health.pointer for g in d.generations):
            d.problems.append(f"Thế hệ chỉ mục hiện tại {health.pointer} không còn.")
        d.problems.append(f"Đang trả lời từ bản dự phòng {health.base.name}.")
    serving = next((g for g in d.generations if g["name"] == d.serving), None)
    if serving and serving["problems"] and d.serving != d.current:
        d.problems.append(f"Bản dự phòng {d.serving} cũng lỗi: " + "; ".join(serving["problems"]) + ".")
    if health.base is None and (health.pointer or health.kept_files):
        d.problems.append("Không có thế hệ chỉ mục nào hợp lệ; cần dựng lại từ các tệp nguồn đã lưu.")
    if health.base is not None:
        from index.embeddings import Embedder

        info = build.generation_info(health.base)
        mismatch = build.vector_mismatch(info, Embedder.id_for(settings),
                                          Embedder.backend_for(settings, build.stored_backend(info)))
        if mismatch:
            d.problems.append(mismatch)
    d.cache = check_cache(cache_path(settings))
    if d.cache:
        d.problems.append(f"Bộ nhớ đệm vector {cache_path(settings)} bị hỏng: {d.cache}.")
    d.debris = _debris(settings)
    if d.debris:
        d.problems.append(f"Còn {len(d.debris)} mục sót lại của lần nạp bị ngắt.")
    return d


def repair(settings: Settings, embedder=None, progress: bool = True) -> Diagnosis:
    """Quarantine a corrupt cache, clean leftovers, rebuild the index if it is faulty; then diagnose again."""
    before = diagnose(settings)
    done = []
    if before.cache:
        cache = embedder.cache if embedder is not None else EmbeddingCache(cache_path(settings))
        aside = cache.repair() or (cache.quarantined[-1] if cache.quarantined else None)
        done.append(f"Đã chuyển bộ nhớ đệm hỏng sang {aside} và tạo bộ nhớ đệm mới.")
    index_faulty = any(p.startswith(("Thế hệ", "Đang trả lời", "Bản dự phòng", "Không có thế hệ"))
                       or "không trộn hai loại vector" in p for p in before.problems)
    if index_faulty:
        report = build.rebuild(settings, embedder, progress, who=integrity.actor("doctor"))
        if report.generation:
            done.append(f"Đã dựng lại chỉ mục: thế hệ mới {report.generation} "
                        f"({len(report.unchanged) + len(report.recovered)} văn bản"
                        + (f", khôi phục từ tệp nguồn: {', '.join(report.recovered)}" if report.recovered else "")
                        + ").")
    cleaned = build.clean_debris(settings)
    if cleaned:
        done.append(f"Đã dọn {len(cleaned)} mục sót lại của lần nạp bị ngắt.")
    if build.current_generation(settings) is None:
        build.ensure_index(settings, embedder, progress)
        done.append("Đã xây dựng chỉ mục từ kho văn bản mặc định.")
    after = diagnose(settings)
    after.repaired = done
    return after
