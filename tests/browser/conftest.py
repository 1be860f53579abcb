"""Browser tests: the `chromium` and `page` fixtures live in the root conftest.py, so every
browser test in the suite shares one Playwright session."""
