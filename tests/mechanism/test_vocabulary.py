"""Every vocabulary member has its own labels, even where two vocabularies share a value."""

from mechanism.vocabulary import FactorType, Labelled, MilestoneKind, RequestState, TaskState


def _vocabularies() -> list[type[Labelled]]:
    return Labelled.__subclasses__()


def test_members_with_the_same_value_in_two_vocabularies_keep_their_own_labels() -> None:
    assert TaskState.SUBMITTED.zh == "已报结"
    assert RequestState.SUBMITTED.zh == "已提交"
    assert MilestoneKind.APPROVALS.zh == "前期手续"
    assert FactorType.APPROVALS.zh == "审批"


def test_every_member_has_distinct_labels_within_its_vocabulary_and_parses_back() -> None:
    for vocabulary in _vocabularies():
        assert len({m.zh for m in vocabulary}) == len(vocabulary), vocabulary
        assert len({m.en for m in vocabulary}) == len(vocabulary), vocabulary
        for member in vocabulary:
            assert vocabulary.parse(member.zh) is member
            assert vocabulary.parse(member.en) is member
            assert vocabulary.parse(member.value) is member
