"""The JSON CLI over the corpus (docs, indicators, tasks) with a fresh data directory and no index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from corpus.bundled import manifest_entries


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for var in ("KEHOACH_CORPUS_DIR", "KEHOACH_HOME", "KEHOACH_CHROMA_URL"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path / "home"


def run(home: Path, *args: str) -> object:
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.output)


def test_docs_json_lists_the_bundled_documents_with_origin(home):
    data = run(home, "docs", "--json")
    entries = {e["doc_id"]: e for e in manifest_entries()}
    assert [d["doc_id"] for d in data] == list(entries)
    for d in data:
        assert d["origin"] == entries[d["doc_id"]]["origin"]
        assert d["origin"].endswith(".txt") and d["origin"][:3].isdigit()
        for key in ("title", "so_hieu", "province", "date_issued", "signer", "meta_source", "n_indicators",
                    "n_tasks", "content_hash"):
            assert key in d
    by_id = {d["doc_id"]: d for d in data}
    assert by_id["cao-bang-nq68-hdnd"]["so_hieu"] == "68/NQ-HĐND"
    assert by_id["cao-bang-nq68-hdnd"]["signer"] == "Bế Thanh Tịnh"
    assert by_id["lao-cai-kh-nq71"]["n_tasks"] == 28 + 5  # numbered tasks + section IV responsibilities
    assert by_id["sgddt-phu-luc-01"]["province"] is None
    assert by_id["sgddt-phu-luc-01"]["n_indicators"] == 43
    # no index was built for this
    assert not (home / "index").exists()


def test_indicators_json_by_province_without_diacritics_and_year(home):
    data = run(home, "indicators", "--json", "--province", "lao cai", "--year", "2035")
    assert data, "no indicators"
    assert {d["province"] for d in data} == {"Lào Cai"}
    assert {d["doc_id"] for d in data} == {"lao-cai-kh-nq71"}
    for d in data:
        assert any(t["year"] == 2035 or t["period"] == "2035-2045" for t in d["targets"])
    prose = [d for d in data if d["source"] == "prose"]
    table = [d for d in data if d["source"] == "table"]
    # the four 2.2 bullets of the plan and the four rows of the appendix group "II Giai đoạn 2035-2045"
    assert len(prose) == 4 and len(table) == 4
    hdi = [d for d in prose if "(HDI)" in d["name"]]
    assert len(hdi) == 1 and hdi[0]["targets"][0]["value"]["low"] == 0.7
    assert {d["code"] for d in table} == {"1", "2", "3", "4"}
    # a former province name finds the same records
    assert run(home, "indicators", "--json", "--province", "Yên Bái", "--year", "2035") == data


def test_indicators_json_other_filters(home):
    hp = run(home, "indicators", "--json", "--province", "Hải Phòng", "--year", "2030")
    assert len(hp) == 44  # every row of group "I. Đến năm 2030" of the Hải Phòng list
    assert run(home, "indicators", "--json", "--province", "Nghệ An") == []
    sgd = run(home, "indicators", "--json", "--doc", "sgddt-phu-luc-01", "--agency", "Văn phòng Sở")
    assert sgd and all(d["lead"] == "Văn phòng Sở" for d in sgd)


def test_tasks_json_due_before(home):
    data = run(home, "tasks", "--json", "--due-before", "2025-12-31")
    assert [d["code"] for d in data] == [f"1.{n}" for n in range(2, 12)]
    for d in data:
        assert d["doc_id"] == "lao-cai-kh-nq71"
        assert d["deadline"]["end"] <= "2025-12-31"
        assert d["deadline"]["kind"] == "month"
        assert d["lead"]
    assert data[0]["deadline"]["raw"] == "Hoàn thành trong tháng 11/2025"
    nov = run(home, "tasks", "--json", "--due-before", "2025-11-30")
    assert [d["code"] for d in nov] == ["1.2", "1.3"]
    everything = run(home, "tasks", "--json")
    assert len(everything) == 28 + 5 + 2  # + the responsibilities of the plan (5) and the resolution (2)
    assert not (home / "index").exists()
