"""Where the CLI finds the API: flag over environment over config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from resumeflow_cli.config import DEFAULT_URL, ConfigError, resolve
from resumeflow_cli.main import main


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("RESUMEFLOW_URL", "RESUMEFLOW_API_KEY", "RESUMEFLOW_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "xdg" / "resumeflow" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def test_defaults_without_anything() -> None:
    config = resolve(None, None, None)
    assert (config.url, config.api_key) == (DEFAULT_URL, None)


def test_flag_beats_env_beats_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    write_config(tmp_path, 'url = "http://file:1/"\napi_key = "file-key"\n')
    assert resolve(None, None, None).url == "http://file:1"
    assert resolve(None, None, None).api_key == "file-key"
    monkeypatch.setenv("RESUMEFLOW_URL", "http://env:2")
    monkeypatch.setenv("RESUMEFLOW_API_KEY", "env-key")
    assert (resolve(None, None, None).url, resolve(None, None, None).api_key) == (
        "http://env:2",
        "env-key",
    )
    flagged = resolve("http://flag:3", "flag-key", None)
    assert (flagged.url, flagged.api_key) == ("http://flag:3", "flag-key")


def test_a_broken_config_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(tmp_path, "url = [not toml")
    with pytest.raises(ConfigError):
        resolve(None, None, None)
    assert main(["status", "some-id"]) == 2
    assert "cannot read config file" in capsys.readouterr().err
    assert main(["--config", str(tmp_path / "missing.toml"), "status", "x"]) == 2


def test_unreachable_api_is_exit_3_and_missing_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--url", "http://127.0.0.1:9", "status", "x"]) == 3
    assert "cannot reach" in capsys.readouterr().err
    assert main(["--url", "http://127.0.0.1:9", "upload", str(tmp_path / "nope")]) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--url", "http://127.0.0.1:9", "upload", str(empty)]) == 2
    assert "no PDF or DOCX files" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["export", "x", "--format", "yaml"])
    assert usage.value.code == 2
