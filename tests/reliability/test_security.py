"""Security checks kept as tests.

- Document text is escaped wherever it is shown: a document carrying <script>, <img onerror> and a spreadsheet
  formula is ingested, asked about, and its source cards, viewer, chat message, DOCX report and CSV/XLSX exports
  hold the text as text (no live markup, no formula).
- No API parameter of the running app can name a file outside KEHOACH_HOME (`../` and absolute paths on every
  event that takes a document id or a file), and Gradio's file route serves nothing from outside its own folders.
- Uploads keep a sanitised name inside KEHOACH_HOME/files.
- KEHOACH_AUTH protects the API endpoints as well as the page; repeated failed logins are locked out (429).
- The server binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import dataclasses
import re
import time
import zipfile
from pathlib import Path

import httpx
import pytest
from gradio_client import Client
from helpers import settings_for
from ui_helpers import free_port, running_app

from assistant.api import Assistant
from index.build import ingest
from index.retrieve import Index

SCRIPT = "<script>alert('x')</script>"
IMG = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","bấm")'


def live_markup(html: str) -> list[str]:
    """Elements and attributes a browser would run or load that came from the document: <script>, <img>,
    <iframe>, and any on…= handler (the page's own markup has none of them)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in {"script", "img", "iframe", "object", "embed"}:
                found.append(tag)
            found.extend(f"{tag}[{name}]" for name, _ in attrs if name.startswith("on"))

    Finder().feed(html)
    return found


def write_evil_plan(path: Path) -> Path:
    path.write_text("\n".join([
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "", "KẾ HOẠCH",
        f"Phát triển thư viện trường học tỉnh Nghệ An đến năm 2030 {SCRIPT}", "",
        "I. MỤC TIÊU", f"Nâng cao chất lượng thư viện {IMG} trên địa bàn tỉnh Nghệ An.", "",
        "STT\tChỉ tiêu\tĐơn vị\tNăm 2030\tCơ quan chủ trì",
        f"1\tTỷ lệ thư viện đạt chuẩn {SCRIPT}\t%\t≥ 65%\tSở Giáo dục và Đào tạo {IMG}",
        f"2\t{FORMULA}\t%\t≥ 40%\tSở Tài chính", "",
    ]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def evil(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("evil")
    settings = settings_for(root / "home")
    report = ingest([write_evil_plan(root / "nghe-an-thu-vien.txt")], settings, embedder, progress=False)
    assert report.added == ["nghe-an-thu-vien"], report
    assistant = Assistant(settings, index=Index(settings, embedder=embedder, progress=False))
    return settings, assistant


def test_document_text_is_escaped_in_cards_viewer_chat_and_report(evil):
    from ui import render, report

    _settings, assistant = evil
    answer = assistant.ask("Tỷ lệ thư viện đạt chuẩn của Nghệ An năm 2030 là bao nhiêu?").to_dict()
    assert answer["status"] == "answered", answer
    assert any("script" in c["quote"] for c in answer["citations"]), answer["citations"]
    shown = {
        "cards": render.source_cards(answer),
        "viewer": render.viewer_for_citation(answer, 1, assistant.index.docs_by_id),
        "whole document": render.document_viewer(assistant.index.docs_by_id["nghe-an-thu-vien"]),
        "chat": render.answer_markdown(answer, msg=1),
    }
    for where, html in shown.items():
        assert not live_markup(html), (where, live_markup(html))
    assert "&lt;script&gt;" in shown["cards"] and "&lt;img" in shown["whole document"]
    docx = Path(report.export_docx([answer], {d.doc_id: d.title for d in assistant.docs}))
    with zipfile.ZipFile(docx) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert "&lt;script&gt;" in xml and "<script" not in xml and "<img" not in xml  # the text, as text


def test_exports_hold_formulas_as_text(evil):
    import openpyxl

    from ui import tables

    _settings, assistant = evil
    df = tables.indicator_rows(assistant.indicators, assistant.docs_by_id)
    assert df.astype(str).apply(lambda col: col.str.contains("HYPERLINK", regex=False)).any().any()
    csv_text = Path(tables.export(df, "chi-tieu", "csv")).read_text(encoding="utf-8-sig")
    cells = [c.strip('"') for line in csv_text.splitlines() for c in line.split(",")]
    assert not [c for c in cells if c[:1] in ("=", "+", "@")], "a CSV cell starts like a formula"
    assert "HYPERLINK" in csv_text and SCRIPT.replace("'", "") in csv_text.replace("'", "")
    wb = openpyxl.load_workbook(tables.export(df, "chi-tieu", "xlsx"))
    for row in wb.active.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)


def test_uploads_keep_a_sanitised_name_inside_the_files_folder(tmp_path, embedder):
    from ui.uploads import ingest_uploads

    settings = settings_for(tmp_path / "home")
    src = tmp_path / "src"
    src.mkdir()
    names = ["..evil.txt", "bad;rm -rf $(id) `x`.txt", "Kế hoạch <b>Nghệ An<b>.TXT", "%2e%2e%2fpasswd.txt",
             "..%5c..%5cwin.ini.txt", " .txt"]
    paths = []
    for i, name in enumerate(names):  # tiny distinct documents (one or two chunks each, embedded once)
        paths.append(src / name)
        paths[-1].write_text(f"KẾ HOẠCH\nBảo vệ hệ thống thông tin số {i} của tỉnh Nghệ An.\n", encoding="utf-8")

    def run(staged, on_progress=None, replace=None):
        return ingest(staged, settings, embedder, progress=False, on_progress=on_progress, replace=replace)

    result = ingest_uploads(paths, settings, run)
    assert len(result.added) == len(names), result
    files = settings.home / "files"
    kept = [p for p in files.rglob("*") if p.is_file()]
    assert len(kept) == len(names)
    for p in kept:
        assert p.parent == files and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.txt", p.name), p
        assert p.resolve().is_relative_to(settings.home.resolve())
    outside = {p.name for p in tmp_path.iterdir()} | {p.name for p in tmp_path.parent.iterdir()}
    assert not {"passwd.txt", "win.ini.txt", "evil.txt"} & outside


# ------------------------------------------------------------------ the running app


@pytest.fixture(scope="module")
def app(evil):
    settings, assistant = evil
    with running_app(settings, assistant) as (demo, url):
        yield demo, url


def raw_call(url: str, fn_index: int, data: list) -> str:
    """One event through Gradio's queue over plain HTTP (join, then read the event stream to its end)."""
    session = f"sec{time.time_ns()}"
    joined = httpx.post(f"{url}gradio_api/queue/join", json={"data": data, "fn_index": fn_index,
                                                             "session_hash": session, "event_data": None,
                                                             "trigger_id": None}, timeout=30)
    if joined.status_code != 200:
        return joined.text
    with httpx.stream("GET", f"{url}gradio_api/queue/data", params={"session_hash": session}, timeout=60) as r:
        text = ""
        for line in r.iter_lines():
            text += line + "\n"
            if "process_completed" in line:
                break
    return text


def view_doc_direct(demo, doc_id: str) -> str:
    """The viewer event's own function called with any value (as if the choice check were gone)."""
    fn = next(fn for fn in demo.fns.values() if getattr(fn, "name", "") == "view_doc")
    return fn.fn(doc_id)


def _fn_index(demo, name: str) -> int:
    return next(i for i, fn in demo.fns.items() if getattr(fn, "name", "") == name)


def test_no_event_reads_a_path_outside_the_data_directory(app, evil, tmp_path):
    demo, url = app
    settings, _assistant = evil
    secret = settings.home.parent / "bi-mat.txt"
    secret.write_text("MẬT KHẨU: hunter2", encoding="utf-8")
    attempts = ["../bi-mat.txt", "../../etc/passwd", "/etc/passwd", str(secret), "files/../../bi-mat.txt",
                "nghe-an-thu-vien/../../bi-mat", "..\\..\\bi-mat.txt", "%2e%2e/bi-mat.txt"]
    client = Client(url, verbose=False, download_files=False)
    view = _fn_index(demo, "view_doc")
    for attempt in attempts:  # the viewer takes a document id: Gradio refuses a value not offered, and only ids
        try:                  # of the index open anything anyway
            html = client.predict(attempt, fn_index=view)
        except Exception as exc:
            assert "not in the list of choices" in str(exc) and "hunter2" not in str(exc)
            html = ""
        assert "hunter2" not in html and "root:" not in html, attempt
        assert "hunter2" not in view_doc_direct(demo, attempt)
    # the upload event takes files: a FileData naming a path the server did not receive as an upload is refused
    # (sent raw: gradio_client would upload a local file itself)
    ingest_fn = _fn_index(demo, "do_ingest")
    before = sorted(p.name for p in (settings.home / "files").iterdir())
    for attempt in [str(secret), "/etc/passwd", "../../bi-mat.txt", f"{settings.home}/../bi-mat.txt"]:
        out = raw_call(url, ingest_fn, [[{"path": attempt, "meta": {"_type": "gradio.FileData"}}], ""])
        assert "hunter2" not in out and "root:" not in out and "Đã thêm" not in out, (attempt, out[:300])
        assert "process_completed" in out and '"success": false' in out.replace('"success":false', '"success": false')
    assert sorted(p.name for p in (settings.home / "files").iterdir()) == before
    # replace names a document id: a path is refused like any value that is not offered
    out = raw_call(url, ingest_fn, [None, "../../bi-mat.txt"])
    assert "Đã" not in out and "hunter2" not in out
    # Gradio's file route serves nothing outside its own upload and cache folders
    for attempt in [str(secret), "/etc/passwd", str(settings.home / "files" / "nghe-an-thu-vien.txt"),
                    "../../../../etc/passwd"]:
        r = httpx.get(f"{url}gradio_api/file={attempt}")
        assert r.status_code in (403, 404) and "hunter2" not in r.text and "root:" not in r.text, (attempt, r.status_code)


def test_server_binds_to_loopback_unless_told(monkeypatch, evil):
    from corpus.settings import Settings
    from ui.app import launch

    monkeypatch.delenv("KEHOACH_HOST", raising=False)
    monkeypatch.setenv("GRADIO_SERVER_NAME", "0.0.0.0")  # Gradio's own variable does not widen it
    assert Settings().host == "127.0.0.1"
    settings, assistant = evil
    settings = dataclasses.replace(settings, host=Settings().host, port=free_port())
    demo = launch(settings, assistant=assistant, prevent_thread_lock=True, quiet=True)
    try:
        assert demo.server_name == "127.0.0.1"
        listening = set()
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:] + Path("/proc/net/tcp6").read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == settings.port:
                listening.add(local.rsplit(":", 1)[0])
        assert listening == {"0100007F"}, listening  # 127.0.0.1 only
    finally:
        demo.close()


@pytest.fixture
def auth_app(evil, monkeypatch):
    from ui import app as app_module

    monkeypatch.setattr(app_module.LoginLimiter, "MAX_FAILURES", 3)
    monkeypatch.setattr(app_module.LoginLimiter, "LOCK_SECONDS", 2.0)
    settings, assistant = evil
    settings = dataclasses.replace(settings, auth="can_bo:mat-khau", host="127.0.0.1", port=free_port())
    demo = app_module.launch(settings, assistant=assistant, prevent_thread_lock=True, quiet=True)
    try:
        yield demo, demo.local_url
    finally:
        demo.close()


def test_auth_protects_every_api_route(auth_app):
    _demo, url = auth_app
    api = f"{url}gradio_api"
    denied = [httpx.get(url + "config"), httpx.get(f"{api}/info"), httpx.get(f"{api}/openapi.json"),
              httpx.post(f"{api}/call/ask", json={"data": ["Mục tiêu HDI 2035?"]}),
              httpx.post(f"{api}/queue/join", json={"data": ["x"], "fn_index": 0, "session_hash": "abc"}),
              httpx.post(f"{api}/upload", files={"files": ("a.txt", b"x")}),
              httpx.get(f"{api}/file=/etc/passwd")]
    for r in denied:
        assert r.status_code in (401, 403), (r.request.url, r.status_code, r.text[:200])
    with pytest.raises(Exception, match="credentials|login"):
        Client(url, verbose=False)
    client = Client(url, auth=("can_bo", "mat-khau"), verbose=False, download_files=False)
    assert client.predict("Tỷ lệ thư viện đạt chuẩn của Nghệ An năm 2030?", api_name="/ask")["status"] == "answered"


def test_failed_logins_are_locked_out(auth_app):
    _demo, url = auth_app

    def login(user, password):
        return httpx.post(f"{url}login", data={"username": user, "password": password})

    assert [login("can_bo", f"sai-{i}").status_code for i in range(3)] == [400, 400, 400]
    locked = login("can_bo", "mat-khau")  # the right password, but too many failures just before
    assert locked.status_code == 429 and "thử lại sau" in locked.json()["detail"]
    assert login("nguoi-khac", "mat-khau").status_code == 429  # the same client, another name: locked too
    time.sleep(2.2)
    assert login("can_bo", "mat-khau").status_code == 200
