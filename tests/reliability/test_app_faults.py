"""The app under faults: a corrupt current index generation (the answers come from the fallback) shows a
Vietnamese banner above every tab naming the fault and `kehoach doctor --repair`, which goes once repaired; the
upload has a cancel button wired to the ingest event (cancels=) and an undo button next to the change log."""

from __future__ import annotations

import shutil

import pytest
from helpers import build_two_generations, settings_for

from assistant.api import Assistant
from index import doctor
from index.build import current_generation
from index.retrieve import Index
from ui import render
from ui.app import build_app

A, B = "cao-bang-chi-tieu-kh43", "hai-phong-de-an-gddt"


@pytest.fixture(scope="module")
def two_generations(tmp_path_factory, embedder):
    return build_two_generations(tmp_path_factory.mktemp("faults") / "home", embedder, A, B)


def app_state(settings, embedder):
    demo = build_app(settings, Assistant(settings, index=Index(settings, embedder=embedder, progress=False)))
    return demo, demo.kehoach_state


def test_no_banner_on_a_sound_index(two_generations, embedder):
    _demo, st = app_state(two_generations, embedder)
    assert st.faults == [] and "fault-banner" not in st.header()


def test_a_corrupt_generation_shows_the_banner_until_repaired(two_generations, embedder, tmp_path):
    settings = settings_for(shutil.copytree(two_generations.home, tmp_path / "home"))
    records = current_generation(settings) / "records.sqlite"
    with open(records, "r+b") as fh:
        fh.truncate(records.stat().st_size // 3)
    demo, st = app_state(settings, embedder)
    header = st.header()
    assert 'id="fault-banner"' in header and 'role="alert"' in header
    assert "Chỉ mục văn bản đang gặp sự cố" in header and "kehoach doctor --repair" in header
    assert "bản dự phòng" in header and "records.sqlite" in header
    assert st.faults and all(isinstance(f, str) for f in st.faults)
    doctor.repair(settings, embedder, progress=False)
    assert st.sync_with_disk() == []  # a page opened after the repair: the repaired generation is loaded
    assert "fault-banner" not in st.header() and B in st.assistant.index.docs_by_id
    demo.close()


def test_the_banner_escapes_what_it_shows():
    html = render.fault_banner(["tệp <img src=x onerror=alert(1)> hỏng", "tệp <img src=x onerror=alert(1)> hỏng"])
    assert "<img" not in html and html.count("<li>") == 1
    assert render.fault_banner([]) == ""


def _fn(demo, name):
    return next((i, fn) for i, fn in demo.fns.items() if getattr(fn, "name", "") == name)


def test_cancel_and_undo_buttons_are_wired(two_generations, embedder):
    demo, _st = app_state(two_generations, embedder)
    ingest_id, _ = _fn(demo, "do_ingest")
    cancel_id, cancel = _fn(demo, "cancel_ingest")
    deps = demo.config["dependencies"]
    button = next(b._id for b in demo.blocks.values() if getattr(b, "elem_id", None) == "ingest-cancel")
    on_click = [d for d in deps if [button, "click"] in [list(t) for t in d["targets"]]]
    assert {d["id"] for d in on_click} >= {cancel_id}  # the cancel button runs cancel_ingest (sets the flag) …
    assert any(ingest_id in (d.get("cancels") or []) for d in on_click)  # … and cancels the ingest event
    undo_id, undo = _fn(demo, "do_undo")
    assert demo.fns[undo_id].concurrency_id == demo.fns[ingest_id].concurrency_id == "ingest"  # one at a time
    labels = {getattr(b, "elem_id", None): getattr(b, "value", None) for b in demo.blocks.values()}
    assert labels.get("ingest-cancel") == "Hủy nạp" and "Hoàn tác" in labels.get("undo-change", "")
    assert "Không có tệp nào đang được nạp" in cancel.fn()[0]  # nothing running: says so, changes nothing
    demo.close()
