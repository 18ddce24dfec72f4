"""``./treem demo`` starts a dead worker or web server again instead of stopping Treem (issue #15)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from treem import cli


def test_a_dead_worker_is_restarted_after_the_recovery_then_given_up(tmp_path: Path, capsys: Any) -> None:
    marker = tmp_path / "recovered"
    worker = cli.Supervised(
        "tiến trình nền",
        "job worker",
        [sys.executable, "-c", "raise SystemExit(3)"],
        dict(os.environ),
        before_restart=[sys.executable, "-c", f"open({str(marker)!r}, 'a').write('x')"],
    )
    for _ in range(cli.MAX_RESTARTS_PER_MINUTE):
        worker.proc.wait()
        assert worker.keep_alive()  # started again
    assert marker.read_text() == "x" * cli.MAX_RESTARTS_PER_MINUTE  # the recovery ran before each start
    worker.proc.wait()
    assert not worker.keep_alive()  # too many restarts in a minute: stop rather than loop
    err = capsys.readouterr().err
    assert "Tiến trình nền đã dừng (mã thoát 3); đang khởi động lại" in err
    assert "job worker exited with code 3; restarting" in err
    assert "stopping Treem" in err


def test_a_running_process_is_left_alone() -> None:
    web = cli.Supervised(
        "máy chủ web", "web server", [sys.executable, "-c", "import time; time.sleep(30)"], dict(os.environ)
    )
    try:
        assert web.keep_alive() and web.restarts == []
    finally:
        web.proc.kill()
        web.proc.wait()
