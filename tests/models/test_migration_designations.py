"""Migration 0020 moves every SME tier of a chain membership, and every chain-master
membership, into designations — nothing lost — and its downgrade puts the tiers back."""

from pathlib import Path

import sqlalchemy as sa
from alembic import command

from models.db import make_engine
from models.migrations import alembic_config, upgrade


def _rows(engine: sa.Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(sa.text(sql))]


def test_tiers_and_chain_masters_become_designations_and_come_back(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'tiers.db'}")
    upgrade(engine, "0019")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO chain (id, code, name_zh, name_en, position, created_at) VALUES "
                "(1, 'BEARING', '轴承', 'Bearings', 1, '2026-01-01'), "
                "(2, 'AUTO', '汽车', 'Auto', 2, '2026-01-01')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO enterprise (id, credit_code, name) VALUES "
                "(1, 'A', '链主'), (2, 'B', '小巨人'), (3, 'C', '省级'), (4, 'D', '创新型'), "
                "(5, 'E', '配套')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO enterprise_membership (chain_id, enterprise_id, role, sme_tier) "
                "VALUES (1, 1, 'chain_master', NULL), (1, 2, 'specialized_sme', 'little_giant'), "
                "(2, 2, 'specialized_sme', 'little_giant'), "
                "(1, 3, 'specialized_sme', 'provincial'), (2, 4, 'specialized_sme', 'innovative'), "
                "(2, 5, 'supporting', NULL), (2, 1, 'chain_master', NULL)"
            )
        )
    tiers_before = _rows(
        engine,
        "SELECT chain_id, enterprise_id, role, sme_tier FROM enterprise_membership ORDER BY id",
    )

    upgrade(engine, "0020")

    designations = _rows(
        engine,
        "SELECT enterprise_id, chain_id, kind, level, status, recognized_on, valid_until, "
        "approved_by_id FROM designation ORDER BY enterprise_id, kind, chain_id",
    )
    assert designations == [
        (1, 1, "chain_master", "city", "recognized", None, None, None),
        (1, 2, "chain_master", "city", "recognized", None, None, None),
        (2, None, "little_giant", "national", "recognized", None, None, None),
        (3, None, "zjtx_provincial", "provincial", "recognized", None, None, None),
        (4, None, "innovative", "provincial", "recognized", None, None, None),
    ]
    notes = _rows(engine, "SELECT DISTINCT note FROM designation")
    assert len(notes) == 1 and "dates unknown" in str(notes[0][0])
    columns = {c["name"] for c in sa.inspect(engine).get_columns("enterprise_membership")}
    assert "sme_tier" not in columns

    command.downgrade(alembic_config(engine), "0019")
    assert (
        _rows(
            engine,
            "SELECT chain_id, enterprise_id, role, sme_tier FROM enterprise_membership ORDER BY id",
        )
        == tiers_before
    )

    # Up again: the designations already there are not made twice.
    upgrade(engine, "0020")
    assert len(_rows(engine, "SELECT id FROM designation")) == len(designations)
    engine.dispose()
