"""The plan: its two files read safely, validated, placed, cached (no computation)."""
