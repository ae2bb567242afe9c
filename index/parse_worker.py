"""Reading a file under a wall-time limit (KEHOACH_MAX_FILE_SECONDS): the file is read in a worker process
that is killed when the limit passes, so no reader (a library stuck in a huge XML part, a quadratic step
nobody found yet) can hold an ingest for ever.

One worker per process, started on first use (about 0.3 s: the readers import lazily) and reused for every
file after; it is killed and restarted only after a timeout, a cancel or a crash. It is a plain
`python -m index.parse_worker` talking over two pipes (not multiprocessing's spawn, which re-runs the
caller's main script), ignores SIGINT (Ctrl-C reaches the ingesting process, which kills the worker itself)
and exits when its parent is gone. KEHOACH_* variables travel with each job, so limits set after the worker
started still apply. A limit of 0 reads in the calling process.
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from corpus.readers import CorpusError
from corpus.records import Document

START_TIMEOUT = 120.0  # seconds for a worker to start (not counted in the per-file limit)
POLL = 0.1  # how often a wait checks for a cancel


def seconds_text(value: float) -> str:
    """900 → '900', 1.5 → '1,5' (Vietnamese decimal comma)."""
    return f"{value:g}".replace(".", ",")


def timeout_error(path: Path, limit: float) -> CorpusError:
    return CorpusError(path, f"đọc tệp mất hơn {seconds_text(limit)} giây, vượt giới hạn thời gian cho mỗi tệp "
                             f"({seconds_text(limit)} giây, KEHOACH_MAX_FILE_SECONDS); tệp không được thêm. Hãy tách "
                             "văn bản thành các phần nhỏ hơn, hoặc tăng giới hạn này.", "timeout")


def _job_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("KEHOACH_")}


def _serve(jobs: Connection, results: Connection) -> None:  # runs in the worker process
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from corpus.parse import parse_file

    results.send(("ready",))
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if job is None:
            return
        path, doc_id, manifest, max_bytes, env = job
        for key in [k for k in os.environ if k.startswith("KEHOACH_") and k not in env]:
            del os.environ[key]
        os.environ.update(env)
        try:
            out = ("ok", parse_file(path, doc_id=doc_id, manifest=manifest, max_bytes=max_bytes))
        except CorpusError as exc:
            out = ("error", exc.path, exc.reason, exc.code)
        except BaseException as exc:  # a reader's bug: reported, the worker lives on
            out = ("crash", f"{exc.__class__.__name__}: {exc}")
        try:
            results.send(out)
        except (EOFError, OSError):
            return


class ParseWorker:
    """One worker process reading files on request; see the module docstring."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._jobs: Connection | None = None
        self._conn: Connection | None = None  # results
        self._lock = threading.Lock()
        self.started = 0  # how many worker processes were started (for tests and measurements)

    def _start(self) -> None:
        job_r, job_w = os.pipe()
        res_r, res_w = os.pipe()
        root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
        try:
            proc = subprocess.Popen([sys.executable, "-m", "index.parse_worker", str(job_r), str(res_w)],
                                    pass_fds=(job_r, res_w), env=env, stdin=subprocess.DEVNULL, cwd=root)
        finally:
            os.close(job_r)
            os.close(res_w)
        self._proc, self._jobs, self._conn = proc, Connection(job_w, readable=False), Connection(res_r, writable=False)
        self.started += 1
        try:
            ready = self._conn.poll(START_TIMEOUT) and self._conn.recv() == ("ready",)
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.stop()
            raise RuntimeError("the file-reading worker did not start")

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def stop(self) -> None:
        """Kill the worker (if any); the next read starts a new one."""
        proc, jobs, conn = self._proc, self._jobs, self._conn
        self._proc, self._jobs, self._conn = None, None, None
        if proc is not None:
            if proc.poll() is None:
                proc.kill()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
        for c in (jobs, conn):
            if c is not None:
                c.close()

    def parse(self, path: Path, doc_id: str, manifest: dict | None, max_bytes: int, limit: float,
              checkpoint: Callable[[], None] | None = None) -> Document:
        """parse_file(path, …) in the worker; CorpusError (code "timeout") once `limit` seconds pass.
        `checkpoint` is called while waiting and may raise (a cancel): the worker is then killed."""
        with self._lock:
            if not self.alive():
                self.stop()
                self._start()
            try:
                self._jobs.send((str(path), doc_id, manifest, max_bytes, _job_env()))
                deadline = time.monotonic() + limit
                while True:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        self.stop()
                        raise timeout_error(path, limit)
                    if self._conn.poll(min(POLL, remaining)):
                        break
                    if checkpoint is not None:
                        checkpoint()
                try:
                    out = self._conn.recv()
                except (EOFError, OSError):  # killed from outside (out of memory) or crashed
                    code = self._proc.poll() if self._proc is not None else None
                    self.stop()
                    raise CorpusError(path, f"trình đọc tệp bị dừng bất thường (mã thoát {code}); có thể tệp "
                                            "quá phức tạp hoặc hỏng.", "crashed") from None
            except BaseException:
                self.stop()  # a timeout, cancel, Ctrl-C or crash mid-read: the read must not go on
                raise
        if out[0] == "ok":
            return out[1]
        if out[0] == "error":
            raise CorpusError(out[1], out[2], out[3])
        raise RuntimeError(f"reading {path} failed in the worker: {out[1]}")


WORKER = ParseWorker()
atexit.register(WORKER.stop)


def read_document(path: Path, doc_id: str, manifest: dict | None, max_bytes: int, limit: float,
                  checkpoint: Callable[[], None] | None = None) -> Document:
    """A file read into a Document within `limit` seconds (in the worker), or in this process when limit <= 0."""
    if limit and limit > 0:
        return WORKER.parse(path, doc_id, manifest, max_bytes, limit, checkpoint)
    from corpus.parse import parse_file

    return parse_file(path, doc_id=doc_id, manifest=manifest, max_bytes=max_bytes)


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False))
