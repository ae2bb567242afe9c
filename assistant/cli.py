"""The `kehoach` command line: documents, records, ingest, search, ask, eval, serve, models."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from assistant.sanitize import sanitize_text
from corpus.settings import Settings, load_settings

console = Console()


def _from_argv(arg: str) -> str:
    """A command-line argument as text: bytes that were not UTF-8 (surrogate-escaped by Python) become U+FFFD."""
    return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


def _print_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))


def _table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    table = Table(title=title, show_lines=False, expand=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[str(c) if c is not None else "" for c in row])
    console.print(table)


@click.group()
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), help="Data directory (KEHOACH_HOME).")
@click.option("--chroma-url", help="Chroma server URL (KEHOACH_CHROMA_URL); default: local on-disk store.")
@click.option("--embed-model", help="sentence-transformers model name or path (KEHOACH_EMBED_MODEL).")
@click.pass_context
def main(ctx: click.Context, home: Path | None, chroma_url: str | None, embed_model: str | None) -> None:
    """Trợ lý Kế hoạch: cited answers about provincial plans and resolutions."""
    ctx.ensure_object(dict)
    ctx.obj["settings"] = load_settings(home=home, chroma_url=chroma_url, embed_model=embed_model)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def docs(ctx: click.Context, as_json: bool) -> None:
    """List documents with their metadata (origin included)."""
    from index.build import load_catalog

    items = [d.meta() | {"source_path": d.source_path} for d in load_catalog(_settings(ctx))]
    if as_json:
        _print_json(items)
        return
    _table("Văn bản", ["doc_id", "Tiêu đề", "Số hiệu", "Ngày", "Cơ quan", "Tỉnh", "Chỉ tiêu", "Nhiệm vụ", "origin"],
           [[d["doc_id"], d["title"][:70], d["so_hieu"], d["date_issued"], d["issuer"], d["province"],
             d["n_indicators"], d["n_tasks"], d["origin"]] for d in items])


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--province", help="Province (old names accepted, diacritics optional).")
@click.option("--year", type=int, help="Year the target is set for.")
@click.option("--doc", help="doc_id")
@click.option("--agency", help="Lead or co-operating agency (substring).")
@click.pass_context
def indicators(ctx: click.Context, as_json: bool, province: str | None, year: int | None, doc: str | None,
               agency: str | None) -> None:
    """List indicator records (targets per year with lead and partner agencies)."""
    from index.build import load_catalog
    from index.lookup import filter_indicators

    items = [i for d in load_catalog(_settings(ctx)) for i in d.indicators]
    items = filter_indicators(items, province=province, year=year, doc=doc, agency=agency)
    if as_json:
        _print_json([asdict(i) for i in items])
        return
    _table(f"Chỉ tiêu ({len(items)})", ["Văn bản", "Tỉnh", "Nhóm", "Mã", "Chỉ tiêu", "Đơn vị", "Mục tiêu", "Chủ trì"],
           [[i.doc_id, i.province, i.group[:30], i.code, i.name[:70], i.unit,
             "; ".join(f"{t.period}: {t.raw}" for t in i.targets), i.lead[:40]] for i in items])


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--agency", help="Agency named as responsible, lead or co-operating (substring).")
@click.option("--due-before", type=click.DateTime(["%Y-%m-%d"]), help="Deadline ends on or before (YYYY-MM-DD).")
@click.option("--doc", help="doc_id")
@click.pass_context
def tasks(ctx: click.Context, as_json: bool, agency: str | None, due_before: object, doc: str | None) -> None:
    """List task records with agencies and normalised deadlines."""
    from index.build import load_catalog
    from index.lookup import filter_tasks

    items = [t for d in load_catalog(_settings(ctx)) for t in d.tasks]
    before = due_before.date() if due_before else None  # type: ignore[attr-defined]
    items = filter_tasks(items, agency=agency, due_before=before, doc=doc)
    if as_json:
        _print_json([asdict(t) for t in items])
        return
    _table(f"Nhiệm vụ ({len(items)})", ["Văn bản", "Mã", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Chuẩn hóa"],
           [[t.doc_id, t.code, t.title[:70], t.lead[:40], t.deadline.raw[:50] if t.deadline else "",
             (("thường xuyên" if t.deadline.recurring else f"{t.deadline.start} → {t.deadline.end}")
              if t.deadline else "")] for t in items])


def collect_files(paths: list[Path]) -> tuple[list[Path], list[dict]]:
    """Files to ingest: a file as given, a directory walked recursively (sorted; hidden entries and kinds
    that cannot be read are skipped, each with its reason)."""
    from corpus.readers import SUPPORTED

    files: list[Path] = []
    skipped: list[dict] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for p in sorted(path.rglob("*")):
            rel = p.relative_to(path)
            if not p.is_file() or any(part.startswith((".", "~$")) for part in rel.parts):
                continue
            if p.suffix.lower() not in SUPPORTED:
                skipped.append({"file": str(p), "code": "unsupported",
                                "reason": f"«{p.name}»: loại tệp {p.suffix or '(không đuôi)'} không được hỗ trợ"})
                continue
            files.append(p)
    return files, skipped


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@click.option("--replace", metavar="DOC_ID", help="Replace this document with FILE (exactly one file). Without it a "
              "file never replaces a document: a taken id gets a suffix (bao-cao-2).")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], as_json: bool, replace: str | None) -> None:
    """Add documents (files or directories, walked recursively) in one process; identical files change
    nothing; --replace DOC_ID replaces one. Exits 1 when any file was refused."""
    from index.build import ensure_index
    from index.build import ingest as do_ingest
    from index.embeddings import Embedder
    from index.integrity import actor

    settings = _settings(ctx)
    files, skipped = collect_files(list(paths))
    if replace is not None and len(files) != 1:
        raise click.UsageError("--replace cần đúng một tệp.")
    embedder = Embedder(settings, progress=not as_json)  # the model itself loads only if a chunk is not cached
    try:
        ensure_index(settings, embedder, progress=not as_json)
        report = do_ingest(files, settings, embedder, progress=not as_json, replace=replace, who=actor("cli"))
    except KeyboardInterrupt:  # Ctrl-C: ingest removed what it had started; the index is the last good one
        from index.build import current_generation

        gen = current_generation(settings)
        click.echo(f"Đã dừng theo yêu cầu (Ctrl-C). Không tệp nào được thêm; chỉ mục giữ nguyên "
                   f"({gen.name if gen else 'chưa có'}).", err=True)
        sys.exit(130)
    if as_json:
        _print_json(asdict(report) | {"skipped": skipped, "files": len(files), "model_loaded": embedder.loaded})
    else:
        if report.fault:
            console.print(f"[yellow]Cảnh báo:[/yellow] {report.fault}")
        if report.recovered:
            console.print(f"Khôi phục từ tệp nguồn đã lưu: {report.recovered}")
        console.print(f"Thêm: {report.added}  Thay thế: {report.updated}  Không đổi: {report.unchanged}")
        for r in report.renamed:
            console.print(f"[yellow]«{r['file']}»:[/yellow] đã có văn bản mã «{r['collides_with']}»; tệp được thêm "
                          f"thành văn bản mới «{r['doc_id']}», văn bản cũ giữ nguyên (muốn thay thế: "
                          f"--replace {r['collides_with']}).")
        for s in skipped:
            console.print(f"[yellow]Bỏ qua:[/yellow] {s['reason']}")
        for err in report.errors:
            console.print(f"[red]Từ chối:[/red] {Path(err['file']).name}: {err['reason']}")
        console.print(f"Tổng kết: {len(files)} tệp — thêm {len(report.added)}, cập nhật {len(report.updated)}, "
                      f"bỏ qua {len(report.unchanged) + len(skipped)} (không đổi {len(report.unchanged)}, "
                      f"loại tệp không hỗ trợ {len(skipped)}), từ chối {len(report.errors)}.")
        console.print(f"Chỉ mục: {report.generation} ({report.seconds:.1f} s"
                      + ("" if embedder.loaded else "; không cần nạp mô hình, mọi đoạn đã có vector") + ")")
    sys.exit(1 if report.errors else 0)


@main.command()
@click.argument("doc_ids", nargs=-1, required=True)
@click.pass_context
def remove(ctx: click.Context, doc_ids: tuple[str, ...]) -> None:
    """Remove documents from the index by doc_id."""
    from index.build import remove as do_remove
    from index.integrity import actor

    report = do_remove(list(doc_ids), _settings(ctx), who=actor("cli"))
    console.print(f"Đã xóa: {report.removed}")
    for err in report.errors:
        console.print(f"[red]Lỗi:[/red] {err['reason']}")
    sys.exit(1 if report.errors else 0)


@main.command()
@click.argument("doc_id", required=False)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def undo(ctx: click.Context, doc_id: str | None, as_json: bool) -> None:
    """Undo the latest replace or remove (of DOC_ID if given): the old version comes back. Run again to undo the
    change before it."""
    from index.build import undo as do_undo
    from index.integrity import actor

    entry, report = do_undo(_settings(ctx), doc_id, progress=not as_json, who=actor("cli"))
    if as_json:
        _print_json({"undone": entry, "report": asdict(report)})
    elif entry is None:
        console.print("Không có thay thế hoặc xóa nào để hoàn tác" + (f" cho «{doc_id}»." if doc_id else "."))
    elif report.errors:
        for err in report.errors:
            console.print(f"[red]Lỗi:[/red] {err['reason']}")
    else:
        what = "thay thế" if entry.get("action") == "replace" else "xóa"
        console.print(f"Đã hoàn tác lần {what} văn bản «{entry['doc_id']}» lúc {entry.get('time', '?')}: "
                      f"bản cũ đã trở lại (chỉ mục {report.generation}).")
    sys.exit(1 if entry is None or report.errors else 0)


@main.command()
@click.argument("query", required=False)
@click.option("--json", "as_json", is_flag=True)
@click.option("-k", "k", default=8, show_default=True)
@click.option("--batch", type=click.File("r", encoding="utf-8", errors="replace"),
              help="One query per line; JSON Lines out.")
@click.option("--mode", type=click.Choice(["fused", "dense", "lexical"]), default="fused", show_default=True)
@click.option("--province")
@click.option("--doc")
@click.option("--year", type=int)
@click.option("--kind", type=click.Choice(["prose", "indicator", "task", "document"]))
@click.pass_context
def search(ctx: click.Context, query: str | None, as_json: bool, k: int, batch: object, mode: str,
           province: str | None, doc: str | None, year: int | None, kind: str | None) -> None:
    """Ranked chunks for a query (hybrid dense + BM25 retrieval)."""
    from corpus.provinces import canonical
    from index.retrieve import Filters, Index

    index = Index(_settings(ctx))
    filters = Filters(doc_ids=[doc] if doc else None, provinces=[canonical(province) or province] if province else None,
                      years=[year] if year else None, kinds=[kind] if kind else None)
    if index.fault:
        click.echo(f"Cảnh báo: {index.fault}", err=True)
    if batch is not None:
        for line in batch:  # type: ignore[attr-defined]
            q = sanitize_text(line)
            if q:
                hits = index.search(q, k, filters, mode)
                click.echo(json.dumps([h.as_dict() for h in hits], ensure_ascii=False))
        return
    query = sanitize_text(_from_argv(query))
    if not query:
        raise click.UsageError("Cần một câu truy vấn hoặc --batch FILE.")
    hits = index.search(query, k, filters, mode)
    if as_json:
        _print_json([h.as_dict() for h in hits])
        return
    _table(f"Kết quả cho «{query}»", ["#", "doc_id", "Loại", "Vị trí", "Điểm", "Nội dung"],
           [[n, h.metadata["doc_id"], h.metadata["kind"], h.metadata["locator"][:50], f"{h.score:.4f}",
             h.text.split("\n", 1)[-1][:160]] for n, h in enumerate(hits, start=1)])


@main.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract.")
@click.option("--batch", type=click.File("r", encoding="utf-8", errors="replace"),
              help="One question per line; JSON Lines out (a line that is not UTF-8 is read with U+FFFD).")
@click.option("--province")
@click.option("--year", type=int)
@click.option("--doc")
@click.option("--llm", is_flag=True, help="Let the configured LLM phrase the answer (checked against sources).")
@click.pass_context
def ask(ctx: click.Context, question: str | None, as_json: bool, batch: object, province: str | None,
        year: int | None, doc: str | None, llm: bool) -> None:
    """Answer a question with citations (grounded by default)."""
    from assistant.answer import Answer
    from assistant.api import Assistant, QuestionError

    assistant = Assistant(_settings(ctx), progress=not (as_json or batch))
    if getattr(assistant.index, "fault", ""):
        click.echo(f"Cảnh báo: {assistant.index.fault}", err=True)
    filters = {"province": province, "year": year, "doc": doc, "llm": llm}
    if batch is not None:
        for line in batch:  # type: ignore[attr-defined]
            q = sanitize_text(line)
            if not q:
                continue
            try:
                out = assistant.ask(q, **filters).to_dict()
            except QuestionError as exc:
                out = {"question": q, "status": "error", "answer": str(exc), "citations": [], "facts": []}
            except Exception as exc:  # one bad line never loses the rest of the batch
                out = {"question": q, "status": "error", "citations": [], "facts": [],
                       "answer": f"Lỗi khi trả lời: {exc.__class__.__name__}."}
            click.echo(json.dumps(out, ensure_ascii=False))
        return
    if question is None:
        raise click.UsageError("Cần một câu hỏi hoặc --batch FILE.")
    question = _from_argv(question)
    try:
        answer = assistant.ask(question, **filters)
    except QuestionError as exc:
        answer = Answer(sanitize_text(question), "error", str(exc))
    if answer.status == "error":
        if as_json:
            _print_json({"question": answer.question, "status": "error", "answer": answer.answer, "citations": [],
                         "facts": []})
        else:
            console.print(f"[red]{answer.answer}[/red]")
        sys.exit(2)
    if as_json:
        _print_json(answer.to_dict())
        return
    console.print(answer.answer)
    for cit in answer.citations:
        console.print(f"[dim][{cit.n}] {cit.doc_id} · {cit.locator} · dòng {cit.lines[0]}–{cit.lines[1]}: "
                      f"«{cit.quote[:200]}»[/dim]")


@main.command()
@click.option("--repair", is_flag=True, help="Rebuild a faulty index, recreate a corrupt embedding cache, clean leftovers.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def doctor(ctx: click.Context, repair: bool, as_json: bool) -> None:
    """Check index generations (checksums), the embedding cache and leftovers of interrupted ingests."""
    from index import doctor as checks

    settings = _settings(ctx)
    d = checks.repair(settings, progress=not as_json) if repair else checks.diagnose(settings)
    if as_json:
        _print_json(d.as_dict())
    else:
        for g in d.generations:
            mark = "[green]ok[/green]" if not g["problems"] else "[red]hỏng[/red]: " + "; ".join(g["problems"])
            console.print(f"{'*' if g['current'] else ' '} {g['name']}: {mark}")
        console.print(f"Đang trả lời từ: {d.serving or '(không có)'}")
        console.print(f"Bộ nhớ đệm vector: {'[red]hỏng[/red]: ' + d.cache if d.cache else '[green]ok[/green]'}")
        for line in d.repaired:
            console.print(f"[green]Đã sửa:[/green] {line}")
        for line in d.problems:
            console.print(f"[red]Lỗi:[/red] {line}")
        console.print("[green]Không phát hiện lỗi.[/green]" if d.ok else
                      ("" if repair else "Chạy «kehoach doctor --repair» để sửa."))
    sys.exit(0 if d.ok else 1)


@main.group()
def models() -> None:
    """Offline models (EmbeddingGemma-300M, optional Qwen2.5-Coder GGUF)."""


@models.command("fetch")
@click.argument("names", nargs=-1)
@click.pass_context
def models_fetch(ctx: click.Context, names: tuple[str, ...]) -> None:
    """Fetch and verify models into the cache: embedder (default), llm, llm-small."""
    from index import model_fetch

    settings = _settings(ctx.parent)  # type: ignore[arg-type]
    for name in names or ("embedder",):
        path = model_fetch.fetch(name, settings.models_dir, progress=True)
        console.print(f"{name}: {path}")


if __name__ == "__main__":
    main()
