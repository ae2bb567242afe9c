"""The one settings object: read from environment variables (KEHOACH_*) and CLI overrides."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"KEHOACH_{name}", default)


@dataclass(frozen=True)
class Settings:
    """Every knob of the product. Environment names are KEHOACH_<FIELD upper-cased>."""

    home: Path = field(default_factory=lambda: Path(_env("HOME", "~/.local/share/kehoach")).expanduser())
    # shared across data directories: models and the embedding cache (content-hash keyed)
    cache_dir: Path = field(default_factory=lambda: Path(_env("CACHE_DIR", "~/.cache/kehoach")).expanduser())
    models_dir: Path = field(default_factory=lambda: Path(_env("MODELS_DIR", "~/.cache/kehoach/models")).expanduser())
    # "embeddinggemma" = the offline EmbeddingGemma-300M fetched by `kehoach models fetch`;
    # any other value is a sentence-transformers model name or path
    embed_model: str = field(default_factory=lambda: _env("EMBED_MODEL", "embeddinggemma"))
    # what computes the vectors: "torch" (fp32), "torch-bf16" (bfloat16 weights) or "auto": an existing store
    # keeps the backend that built it, a new one gets bf16 where the CPU computes it natively, else fp32; a
    # backend named here that differs from the store's is refused
    embed_backend: str = field(default_factory=lambda: _env("EMBED_BACKEND", "auto"))
    # CPU threads for the embedding model (0 = torch's default, one per core)
    embed_threads: int = field(default_factory=lambda: int(_env("EMBED_THREADS", "0")))
    chroma_url: str = field(default_factory=lambda: _env("CHROMA_URL"))  # e.g. http://127.0.0.1:8000
    max_file_mb: float = field(default_factory=lambda: float(_env("MAX_FILE_MB", "20")))
    # ingest limits: characters per document (more is refused, naming the limit) and per line (a longer
    # line is wrapped at a sentence or word boundary, so no step of reading is slower than linear)
    max_doc_chars: int = field(default_factory=lambda: int(_env("MAX_DOC_CHARS", "2000000")))
    max_line_chars: int = field(default_factory=lambda: int(_env("MAX_LINE_CHARS", "5000")))
    # a DOCX/XLSX/ODT is a zip: its parts may not unpack to more than this (a "zip bomb" is refused unread)
    max_unzipped_mb: float = field(default_factory=lambda: float(_env("MAX_UNZIPPED_MB", "200")))
    max_pdf_pages: int = field(default_factory=lambda: int(_env("MAX_PDF_PAGES", "500")))
    # wall time to read one file on ingest (seconds; the read runs in a worker process killed at the limit;
    # 0 = no limit, read in the ingesting process)
    max_file_seconds: float = field(default_factory=lambda: float(_env("MAX_FILE_SECONDS", "900")))
    top_k: int = field(default_factory=lambda: int(_env("TOP_K", "8")))
    # LLM mode: "" (off), "local" (GGUF via xllamacpp) or "openai" (any OpenAI-compatible endpoint)
    llm: str = field(default_factory=lambda: _env("LLM"))
    llm_base_url: str = field(default_factory=lambda: _env("LLM_BASE_URL"))
    llm_model: str = field(default_factory=lambda: _env("LLM_MODEL", "qwen2.5-coder-1.5b-instruct"))
    llm_api_key: str = field(default_factory=lambda: _env("LLM_API_KEY", "not-needed"))
    llm_gguf: str = field(default_factory=lambda: _env("LLM_GGUF"))  # path; default: the fetched model
    host: str = field(default_factory=lambda: _env("HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("PORT", "7860")))
    auth: str = field(default_factory=lambda: _env("AUTH"))  # "user:password" enables login
    corpus_dir: str = field(default_factory=lambda: _env("CORPUS_DIR"))  # default: the bundled corpus

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    def with_overrides(self, **kwargs: object) -> Settings:
        """A copy with the non-None overrides applied (CLI options)."""
        return replace(self, **{k: v for k, v in kwargs.items() if v is not None})


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, then CLI overrides."""
    settings = Settings()
    if overrides.get("home") is not None:
        overrides["home"] = Path(str(overrides["home"])).expanduser()
    return settings.with_overrides(**overrides)
