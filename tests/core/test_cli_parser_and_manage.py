"""The `writeathon` command: its parser and Django's commands behind `writeathon manage`."""

from __future__ import annotations

import pytest

from writeathon import cli


def test_parser_knows_every_command() -> None:
    parser = cli.build_parser()

    demo = parser.parse_args(["demo", "--port", "9001", "--data-dir", "./demo-data"])
    assert (demo.func, demo.port, demo.data_dir) == (cli.cmd_demo, 9001, "./demo-data")
    assert parser.parse_args(["demo"]).port == 8000

    serve = parser.parse_args(["serve", "--bind", "127.0.0.1:9000", "--workers", "3"])
    assert (serve.func, serve.bind, serve.workers, serve.with_worker) == (
        cli.cmd_serve,
        "127.0.0.1:9000",
        3,
        False,
    )
    assert parser.parse_args(["serve"]).workers >= 3

    worker = parser.parse_args(["worker", "--interval", "2"])
    assert (worker.func, worker.interval) == (cli.cmd_worker, 2.0)
    assert parser.parse_args(["migrate"]).func is cli.cmd_migrate

    manage = parser.parse_args(["manage", "showmigrations", "--plan"])
    assert (manage.func, manage.rest) == (cli.cmd_manage, ["showmigrations", "--plan"])


@pytest.mark.parametrize("argv", [[], ["fly"], ["demo", "--port", "many"]])
def test_parser_refuses_bad_arguments(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.build_parser().parse_args(argv)
    assert exited.value.code == 2
    assert "usage: writeathon" in capsys.readouterr().err


def test_manage_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["manage", "check"]) == 0
    assert "System check identified no issues" in capsys.readouterr().out


def test_manage_reports_an_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["manage", "no_such_command"])
    assert exited.value.code == 1
    assert "Unknown command: 'no_such_command'" in capsys.readouterr().err
