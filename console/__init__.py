"""Gridline console core: application state and logic, no Qt."""
