"""The shortlist's ranking: same node, then weak or missing nodes, then county, then tier —
one line per supplier, each explained in both languages."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from mechanism.shortlist import Offer, Title, Wanted, best_title, rank, sort_key

TODAY = date(2026, 11, 27)
DEMAND = Wanted(node_id=1, enterprise_id=100, county="临清市")
GIANT = Title("little_giant", "recognized", date(2027, 6, 30))
PROVINCIAL = Title("zjtx_provincial", "recognized", date(2028, 1, 31))


def offer(
    capability_id: int,
    enterprise_id: int,
    *,
    node: int | None = None,
    status: str | None = "strong",
    county: str | None = "冠县",
    titles: tuple[Title, ...] = (),
) -> Offer:
    names = {1: "轴承钢", 2: "真空热处理", 3: "套圈", 4: "轴承检测认证"}
    return Offer(
        capability_id,
        enterprise_id,
        f"企业{enterprise_id}",
        f"产品{capability_id}",
        node,
        names.get(node or 0),
        status if node is not None else None,
        county,
        titles,
    )


def test_it_ranks_same_node_then_gap_nodes_then_county_then_tier() -> None:
    offers = [
        offer(1, 1, node=3, titles=(GIANT,)),  # tier only
        offer(2, 2, node=3, county="临清市"),  # county only
        offer(3, 3, node=2, status="weak"),  # weak node
        offer(4, 4, node=1, status="weak"),  # same node
        offer(5, 5, node=4, status="missing", county="临清市"),  # missing node and county
        offer(6, 6, node=3, titles=(PROVINCIAL,)),  # a lower tier
    ]
    lines = rank(DEMAND, offers, TODAY)
    assert [line.offer.enterprise_id for line in lines] == [4, 5, 3, 2, 1, 6]
    assert [line.place for line in lines] == [1, 2, 3, 4, 5, 6]


def test_each_line_says_why_in_both_languages() -> None:
    offers = [
        offer(1, 1, node=1, status="weak", county="临清市", titles=(GIANT,)),
        offer(2, 2, node=4, status="missing"),
    ]
    first, second = rank(DEMAND, offers, TODAY)
    assert (
        first.why.zh == "同一节点：轴承钢（薄弱）；县：临清市；专精特新“小巨人”，有效期至2027-06-30"
    )
    assert str(first.why) == (
        "same node: 轴承钢 (weak); county: 临清市; Little giant valid until 2027-06-30"
    )
    assert second.why.zh == "缺失节点：轴承检测认证"
    assert str(second.why) == "missing node: 轴承检测认证"


def test_the_demands_own_enterprise_and_matched_suppliers_are_no_candidates() -> None:
    wanted = Wanted(node_id=1, enterprise_id=100, county=None, matched_enterprises=frozenset({2}))
    offers = [offer(1, 100, node=1), offer(2, 2, node=1), offer(3, 3, node=1)]
    assert [line.offer.enterprise_id for line in rank(wanted, offers, TODAY)] == [3]


def test_a_supplier_appears_once_with_its_best_item() -> None:
    offers = [offer(1, 7, node=3, county="临清市"), offer(2, 7, node=1)]
    (line,) = rank(DEMAND, offers, TODAY)
    assert line.offer.capability_id == 2 and line.same_node


def test_an_item_with_no_reason_is_left_out() -> None:
    assert rank(DEMAND, [offer(1, 1, node=3)], TODAY) == []


def test_expired_and_revoked_titles_never_count_for_the_tier() -> None:
    expired = Title("key_little_giant", "recognized", date(2026, 11, 26))
    revoked = Title("single_champion_national", "revoked", date(2029, 1, 1))
    tier = best_title((expired, revoked, PROVINCIAL), TODAY)
    assert tier is not None and tier.kind.code == "zjtx_provincial"
    assert best_title((expired, revoked), TODAY) is None
    assert rank(DEMAND, [offer(1, 1, node=3, titles=(expired,))], TODAY) == []


def test_the_highest_title_is_the_tier() -> None:
    tier = best_title((PROVINCIAL, GIANT, Title("unknown_kind", "recognized", None)), TODAY)
    assert tier is not None and tier.kind.code == "little_giant"


def test_top_keeps_the_first_lines() -> None:
    offers = [offer(i, i, node=1) for i in range(1, 31)]
    assert len(rank(DEMAND, offers, TODAY)) == 20
    assert [line.offer.capability_id for line in rank(DEMAND, offers, TODAY, top=3)] == [1, 2, 3]


_TITLES = st.sampled_from(
    [
        (),
        (GIANT,),
        (PROVINCIAL,),
        (Title("innovative", "recognized", date(2026, 1, 1)),),
        (Title("single_champion_national", "under_review", None),),
    ]
)
_OFFER = st.builds(
    offer,
    st.integers(1, 10_000),
    st.integers(1, 40),
    node=st.one_of(st.none(), st.integers(1, 4)),
    status=st.sampled_from(["strong", "weak", "missing"]),
    county=st.sampled_from([None, "临清市", "冠县"]),
    titles=_TITLES,
)


@given(st.lists(_OFFER, max_size=40, unique_by=lambda o: o.capability_id))
def test_the_order_is_lexicographic_on_the_four_reasons(offers: list[Offer]) -> None:
    lines = rank(DEMAND, offers, TODAY, top=100)
    keys = [sort_key(line) for line in lines]
    assert keys == sorted(keys)
    assert len({line.offer.enterprise_id for line in lines}) == len(lines)
    for line in lines:
        assert line.offer.enterprise_id != DEMAND.enterprise_id
        assert line.same_node == (line.offer.node_id == DEMAND.node_id)
        assert line.same_county == (line.offer.county == DEMAND.county)
        assert bool(line.why) and bool(line.why.zh)
        # nobody left out beats a line kept: every supplier with a reason is in the list
    kept = {line.offer.enterprise_id for line in lines}
    with_reason = {
        o.enterprise_id
        for o in offers
        if o.enterprise_id != DEMAND.enterprise_id
        and (
            o.node_id == 1
            or (o.node_id is not None and o.node_status in ("weak", "missing"))
            or o.county == "临清市"
            or best_title(o.titles, TODAY) is not None
        )
    }
    assert kept == with_reason
