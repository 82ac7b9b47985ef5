"""Run the eval suite from the console: one run at a time, in a background thread.

The suite takes about a minute; the console starts it, polls :meth:`EvalJob.status`
and reloads the report when the run is over. It writes exactly what
``policy-assistant eval --out DIR`` writes (``report.md``, ``report.json``, charts).

Example:
    >>> job = EvalJob(settings, Path("eval-report"))
    >>> job.start()
    True
    >>> job.wait(300) and job.status()                              # doctest: +SKIP
    '评测完成（用时 62 秒）：全部阈值通过。'
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from assistant.errors import PolicyAssistantError
from assistant.settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[str, int], Callable[[], None]]
Runner = Callable[[Settings, Path, Progress], list[str]]


def run_eval(settings: Settings, out_dir: Path, progress: Progress) -> list[str]:
    """Run every dataset, gate, and write the report into ``out_dir``; the missed thresholds."""
    from assistant.evaluation.report import charts, markdown
    from assistant.evaluation.runner import gate, load_thresholds, run_all, write_json

    report = run_all(settings, progress)
    missed = gate(report, load_thresholds())
    report["gate"] = {"passed": not missed, "missed": missed}
    write_json(report, out_dir)
    (out_dir / "report.md").write_text(markdown(report, missed), encoding="utf-8")
    charts(report, out_dir)
    return missed


class EvalJob:
    """The console's eval run, shared by every session of one console.

    Args:
        settings: passed to the runner (data dir for the eval indexes, as-of date).
        out_dir: where the report is written.
        runner: what runs; :func:`run_eval` unless a test gives another.
    """

    def __init__(self, settings: Settings, out_dir: Path, runner: Runner = run_eval) -> None:
        self.settings = settings
        self.out_dir = Path(out_dir)
        self.runner = runner
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stage = ""
        self._done = 0
        self._total = 0
        self._started = 0.0
        self._outcome = ""

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> bool:
        """Start a run; False (and nothing started) when one is already running."""
        with self._lock:
            if self.running:
                return False
            self._stage, self._done, self._total, self._outcome = "准备评测索引", 0, 0, ""
            self._started = time.monotonic()
            self._thread = threading.Thread(target=self._run, name="console-eval", daemon=True)
            self._thread.start()
            return True

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the run is over; False on timeout."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.running

    def status(self) -> str:
        """One line for the console: progress while running, the outcome after."""
        if self.running:
            step = f" {self._done}/{self._total}" if self._total else ""
            return f"评测进行中（已用时 {self._elapsed()} 秒）：{self._stage}{step}…"
        return self._outcome or "尚未在本次服务中运行评测。"

    def _elapsed(self) -> int:
        return round(time.monotonic() - self._started)

    def _progress(self, label: str, total: int) -> Callable[[], None]:
        self._stage, self._done, self._total = label, 0, total

        def tick() -> None:
            self._done += 1

        return tick

    def _run(self) -> None:
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            missed = self.runner(self.settings, self.out_dir, self._progress)
        except PolicyAssistantError as exc:
            self._outcome = f"评测失败：{exc.message}"
        except Exception as exc:  # a crash in a background thread must reach the page, not vanish
            log.exception("console eval run failed")
            self._outcome = f"评测失败：{type(exc).__name__}: {exc}"
        else:
            verdict = "全部阈值通过" if not missed else f"{len(missed)} 项阈值未通过：" + "；".join(missed)
            self._outcome = f"评测完成（用时 {self._elapsed()} 秒）：{verdict}。"
