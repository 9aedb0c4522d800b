"""The call-token contract shared by the widget face (issuing) and the hooks face (consuming)."""
