"""Where the API is and which key to use: flag, then environment, then config file.

The config file is TOML, ``$XDG_CONFIG_HOME/resumeflow/config.toml`` (default
``~/.config/resumeflow/config.toml``) or ``--config PATH`` / ``RESUMEFLOW_CONFIG``::

    url = "https://resumeflow.example.com"
    api_key = "..."
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_URL = "http://127.0.0.1:8000"


class ConfigError(Exception):
    """The config file exists but cannot be used (a usage error, exit code 2)."""


@dataclass(frozen=True)
class Config:
    url: str
    api_key: str | None


def config_path(explicit: str | None) -> Path:
    if explicit or os.environ.get("RESUMEFLOW_CONFIG"):
        return Path(explicit or os.environ["RESUMEFLOW_CONFIG"]).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "resumeflow" / "config.toml"


def _read(path: Path, required: bool) -> dict[str, object]:
    if not path.exists():
        if required:
            raise ConfigError(f"config file {path} does not exist")
        return {}
    try:
        return tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc


def resolve(url: str | None, api_key: str | None, config_file: str | None) -> Config:
    path = config_path(config_file)
    data = _read(path, required=config_file is not None)
    file_url, file_key = data.get("url"), data.get("api_key")
    if file_url is not None and not isinstance(file_url, str):
        raise ConfigError(f"{path}: url must be a string")
    if file_key is not None and not isinstance(file_key, str):
        raise ConfigError(f"{path}: api_key must be a string")
    return Config(
        url=(url or os.environ.get("RESUMEFLOW_URL") or file_url or DEFAULT_URL).rstrip("/"),
        api_key=api_key or os.environ.get("RESUMEFLOW_API_KEY") or file_key,
    )
