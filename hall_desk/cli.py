"""Command line: ``hall-desk [--data-dir DIR] [--demo]`` starts the app (also ``python -m hall_desk``).

Later issues add subcommands (``sync-now``, ``self-test`` …); each accepts ``--data-dir``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hall-desk", description="营业厅投诉受理台 (hall_desk): every complaint recorded."
    )
    parser.add_argument(
        "--data-dir", metavar="DIR",
        help="where this desk keeps its data (default: HALL_DESK_DATA_DIR or the user data dir)",
    )
    parser.add_argument(
        "--demo", action="store_true",
        help="start with the demo hall DEMO (refused on a data directory that holds a real hall)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from hall_desk.app import run

    return run(data_dir=args.data_dir, demo=args.demo)
