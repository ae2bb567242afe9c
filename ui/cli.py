"""The `kehoach` console script: the assistant's commands plus `serve` (the app) and `eval`.

The CLI is assembled here, at the top layer, so that the assistant package never imports ui or evals.
"""

from __future__ import annotations

from pathlib import Path

import click

from assistant.cli import _settings
from assistant.cli import main as main


@main.command()
@click.option("--host", help="Bind address (KEHOACH_HOST, default 127.0.0.1).")
@click.option("--port", type=int, help="Port (KEHOACH_PORT, default 7860).")
@click.option("--share", is_flag=True, help="Gradio share link (needs internet; off by default).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, share: bool) -> None:
    """Open the Gradio app on the bundled corpus (the index is built on first run)."""
    from ui.app import launch

    settings = _settings(ctx).with_overrides(host=host, port=port)
    launch(settings, share=share)


@main.command("eval")
@click.option("--gold", type=click.Path(exists=True, path_type=Path), help="Gold JSONL (default: evals/gold/answers.jsonl).")
@click.option("--report", type=click.Path(path_type=Path), help="Write the JSON report (every miss) here.")
@click.option("--llm", is_flag=True, help="Evaluate LLM mode instead of grounded answers.")
@click.option("--baseline/--no-baseline", default=True, show_default=True, help="Also score the naive llama-index baseline.")
@click.option("--min-overall", type=float, help="Exit 1 if overall accuracy is below this (default: evals/thresholds.json).")
@click.pass_context
def eval_cmd(ctx: click.Context, gold: Path | None, report: Path | None, llm: bool, baseline: bool,
             min_overall: float | None) -> None:
    """Score the assistant on a gold set; per-category table, JSON report, naive baseline side by side."""
    from evals.runner import run_cli

    raise SystemExit(run_cli(_settings(ctx), gold=gold, report=report, llm=llm, baseline=baseline,
                             min_overall=min_overall))


if __name__ == "__main__":
    main()
