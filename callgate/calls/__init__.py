"""The call log: WCS sessions, calls and the statuses they went through; the watchdog."""
