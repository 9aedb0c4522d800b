"""Toll-fraud guardrails: limits, hours, budgets and switches that every call must pass."""
