"""``hall-desk self-test``: every check passes on a working installation and fails, naming why,
when its own thing is broken (no keyring, the font missing or not embedded, head office away)."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from reportlab.pdfgen import canvas

from hall_desk import cli
from hall_desk.services import documents, selftest
from hall_desk.services.selftest import Outcome, passed, run_self_test
from hall_desk.storage.db import database
from tests.sync.keyrings import MemoryKeyring


def outcomes(results: list[selftest.CheckResult]) -> dict[str, Outcome]:
    return {result.name: result.outcome for result in results}


def by_name(results: list[selftest.CheckResult], name: str) -> selftest.CheckResult:
    return next(result for result in results if result.name == name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_working_installation_passes_every_check_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR read again
    results = run_self_test(None)
    assert outcomes(results) == {
        "数据库": Outcome.PASS,
        "回执字体": Outcome.PASS,
        "系统钥匙串": Outcome.PASS,
        "总部连接": Outcome.SKIP,
    }
    assert passed(results)
    assert "WenQuanYiMicroHei" in by_name(results, "回执字体").text
    assert "MemoryKeyring" in by_name(results, "系统钥匙串").text
    assert memory.secrets == {}  # the probe entry is gone
    assert list(tmp_path.iterdir()) == []  # the temporary store too
    assert database.is_closed()


def test_no_keyring_fails_naming_the_backend() -> None:
    keyring.set_keyring(FailKeyring())
    results = run_self_test(None)
    check = by_name(results, "系统钥匙串")
    assert check.outcome is Outcome.FAIL
    assert "keyring.backends.fail.Keyring" in check.text and "没有可用的系统钥匙串" in check.text
    assert not passed(results)
    assert check.line.startswith("FAIL 系统钥匙串：")


def test_a_keyring_that_loses_what_it_is_given_fails() -> None:
    class Forgetful(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            return None

    keyring.set_keyring(Forgetful())
    check = by_name(run_self_test(None), "系统钥匙串")
    assert check.outcome is Outcome.FAIL and "differs" in check.text


def test_a_missing_font_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(selftest, "font_path", lambda: tmp_path / "gone.ttc")
    results = run_self_test(None)
    check = by_name(results, "回执字体")
    assert check.outcome is Outcome.FAIL and "缺少中文字体文件" in check.text
    assert by_name(results, "数据库").outcome is Outcome.PASS
    assert not passed(results)


def test_a_receipt_without_the_embedded_font_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def helvetica_receipt(*args: object, **kwargs: object) -> bytes:
        out = io.BytesIO()
        pdf = canvas.Canvas(out)
        pdf.drawString(72, 72, "receipt 0001")
        pdf.save()
        return out.getvalue()

    monkeypatch.setattr(documents, "receipt_pdf", helvetica_receipt)
    check = by_name(run_self_test(None), "回执字体")
    assert check.outcome is Outcome.FAIL and "没有嵌入中文字体" in check.text


def test_a_broken_store_fails_the_store_and_receipt_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    def cannot_open(path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(selftest, "open_store", cannot_open)
    results = run_self_test(None)
    assert outcomes(results)["数据库"] is Outcome.FAIL
    assert "No space left" in by_name(results, "数据库").text
    assert outcomes(results)["回执字体"] is Outcome.FAIL
    assert outcomes(results)["系统钥匙串"] is Outcome.PASS


def test_head_office_reachable_or_not() -> None:
    def health(status: int) -> httpx.MockTransport:
        return httpx.MockTransport(
            lambda request: (
                httpx.Response(status, json={"status": "ok"})
                if request.url.path == "/v1/health"
                else httpx.Response(404)
            )
        )

    up = by_name(run_self_test("http://hq.example:8400/", transport=health(200)), "总部连接")
    assert up.outcome is Outcome.PASS and "hq.example" in up.text
    ill = by_name(run_self_test("http://hq.example:8400", transport=health(503)), "总部连接")
    assert ill.outcome is Outcome.FAIL and "HTTP 503" in ill.text
    away = by_name(run_self_test(f"http://127.0.0.1:{free_port()}"), "总部连接")
    assert away.outcome is Outcome.FAIL and "连不上总部" in away.text


def test_the_command_prints_a_line_per_check_and_exits_non_zero_on_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["self-test", "--data-dir", str(tmp_path / "fresh")]) == 0
    out = capsys.readouterr().out
    assert [line.split("：")[0] for line in out.splitlines()[1:5]] == [
        "PASS 数据库",
        "PASS 回执字体",
        "PASS 系统钥匙串",
        "SKIP 总部连接",
    ]
    assert "自检通过" in out
    assert not (tmp_path / "fresh" / "desk.sqlite3").exists()  # no desk data made

    keyring.set_keyring(FailKeyring())
    assert cli.main(["self-test", "--data-dir", str(tmp_path / "fresh")]) == cli.EXIT_FAILED
    out = capsys.readouterr().out
    assert "FAIL 系统钥匙串" in out and "自检未通过" in out


def test_the_command_checks_the_registered_head_office(
    store: Path, hall: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    from hall_desk.storage.db import close_store
    from hall_desk.sync.outbox import set_hq_url

    url = f"http://127.0.0.1:{free_port()}"
    set_hq_url(url)
    close_store()
    assert cli.main(["self-test", "--data-dir", str(store.parent)]) == cli.EXIT_FAILED
    out = capsys.readouterr().out
    assert f"FAIL 总部连接：连不上总部 {url}" in out
    assert "PASS 数据库" in out
