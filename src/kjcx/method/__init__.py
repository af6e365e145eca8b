"""The method: pure computation over a validated plan (docs/method.md)."""
