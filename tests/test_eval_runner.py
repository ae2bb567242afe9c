"""The eval runner end to end: a tiny gold file through a real Assistant over the bundled corpus."""

from __future__ import annotations

import json

import pytest

from evals import runner

pytestmark = pytest.mark.slow

GOLD = [
    {"id": "t1", "question": "Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?", "category": "value",
     "expected_status": "answered", "expected_values": ["> 0,85"], "expected_agencies": [], "expected_deadlines": [],
     "must_cite": ["cao-bang-chi-tieu-kh43"], "forbidden_values": ["≥ 0,8", "0,82"], "source": "test"},
    {"id": "t2", "question": "Mục tiêu chỉ số giáo dục đóng góp vào HDI năm 2030 của Nghệ An là bao nhiêu?",
     "category": "unanswerable", "expected_status": "not_found", "expected_values": [], "expected_agencies": [],
     "expected_deadlines": [], "must_cite": [], "forbidden_values": ["≥ 0,8", "> 0,82", "0,65"], "source": "test"},
    {"id": "t3", "question": "Còn năm 2035 thì sao?", "history": ["Mục tiêu HDI năm 2030 của Cao Bằng là bao nhiêu?"],
     "category": "followup", "expected_status": "answered", "expected_values": ["> 0,85"], "expected_agencies": [],
     "expected_deadlines": [], "must_cite": ["cao-bang-chi-tieu-kh43"], "forbidden_values": ["≥ 0,8"],
     "source": "test"},
    # deliberately impossible: no answer can carry this value, so one miss is guaranteed
    {"id": "t4", "question": "Mục tiêu HDI năm 2030 của Hải Phòng là bao nhiêu?", "category": "value",
     "expected_status": "answered", "expected_values": ["≥ 123,456"], "expected_agencies": [],
     "expected_deadlines": [], "must_cite": ["hai-phong-de-an-gddt"], "source": "test"},
]


@pytest.fixture(scope="module")
def eval_settings(request, tmp_path_factory):
    """The shared built index when tests/conftest.py provides one, else a fresh data directory."""
    try:
        return request.getfixturevalue("built_settings")
    except pytest.FixtureLookupError:
        from corpus.settings import load_settings

        return load_settings(home=tmp_path_factory.mktemp("kehoach-eval"))


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("gold") / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in GOLD) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def thresholds(tmp_path, monkeypatch):
    """A thresholds file of the test's own (the committed one is tuned to the full gold set)."""
    path = tmp_path / "thresholds.json"
    monkeypatch.setattr(runner, "THRESHOLDS", path)

    def write(values: dict) -> None:
        path.write_text(json.dumps(values), encoding="utf-8")

    write({})
    return write


def test_run_cli_writes_report_and_passes_threshold(eval_settings, gold_file, tmp_path, thresholds):
    thresholds({"overall": 0.3, "unanswerable": 0.5})
    report = tmp_path / "report.json"
    code = runner.run_cli(eval_settings, gold=gold_file, report=report, baseline=True, min_overall=0.5)
    assert code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["n"] == 4 and data["passed"] is True
    assert data["thresholds"] == {"overall": 0.5, "unanswerable": 0.5}  # --min-overall replaces the file's
    summary = data["summary"]
    assert summary["overall"]["n"] == 4
    assert {"value", "unanswerable", "followup"} <= set(summary["categories"])
    assert summary["unanswerable"]["n"] == 1
    ids = {m["id"] for m in data["misses"]}
    assert "t4" in ids
    miss = next(m for m in data["misses"] if m["id"] == "t4")
    assert miss["question"] and miss["expected"]["values"] == ["≥ 123,456"]
    assert "got" in miss and "answer" in miss["got"] and any("≥ 123,456" in r for r in miss["reasons"])
    assert {r["id"] for r in data["items"]} == {"t1", "t2", "t3", "t4"}
    # the baseline ran over the same documents and scored the answerable items only
    assert data["baseline"]["chunks"] > 0
    recall = {r["id"]: r["baseline_recall"] for r in data["items"]}
    assert recall["t2"] is None and recall["t1"] in (True, False)


def test_run_cli_fails_below_threshold(eval_settings, gold_file, tmp_path, thresholds):
    report = tmp_path / "report.json"
    code = runner.run_cli(eval_settings, gold=gold_file, report=report, baseline=False, min_overall=0.99)
    assert code == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["passed"] is False and data["failures"] and data["failures"][0].startswith("overall")
    assert data["baseline"] == {}


def test_thresholds_file_applies_to_every_group(eval_settings, gold_file, tmp_path, thresholds):
    thresholds({"overall": 0.1, "value": 0.9})  # t4 is a value item that cannot pass: value ≤ 0.5
    report = tmp_path / "report.json"
    assert runner.run_cli(eval_settings, gold=gold_file, report=report, baseline=False) == 1
    failures = json.loads(report.read_text(encoding="utf-8"))["failures"]
    assert [f.split()[0] for f in failures] == ["value"]


def test_thresholds_per_gold_set(tmp_path):
    from evals.runner import load_thresholds

    path = tmp_path / "thresholds.json"
    path.write_text('{"answers": {"overall": 0.95}, "test": {"overall": 0.87, "value": 0.9}}', encoding="utf-8")
    assert load_thresholds(path, gold=tmp_path / "test.jsonl") == {"overall": 0.87, "value": 0.9}
    assert load_thresholds(path, gold=tmp_path / "answers.jsonl") == {"overall": 0.95}
    assert load_thresholds(path, gold=tmp_path / "other.jsonl") == {}
    path.write_text('{"overall": 0.5}', encoding="utf-8")
    assert load_thresholds(path, gold=tmp_path / "test.jsonl") == {"overall": 0.5}
