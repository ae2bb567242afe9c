"""The running app answers programs through gradio_client: the named endpoint /ask returns Answer.to_dict()."""

from __future__ import annotations

import pytest
from gradio_client import Client
from ui_helpers import running_app

from assistant.api import Assistant

HDI_CB = "Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?"


@pytest.fixture(scope="module")
def app(built_settings, index):
    with running_app(built_settings, Assistant(built_settings, index=index)) as (demo, url):
        yield demo, url


@pytest.fixture(scope="module")
def client(app):
    # download_files=False: the answer's "path" field (the answerer's name) is not a file to fetch; gradio_client
    # otherwise takes any dict with a string "path" for a file of Gradio ≤ 4.20
    return Client(app[1], verbose=False, download_files=False)


def test_only_ask_is_a_documented_endpoint(client):
    api = client.view_api(return_format="dict", print_info=False)
    assert set(api["named_endpoints"]) == {"/ask"}
    params = [p["parameter_name"] for p in api["named_endpoints"]["/ask"]["parameters"]]
    assert params[:4] == ["question", "province", "doc", "year"]


def test_ask_returns_cited_value(client):
    result = client.predict(HDI_CB, "", "", None, api_name="/ask")
    assert result["status"] == "answered"
    assert "> 0,85" in result["answer"]
    cited = [c for c in result["citations"] if c["doc_id"] == "cao-bang-chi-tieu-kh43"]
    assert cited, result["citations"]
    assert any("> 0,85" in c["quote"] for c in cited)
    assert all({"n", "doc_id", "title", "locator", "lines", "quote"} <= set(c) for c in result["citations"])
    start, end = cited[0]["lines"]
    assert 1 <= start <= end


def test_filters_restrict_the_answer(client):
    result = client.predict("Mục tiêu HDI năm 2035 là bao nhiêu?", province="Hải Phòng", api_name="/ask")
    assert "≥ 0,85" in result["answer"] and "> 0,85" not in result["answer"]
    assert {c["doc_id"] for c in result["citations"]} == {"hai-phong-de-an-gddt"}


def test_follow_up_uses_history(client):
    result = client.predict("Còn Hải Phòng thì sao?", history=[HDI_CB], api_name="/ask")
    assert "≥ 0,85" in result["answer"]
    assert {c["doc_id"] for c in result["citations"]} == {"hai-phong-de-an-gddt"}


def test_answer_carries_path_and_confidence(client):
    result = client.predict(HDI_CB, api_name="/ask")
    assert isinstance(result["path"], str) and result["path"]
    assert result["confidence"] is None or 0.0 <= result["confidence"] <= 1.0


def test_filter_conflict_names_the_filter(client):
    result = client.predict(HDI_CB, province="Hải Phòng", api_name="/ask")
    assert "Hải Phòng" in result["answer"] and "lọc" in result["answer"]


def test_not_found_for_a_province_outside_the_corpus(client):
    result = client.predict("Mục tiêu HDI năm 2035 của Nghệ An là bao nhiêu?", api_name="/ask")
    assert result["status"] == "not_found" and result["citations"] == []


def test_empty_question_is_a_vietnamese_error(client):
    with pytest.raises(Exception, match="Câu hỏi trống"):
        client.predict("   ", api_name="/ask")


def test_login_required_when_auth_is_set(built_settings, index):
    import dataclasses

    import httpx
    from ui_helpers import free_port

    from ui.app import launch

    settings = dataclasses.replace(built_settings, auth="can_bo:mat-khau", host="127.0.0.1", port=free_port())
    demo = launch(settings, assistant=Assistant(settings, index=index), prevent_thread_lock=True, quiet=True)
    try:
        url = demo.local_url
        assert url.startswith("http://127.0.0.1:")  # binds to settings.host
        denied = httpx.get(url + "config")
        assert denied.status_code == 401 and "Đăng nhập" in denied.text
        with pytest.raises(Exception, match="credentials|login"):
            Client(url, verbose=False)
        with pytest.raises(ValueError, match="login"):
            Client(url, auth=("can_bo", "sai"), verbose=False)
        client = Client(url, auth=("can_bo", "mat-khau"), verbose=False)
        assert "/ask" in client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    finally:
        demo.close()


def test_upload_size_limit_is_set_on_the_server(app, built_settings):
    demo, _ = app
    assert demo.max_file_size == built_settings.max_file_bytes
