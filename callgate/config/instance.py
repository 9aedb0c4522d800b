"""Where the installation's own files live: its settings file, SQLite database and run folders.

`CALLGATE_INSTANCE_PATH` if set; else, in a checkout (the package beside `pyproject.toml` and
`bin/callgate`), the checkout's `instance/`; else, for an installed package, `./instance` of the
working directory. Only the environment can choose it: the settings file lives inside it.
"""

from __future__ import annotations

import os
from pathlib import Path

CHOOSER = "CALLGATE_INSTANCE_PATH"
CHECKOUT = Path(__file__).resolve().parents[2]


def in_checkout() -> bool:
    """Tell whether this package runs from a source checkout rather than an installed copy."""
    return (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "bin" / "callgate").is_file()


def instance_path() -> Path:
    """Return the instance folder (absolute; it may not exist yet)."""
    chosen = os.environ.get(CHOOSER)
    if chosen:
        return Path(chosen).absolute()
    return CHECKOUT / "instance" if in_checkout() else Path.cwd() / "instance"
