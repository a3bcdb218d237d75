"""Browser tests: the demo city served by uvicorn on loopback, driven by Playwright in Debian's
chromium (``/usr/bin/chromium``, or ``CHAINOPS_CHROMIUM``). `.ci/run` installs chromium; where
it is missing these tests are skipped, saying so loudly at the end of the run — and fail
where ``CHAINOPS_REQUIRE_BROWSER`` is set, as `.ci/run` sets it. Screenshots go to
``CHAINOPS_TEST_ARTIFACTS`` (default ``var/test-artifacts``)."""

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from chainops.settings import Settings
from web.app import create_app

PASSWORD = "chainops-demo"
ROOT = Path(__file__).parent.parent.parent
# As root, in a sandbox with no internet: no sandboxing of chromium's own, and none of its
# background calls home (each would be refused, many at a time).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return os.environ.get("CHAINOPS_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("CHAINOPS_TEST_ARTIFACTS", ROOT / "var" / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def live_db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "live.db"
    copy.write_bytes(demo_db.read_bytes())
    reports = tmp_path / "reports"
    shutil.copytree(demo_db.parent / "reports", reports)
    return copy


@pytest.fixture
def live_settings(live_db: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{live_db}",
        locale="zh-CN",
        reports_dir=live_db.parent / "reports",
        environment="test",
        secret_key="a-test-secret-that-is-long-enough",
    )


@pytest.fixture
def live_server(live_settings: Settings) -> Iterator[str]:
    """The app on a free loopback port, in a thread of this process, for one test."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    live_settings = live_settings.model_copy(update={"base_url": base})
    server = uvicorn.Server(
        uvicorn.Config(create_app(live_settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start")
        time.sleep(0.05)
    yield base
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    path = chromium_path()
    if path is None:
        missing = "Debian's chromium is not installed (apt-get install chromium; .ci/run does)"
        if os.environ.get("CHAINOPS_REQUIRE_BROWSER"):  # .ci/run: pages untested is a failure
            pytest.fail(missing)
        pytest.skip(missing)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def sign_in(page: Page, base: str, username: str, next_path: str = "/") -> None:
    page.goto(f"{base}/login?next={next_path}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
