"""The page around the components: theme, CSS, and the script in <head> (Vietnamese for Gradio's own texts,
lang="vi", the question's character counter)."""

from __future__ import annotations

import json
from pathlib import Path

import gradio as gr

ICONS_DIR = Path(__file__).parent / "icons"


def icon_path(name: str) -> str:
    """Path of an SVG icon shipped with the app (for gr.Button(icon=…))."""
    return str(ICONS_DIR / f"{name}.svg")


# proportional fonts with full Vietnamese coverage first; no web font is fetched (offline machines)
FONT = ["Noto Sans", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Liberation Sans", "DejaVu Sans", "sans-serif"]
FONT_MONO = ["DejaVu Sans Mono", "Noto Sans Mono", "Consolas", "Liberation Mono", "monospace"]


def theme() -> gr.themes.Base:
    return gr.themes.Soft(primary_hue="blue", font=FONT, font_mono=FONT_MONO)


# Gradio's built-in texts a user can see (tooltips, buttons, toasts) → Vietnamese
TRANSLATIONS = {
    "Copy message": "Sao chép câu trả lời", "Copied message": "Đã sao chép", "Copy": "Sao chép",
    "Copied": "Đã sao chép", "Like": "Hữu ích", "Dislike": "Chưa đúng", "Liked": "Đã đánh giá hữu ích",
    "Disliked": "Đã đánh giá chưa đúng", "Flag": "Góp ý", "Clear": "Xóa", "Retry": "Hỏi lại", "Undo": "Hoàn tác",
    "Edit": "Sửa", "Submit": "Gửi", "Stop": "Dừng", "Download": "Tải xuống", "Share": "Chia sẻ",
    "Fullscreen": "Toàn màn hình", "Exit fullscreen mode": "Thoát toàn màn hình", "Exit fullscreen": "Thoát toàn màn hình",
    "More tabs": "Các thẻ khác", "Search": "Tìm", "Loading...": "Đang tải…", "Loading…": "Đang tải…", "Error": "Lỗi",
    "Warning": "Lưu ý", "Info": "Thông báo", "Close": "Đóng", "Remove": "Bỏ", "Remove file": "Bỏ tệp",
    "Upload": "Tải lên", "Upload file": "Tải tệp lên", "Drop File Here": "Thả tệp vào đây",
    "Click to Upload": "Bấm để tải lên", "Examples": "Ví dụ", "Sort ascending": "Sắp xếp tăng dần",
    "Sort descending": "Sắp xếp giảm dần", "Clear sort": "Bỏ sắp xếp", "Filter": "Lọc", "Clear filter": "Bỏ lọc",
    "Chatbot": "Hội thoại", "Scroll down": "Cuộn xuống", "Scroll to bottom": "Cuộn xuống cuối",
    "Connection errored out.": "Mất kết nối với máy chủ.", "Connection lost": "Mất kết nối",
    "processing": "đang xử lý", "queue": "hàng đợi", "Select all": "Chọn tất cả",
    "Dropdown": "Danh sách chọn", "Textbox": "Ô nhập", "Dataframe": "Bảng",
    "Click to upload or drop files": "Bấm để chọn tệp hoặc kéo thả tệp vào đây", "Copy table data": "Sao chép bảng",
    "Table actions": "Thao tác với bảng", "Vega visualization": "Biểu đồ", "chatbot conversation": "Hội thoại",
    "Copy to clipboard": "Sao chép", "Copy all": "Sao chép tất cả", "Zoom": "Phóng to", "Export": "Xuất",
}

CSS = """
:root, .gradio-container { font-family: var(--font); }
.gradio-container { max-width: 1400px !important; }
#app-header h1 { margin: 0; font-size: 1.5rem; display: flex; align-items: center; gap: .4rem; }
#app-header p { margin: .2rem 0 0; opacity: .8; }
#app-header .warm { font-size: .85rem; padding: .1rem .5rem; border-radius: 10px; background: #fff4d6; color: #7a4b00; }
#app-header .warm.ready { background: #e3f6e8; color: #1f6b35; }
#fault-banner { margin: .5rem 0 0; padding: .5rem .75rem; border-radius: 8px; background: #fdecea; color: #7a1010;
  border: 1px solid #f5b5ae; font-size: .92rem; }
#fault-banner ul { margin: .2rem 0 .3rem 1.2rem; }
.ico { vertical-align: -3px; }
/* table headers and cells in the proportional font (a bold monospace fallback breaks Vietnamese marks) */
table th, table td, .table-wrap th, .table-wrap td, [role=columnheader], [role=gridcell] { font-family: var(--font) !important; }
.src-cards { display: flex; flex-direction: column; gap: .6rem; max-height: 560px; overflow-y: auto;
              padding-right: .2rem; }
.src-for { font-size: .88rem; margin: 0 0 .4rem; padding: .3rem .5rem; border-left: 3px solid var(--color-accent);
           background: var(--background-fill-secondary); }
#chatbot table { font-size: .9rem; }
#chatbot th, #chatbot td { word-break: normal !important; overflow-wrap: normal !important; min-width: 4.5em; }
#chatbot a.cite-chip { display: inline-block; padding: 0 .35em; margin: 0 .1em; border-radius: 9px; font-size: .85em;
  line-height: 1.5; background: #e8f0fe; color: #1a56c4 !important; border: 1px solid #b7cdf7; text-decoration: none;
  cursor: pointer; font-weight: 600; }
#chatbot a.cite-chip:hover { background: #1a56c4; color: #fff !important; }
#chatbot .msg-selected, #chatbot .selected-message { outline: 2px solid #1a56c4; outline-offset: 2px; border-radius: 8px; }
.filter-line { display: inline-block; font-size: .88rem; padding: .25rem .5rem; border-radius: 6px;
  background: #fff4d6; color: #5c3b00; }
.filter-pill { display: inline-block; padding: 0 .45em; margin: 0 .15em; border-radius: 9px; background: #ffe2a8; }
#chatbot a.drop-filters { font-weight: 600; color: #1a56c4 !important; margin-left: .4em; cursor: pointer; }
#filter-bar .filter-line { margin: .2rem 0; }
#q-counter { font-size: .82rem; opacity: .85; text-align: right; margin-top: -.3rem; }
#q-counter.over { color: #b00020; opacity: 1; font-weight: 600; }
#q-limit-msg { color: #b00020; font-weight: 600; font-size: .92rem; }
.src-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .6rem .75rem;
            background: var(--background-fill-secondary); overflow-wrap: anywhere; }
.src-card.selected { border-color: var(--color-accent); box-shadow: 0 0 0 2px rgba(59,130,246,.25); }
.src-head { font-weight: 600; }
.src-n { color: var(--color-accent); margin-right: .2rem; }
.src-loc { font-size: .85rem; opacity: .85; margin: .2rem 0; }
.src-loc code { font-family: var(--font); }
#q-limit-msg:empty, #filter-bar:empty { display: none; }
.src-quote { margin: .35rem 0; padding: .3rem .6rem; border-left: 3px solid var(--color-accent);
             font-size: .92rem; white-space: pre-wrap; }
.src-card mark, .doc-viewer mark { background: #ffe066; color: #222; padding: 0 .1rem; border-radius: 2px; }
.src-open { cursor: pointer; border: 1px solid var(--border-color-primary); border-radius: 6px;
            padding: .25rem .6rem; background: var(--background-fill-primary); font-size: .9rem; }
.src-open:hover { border-color: var(--color-accent); }
.src-empty { opacity: .7; font-style: italic; padding: .5rem; }
.doc-viewer { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .5rem; scroll-margin-top: 8px; }
.doc-title { font-weight: 600; overflow-wrap: anywhere; }
.doc-meta, .doc-where { font-size: .85rem; opacity: .85; overflow-wrap: anywhere; }
.doc-lines { position: relative; max-height: 460px; overflow: auto; margin-top: .4rem;
             font-family: var(--font); font-size: .85rem; line-height: 1.45; }
.doc-lines .ln { display: flex; gap: .6rem; padding: 0 .3rem; }
.doc-lines .ln .no { flex: 0 0 3.2em; text-align: right; opacity: .55; user-select: none; }
.doc-lines .ln .tx { white-space: pre-wrap; overflow-wrap: anywhere; flex: 1 1 auto; min-width: 0; }
.doc-lines .ln.cited { background: rgba(255, 224, 102, .35); border-left: 3px solid #f0b400; }
.doc-lines .tab { opacity: .45; }
.stat-line { font-size: .95rem; }
/* the file drop zone in Vietnamese */
#upload [data-testid="upload-text"] { font-size: 0 !important; }
#upload [data-testid="upload-text"] .or { display: none; }
#upload [data-testid="upload-text"] .icon-wrap { font-size: var(--text-md); }
#upload [data-testid="upload-text"]::after { content: "Kéo thả tệp vào đây — hoặc bấm để chọn tệp";
  font-size: var(--text-lg); display: block; }
footer { display: none !important; }
/* phone: table rows as cards (the tables stay on larger screens) */
.phone-cards { display: none; }
.cards { display: flex; flex-direction: column; gap: .5rem; }
.row-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .5rem .6rem;
            background: var(--background-fill-secondary); }
.rc-head { font-size: .88rem; }
.rc-title { margin: .2rem 0; }
.rc-meta { font-size: .82rem; opacity: .85; }
.st { font-weight: 600; padding: 0 .35rem; border-radius: 6px; }
.st.overdue { background: #fdd; color: #900; } .st.soon { background: #ffe9cc; color: #8a4b00; }
.st.ok { background: #e3f6e8; color: #1f6b35; }
.card-more { font-size: .85rem; font-style: italic; opacity: .8; }
@media (max-width: 760px) {
  .wrap-row { flex-direction: column !important; flex-wrap: wrap !important; }
  .wrap-row > div, .wrap-row > .form { min-width: 100% !important; width: 100% !important; }
  .filters { flex-wrap: wrap !important; }
  .filters > div, .filters > .form { min-width: 46% !important; flex: 1 1 46% !important; }
  .gradio-container { padding: 0 .3rem !important; }
  .doc-lines { max-height: 320px; }
  .phone-cards { display: block; }
  #ind-table, #task-table { display: none !important; }
  /* every tab visible: compact tab buttons fit the four tabs in 390 px instead of hiding two behind «…» */
  .tab-container button { padding: 0 7px !important; font-size: 13.5px !important; letter-spacing: -0.1px; }
}
"""

_HEAD_TEMPLATE = """
<script>
(() => {
  const MAX = __MAX__;
  const T = __TRANSLATIONS__;
  const rules = [
    [/^Invalid file types?: (.+)\\. Only (.+) allowed\\.$/,
     (m) => `Không nhận tệp ${m[1]}: định dạng không được hỗ trợ (chỉ nhận .docx, .doc, .odt, .pdf, .xlsx, .xls, .html, .txt).`],
    [/^File\\(s\\) exceed the maximum allowed size of ([^:]+): (.+)$/,
     (m) => `Tệp quá lớn, giới hạn là ${m[1]}: ${m[2]}.`],
  ];
  const fmt = (n) => n.toLocaleString('vi-VN');
  const setLang = () => { if (document.documentElement.lang !== 'vi') document.documentElement.lang = 'vi'; };
  setLang();
  new MutationObserver(setLang).observe(document.documentElement, {attributes: true, attributeFilter: ['lang']});
  const ATTRS = ['aria-label', 'title', 'placeholder'];
  const translateEl = (el) => {
    for (const a of ATTRS) {
      const v = el.getAttribute && el.getAttribute(a);
      if (v && T[v.trim()]) el.setAttribute(a, T[v.trim()]);
    }
  };
  const translateText = (n) => {
    const text = n.nodeValue.trim();
    if (!text) return;
    if (T[text]) { n.nodeValue = n.nodeValue.replace(text, T[text]); return; }
    for (const [re, fn] of rules) { const m = text.match(re); if (m) { n.nodeValue = fn(m); return; } }
  };
  const translate = (root) => {
    if (!root) return;
    if (root.nodeType === 3) { translateText(root); return; }
    if (root.nodeType !== 1) return;
    if (root.closest && root.closest('#chatbot .message-content, .prose, textarea')) return;
    translateEl(root);
    root.querySelectorAll('[aria-label], [title], [placeholder]').forEach(translateEl);
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const p = n.parentElement;
      if (p && (p.closest('.prose') || p.closest('.doc-viewer') || p.closest('textarea'))) continue;
      translateText(n);
    }
  };
  new MutationObserver((muts) => muts.forEach((m) => {
    if (m.type === 'attributes') { translateEl(m.target); return; }
    m.addedNodes.forEach(translate);
    if (m.type === 'characterData') translateText(m.target);
  })).observe(document.documentElement, {childList: true, subtree: true, characterData: true,
                                         attributes: true, attributeFilter: ATTRS});
  document.addEventListener('DOMContentLoaded', () => translate(document.body));

  // the question's character counter: nothing is cut, a question over the limit is refused with a message
  const counter = () => {
    const box = document.querySelector('#question textarea');
    const out = document.querySelector('#q-counter');
    if (!box || !out) return;
    const n = box.value.length;
    out.textContent = n > MAX
      ? `${fmt(n)} / ${fmt(MAX)} ký tự — vượt giới hạn ${fmt(n - MAX)} ký tự: hãy rút gọn trước khi gửi (không có gì bị cắt bớt)`
      : `${fmt(n)} / ${fmt(MAX)} ký tự`;
    out.classList.toggle('over', n > MAX);
  };
  document.addEventListener('input', (e) => { if (e.target.closest && e.target.closest('#question')) counter(); }, true);
  document.addEventListener('paste', (e) => {
    if (e.target.closest && e.target.closest('#question')) setTimeout(counter, 0);
  }, true);
  setInterval(counter, 700);  // also after the app clears the box

  // «Sao chép»: the message as clean text (as read on screen), not its Markdown and HTML
  document.addEventListener('click', (e) => {
    const btn = e.target.closest && e.target.closest('#chatbot button');
    if (!btn) return;
    const label = btn.getAttribute('aria-label') || btn.getAttribute('title') || '';
    if (!/^(Sao chép|Copy)/.test(label)) return;
    const bots = [...document.querySelectorAll('#chatbot [data-testid=bot]')]
      .filter((m) => m.compareDocumentPosition(btn) & Node.DOCUMENT_POSITION_FOLLOWING);
    const msg = bots[bots.length - 1];
    if (!msg || !navigator.clipboard) return;
    const text = msg.innerText.replace(/\\n{3,}/g, '\\n\\n').trim();
    setTimeout(() => navigator.clipboard.writeText(text).catch(() => {}), 120);
  }, true);
})();
</script>
"""


def head(max_chars: int) -> str:
    return (_HEAD_TEMPLATE.replace("__MAX__", str(int(max_chars)))
            .replace("__TRANSLATIONS__", json.dumps(TRANSLATIONS, ensure_ascii=False)))
