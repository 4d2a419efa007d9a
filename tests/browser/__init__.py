"""Browser tests: the built site in real Chromium (see conftest.py)."""
