"""A button's routes (destinations the visitor picks) and each call's context for the PBX."""
