"""A saved conversation's title is the first question's text, whatever shape Gradio gives the message in."""

from ui.history import MAX_TITLE, title_of


def test_title_from_a_string_or_content_blocks():
    q = "Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?"
    assert title_of([{"role": "user", "content": q}]) == q
    assert title_of([{"role": "user", "content": [{"text": q, "type": "text"}]}]) == q  # Gradio 6 blocks
    assert title_of([{"role": "user", "content": {"text": q}}]) == q
    assert title_of([{"role": "assistant", "content": "x"}]) == "Cuộc hội thoại"
    long = title_of([{"role": "user", "content": [{"text": "chữ " * 60, "type": "text"}]}])
    assert len(long) == MAX_TITLE and long.endswith("…")
