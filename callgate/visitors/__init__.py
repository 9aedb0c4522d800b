"""What visitors leave besides calls: callback requests, and reports on their calls."""
