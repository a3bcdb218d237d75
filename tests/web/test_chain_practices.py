"""The chain page's standing-practices block on the demo city: each practice with this
period's task (linked) and whether held, and the missed periods marked as gaps in words."""

import re

import pytest
from fastapi.testclient import TestClient

from chainops import wiring
from tests.conftest import NOW
from tests.web.conftest import sign_in


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wiring, "now", lambda: NOW)  # Friday 27 November 2026


def test_the_bearing_chain_shows_its_practices_and_the_pilots_gap(client: TestClient) -> None:
    page = sign_in(client, "leader").get("/chains/BEARING")
    assert page.status_code == 200
    block = page.text[page.text.index('id="standing-practices"') : page.text.index('id="map"')]
    assert "Standing practices" in block
    assert "Chain tour" in block and "Monthly dispatch meeting" in block
    assert "Expert diagnosis" in block and "Chief chain leader&#39;s inquiry" in block
    assert re.search(r'href="/practices/\d+">2026-Q4<', block)
    assert re.search(r'href="/tasks/\d+">#\d+</a>', block)
    assert "not yet held, due 2026-12-31" in block
    assert "gap: 2026-Q3 not held" in block  # in words, not only red
    assert 'class="light red"' in block


def test_a_chain_without_a_gap_says_so(client: TestClient) -> None:
    page = sign_in(client, "office").get("/chains/HCHEM")
    block = page.text[page.text.index('id="standing-practices"') : page.text.index('id="map"')]
    assert "no gap" in block and "not held" not in block.replace("not yet held", "")
