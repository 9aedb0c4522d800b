"""Rows scoped to workspaces through their button: one lookup by key per row considered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement

from callgate.db.models import Button


def in_workspaces(column: Any, workspace_ids: Sequence[int]) -> ColumnElement[bool]:
    """Return the condition that `column` names an existing button of `workspace_ids`: a
    lookup by key for each row considered, never a pass over all buttons."""
    mine = aliased(Button)
    found = select(mine.id).where(mine.id == column, mine.workspace_id.in_(workspace_ids))
    return found.correlate_except(mine).exists()
