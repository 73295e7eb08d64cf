from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.kernel.base import DomainError
from domain.org.cluster import Cluster
from domain.org.regulation import AwardRule, Regulation, Threshold
from domain.org.unit import Unit, UnitKind, UnitStatus, check_placement


def codes(fn):
    with pytest.raises(DomainError) as e:
        fn()
    return e.value.code


def test_unit_history_is_kept():
    parent_a, parent_b = uuid4(), uuid4()
    u = Unit.register("ls-d1", UnitKind.DISTRICT, "LĐLĐ huyện Cao Lộc", parent_a, date(2010, 1, 1))
    assert u.code == "LS-D1" and u.id == Unit.id_for("ls-d1")
    u.rename("LĐLĐ thành phố Cao Lộc", date(2020, 1, 1))
    u.move(parent_b, date(2025, 7, 1))
    assert u.as_of(date(2009, 12, 31)) is None
    assert u.as_of(date(2015, 6, 1)).name == "LĐLĐ huyện Cao Lộc"
    assert u.as_of(date(2015, 6, 1)).parent == parent_a
    assert u.as_of(date(2025, 7, 1)).parent == parent_b
    assert u.name == "LĐLĐ thành phố Cao Lộc"


def test_unit_rules():
    u = Unit.register("X", UnitKind.GRASSROOTS, "CĐCS Công ty A", None, date(2010, 1, 1))
    target = Unit.register("Y", UnitKind.GRASSROOTS, "CĐCS Công ty B", None, date(2010, 1, 1))
    assert (
        codes(lambda: Unit.register(" ", UnitKind.PROVINCE, "A", None, date(2010, 1, 1)))
        == "unit.code_required"
    )
    assert (
        codes(lambda: Unit.register("Z", UnitKind.PROVINCE, " ", None, date(2010, 1, 1)))
        == "unit.name_required"
    )
    assert codes(lambda: u.rename("CĐCS Công ty A", date(2011, 1, 1))) == "unit.same_name"
    assert codes(lambda: u.rename("Mới", date(2009, 1, 1))) == "unit.change_before_last"
    assert codes(lambda: u.move(u.id, date(2011, 1, 1))) == "unit.own_parent"
    assert codes(lambda: u.move(None, date(2011, 1, 1))) == "unit.same_parent"
    assert codes(lambda: u.merge_into(u, date(2011, 1, 1))) == "unit.merge_into_self"
    u.merge_into(target, date(2025, 7, 1))
    assert u.status is UnitStatus.MERGED and u.current.merged_into == target.id
    assert u.as_of(date(2020, 1, 1)).status is UnitStatus.ACTIVE
    assert codes(lambda: u.rename("Khác", date(2025, 8, 1))) == "unit.not_active"
    other = Unit.register("W", UnitKind.GRASSROOTS, "CĐCS Công ty C", None, date(2010, 1, 1))
    assert codes(lambda: other.merge_into(u, date(2025, 8, 1))) == "unit.merge_target_inactive"
    other.dissolve(date(2025, 8, 1))
    assert other.status is UnitStatus.DISSOLVED


def test_cluster_membership_and_regulation():
    c = Cluster.establish(
        "bgpb", "Cụm thi đua LĐLĐ các tỉnh Biên giới phía Bắc", Regulation(), date(2011, 6, 7)
    )
    unit = Unit.register("LS", UnitKind.PROVINCE, "LĐLĐ tỉnh Lạng Sơn", None, date(2010, 1, 1))
    a = unit.id
    c.admit(unit, date(2011, 6, 7))
    assert codes(lambda: c.admit(unit, date(2012, 1, 1))) == "cluster.already_member"
    c.remove(a, date(2025, 7, 1))
    assert codes(lambda: c.remove(a, date(2025, 7, 2))) == "cluster.not_member"
    assert c.former_members[a] == (date(2011, 6, 7), date(2025, 7, 1))
    strict = Regulation(quorum="3/4", absentee_votes="ignore", rotation="free")
    c.adopt_regulation(strict, date(2016, 1, 1))
    assert c.regulation == strict.numbered(2)  # version 1 came with the cluster


def test_regulation_is_data_and_round_trips():
    reg = Regulation(
        quorum="2/3",
        thresholds={
            "leading": Threshold("9/10", strict=False),
            "chair": Threshold("1/2", basis="votes"),
        },
        awards=(AwardRule("flag", "Cờ thi đua", cap_count=2, cap_percent=Decimal("20")),),
    )
    assert Regulation.from_dict(reg.to_dict()) == reg
    assert reg.award("flag").cap(7) == 1  # 20% of 7 members, fewer than the count cap
    assert reg.award("flag").cap(20) == 2
    assert codes(lambda: reg.award("nope")) == "award.unknown"
    assert codes(lambda: Regulation(quorum="3/2")) == "regulation.bad_share"
    assert codes(lambda: Regulation(quorum="abc")) == "regulation.bad_share"
    assert codes(lambda: Regulation(absentee_votes="maybe")) == "regulation.bad_absentee"
    assert codes(lambda: Regulation(rotation="lottery")) == "regulation.bad_rotation"
    assert codes(lambda: Regulation(tie_break=("age",))) == "regulation.bad_tie_break"
    assert codes(lambda: Threshold(basis="people")) == "regulation.bad_basis"


def test_threshold_more_than_versus_at_least():
    half = Threshold("1/2", strict=True)
    assert not half.reached(votes=3, members=6, votes_cast=6)
    assert half.reached(votes=4, members=6, votes_cast=6)
    at_least = Threshold("1/2", strict=False)
    assert at_least.reached(votes=3, members=6, votes_cast=6)
    of_votes = Threshold("1/2", basis="votes")
    assert of_votes.reached(votes=3, members=10, votes_cast=4)
    assert not of_votes.reached(votes=0, members=10, votes_cast=0)


def test_2025_structure_commune_unions_and_no_district_level():
    province = Unit.register("LS", UnitKind.PROVINCE, "LĐLĐ tỉnh Lạng Sơn", None, date(2010, 1, 1))
    commune = Unit.register(
        "LS-XA1", UnitKind.COMMUNE, "Công đoàn xã Tân Đoàn", province.id, date(2025, 7, 1)
    )
    grassroots = Unit.register(
        "CS1", UnitKind.GRASSROOTS, "CĐCS Trường Tiểu học", None, date(2010, 1, 1)
    )
    check_placement(UnitKind.COMMUNE, province)
    check_placement(UnitKind.GRASSROOTS, commune)  # under a commune union
    check_placement(UnitKind.GRASSROOTS, province)  # or directly under the province
    assert codes(lambda: check_placement(UnitKind.COMMUNE, grassroots)) == "unit.commune_parent"
    assert codes(lambda: check_placement(UnitKind.SECTOR, commune)) == "unit.under_commune"
    province.dissolve(date(2025, 7, 1))
    assert codes(lambda: check_placement(UnitKind.GRASSROOTS, province)) == "unit.parent_inactive"


def test_merge_and_split_are_written_on_both_sides():
    x = Unit.register("X", UnitKind.PROVINCE, "LĐLĐ tỉnh X", None, date(2010, 1, 1))
    y = Unit.register("Y", UnitKind.PROVINCE, "LĐLĐ tỉnh Y", None, date(2010, 1, 1))
    x.merge_into(y, date(2025, 7, 1))
    assert y.absorbed == [x.id] and x.current.successors == (y.id,)
    assert x.as_of(date(2025, 6, 30)).status is UnitStatus.ACTIVE
    assert x.as_of(date(2025, 6, 30)).name == "LĐLĐ tỉnh X"

    s = Unit.register("S", UnitKind.DISTRICT, "LĐLĐ huyện S", y.id, date(2010, 1, 1))
    a = Unit.register("SA", UnitKind.COMMUNE, "Công đoàn xã A", y.id, date(2025, 7, 1))
    b = Unit.register("SB", UnitKind.COMMUNE, "Công đoàn xã B", y.id, date(2025, 7, 1))
    old = Unit.register("OLD", UnitKind.COMMUNE, "Công đoàn xã cũ", y.id, date(2020, 1, 1))
    assert codes(lambda: s.split_into([a], date(2025, 7, 1))) == "unit.split_too_few"
    assert codes(lambda: s.split_into([a, a], date(2025, 7, 1))) == "unit.split_duplicate"
    assert codes(lambda: s.split_into([a, old], date(2025, 7, 1))) == "unit.split_part_not_new"
    s.split_into([a, b], date(2025, 7, 1))
    assert s.status is UnitStatus.SPLIT and s.current.successors == (a.id, b.id)
    assert a.split_from == s.id and b.split_from == s.id
    assert codes(lambda: s.rename("Khác", date(2025, 8, 1))) == "unit.not_active"


def test_memberships_keep_their_dates_and_refuse_inactive_units():
    c = Cluster.establish("K", "Khối thi đua", Regulation(), date(2011, 1, 1))
    x = Unit.register("X", UnitKind.PROVINCE, "LĐLĐ tỉnh X", None, date(2010, 1, 1))
    y = Unit.register("Y", UnitKind.PROVINCE, "LĐLĐ tỉnh Y", None, date(2010, 1, 1))
    c.admit(x, date(2011, 1, 1))
    c.remove(x.id, date(2020, 1, 1), "chuyển khối")
    assert codes(lambda: c.admit(x, date(2019, 1, 1))) == "cluster.before_left"
    c.admit(x, date(2022, 1, 1), "trở lại")
    assert [(m.joined_on, m.left_on) for m in c.history] == [
        (date(2011, 1, 1), date(2020, 1, 1)),
        (date(2022, 1, 1), None),
    ]
    assert c.members_on(date(2021, 1, 1)) == [] and c.members_on(date(2023, 1, 1)) == [x.id]
    x.merge_into(y, date(2025, 7, 1))
    z = Unit.register("Z", UnitKind.PROVINCE, "LĐLĐ tỉnh Z", None, date(2010, 1, 1))
    z.dissolve(date(2025, 7, 1))
    assert codes(lambda: c.admit(z, date(2025, 8, 1))) == "cluster.unit_inactive"
    assert codes(lambda: c.admit(y, date(2009, 1, 1))) == "cluster.before_unit"
