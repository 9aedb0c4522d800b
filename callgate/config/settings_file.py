"""The installation's settings file (`instance/callgate.env`, which bin/start writes), found by
itself, with the environment over it: `flask`, bin/callgate and bin/serve all read the same."""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

from dotenv import dotenv_values

from callgate.errors import ConfigError

PREFIX = "CALLGATE_"
FILE_NAME = "callgate.env"
#: Names the file more exactly than "the instance folder" (one checkout, several installations).
CHOOSER = "CALLGATE_SETTINGS_FILE"
log = logging.getLogger("callgate")


def settings_path(instance_path: str) -> Path:
    """Return the settings file: CALLGATE_SETTINGS_FILE if set, else `<instance>/callgate.env`."""
    chosen = os.environ.get(CHOOSER)
    return Path(chosen).absolute() if chosen else Path(instance_path) / FILE_NAME


def environment(path: Path) -> dict[str, str]:
    """Return the CALLGATE_* settings: the file's if it exists, the environment's over them.

    Raises ConfigError if the file exists but cannot be read.
    """
    values: dict[str, str] = {}
    if path.is_file():
        try:
            parsed = dotenv_values(path, interpolate=False, encoding="utf-8")
            mode = path.stat().st_mode
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read the settings file {path}: {exc}") from None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("%s holds secrets but others may read it; chmod 600 it", path)
        values = {k: v for k, v in parsed.items() if k.startswith(PREFIX) and v is not None}
    values |= {k: v for k, v in os.environ.items() if k.startswith(PREFIX)}
    return values


def apply(config: dict, values: dict[str, str], verbatim: tuple[str, ...]) -> None:
    """Set config keys from CALLGATE_* `values`, JSON-decoded unless the key is `verbatim`."""
    for name, value in sorted(values.items()):
        key = name.removeprefix(PREFIX)
        if key in verbatim:
            config[key] = value or config.get(key)
            continue
        try:
            config[key] = json.loads(value)
        except ValueError:
            config[key] = value


def not_set(name: str, path: Path, why: str = "") -> ConfigError:
    """Return the error for a required setting that is empty, or found neither in the
    environment nor in `path`: it says which, and where.

    It points at the settings file rather than at a new key, which would leave data unreadable.
    """
    if name in os.environ:
        if _in_file(name, path):
            return ConfigError(
                f"{name} is set but empty in the environment{why}, which wins over {path} where "
                "it has a value: unset it in the environment"
            )
        return ConfigError(
            f"{name} is set but empty in the environment{why}: give it the value your server "
            f"runs with, there or in {path} (a new one leaves stored data unreadable)"
        )
    if _in_file(name, path) is not None:
        return ConfigError(
            f"{name} is set but empty in {path}{why}: give it the value your server runs with "
            "there (a new one leaves stored data unreadable)"
        )
    if path.is_file():
        return ConfigError(
            f"{name} is not set in the environment or in {path}{why}: add the value your server "
            "runs with there (a new one leaves stored data unreadable)"
        )
    return ConfigError(
        f"{name} is not set in the environment, and there is no settings file {path}{why}: give "
        f"this command the settings your server runs with (that file, or {CHOOSER}=<its path>)"
    )


def _in_file(name: str, path: Path) -> str | None:
    """Return the value `path` gives `name` ("" when empty), or None when it gives none."""
    if not path.is_file():
        return None
    try:
        value = dotenv_values(path, interpolate=False, encoding="utf-8").get(name)
    except (OSError, UnicodeDecodeError):
        return None
    return None if value is None else value.strip()
