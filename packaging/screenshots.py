"""Regenerate the README's screenshots (issue 19): 受理投诉, 我的跟进, the detail of a repeat
complaint and 统计看板, as a 1024×768 counter PC shows them, in Chinese, from a made-up morning at
人民路营业厅 (no real data). Writes docs/screenshots/{intake,followup,detail,dashboard}.png:

    .venv/bin/python packaging/screenshots.py

It runs tests/ui/counter_screens.py (the test that renders every screen of issue 19 in both
languages) on an offscreen 1024×768 screen and keeps the Chinese pictures the README shows; it
needs the development dependencies (pytest, pytest-qt), as the test suite does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "screenshots"
README_SHOTS = ("intake", "followup", "detail", "dashboard")
SCREEN = {
    "synchronousWindowSystemEvents": False,
    "windowFrameMargins": False,
    "screens": [
        {
            "name": "counter",
            "x": 0,
            "y": 0,
            "width": 1024,
            "height": 768,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
    ],
}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="hall_desk_shots_") as temp:
        work = Path(temp)
        screen = work / "screen.json"
        screen.write_text(json.dumps(SCREEN), encoding="utf-8")
        env = dict(os.environ)
        env.update(
            {
                "HALL_DESK_SHOTS": str(work),
                "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
                "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
            }
        )
        env.pop("QT_SCALE_FACTOR", None)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-k",
                "zh_CN",
                str(REPO / "tests" / "ui" / "counter_screens.py"),
            ],
            cwd=REPO,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            print("screenshots: the rendering test failed, nothing written", file=sys.stderr)
            return done.returncode
        OUT.mkdir(parents=True, exist_ok=True)
        for name in README_SHOTS:
            shutil.copyfile(work / f"zh_CN_{name}.png", OUT / f"{name}.png")
            print(f"screenshots: wrote {(OUT / f'{name}.png').relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
