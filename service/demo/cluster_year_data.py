"""Sample data for the 2015 northern-border cluster year (seed 000).

The plan and the roles of Cao Bằng come from the seed; members' names are the real
provinces of the cluster; criteria, scores, votes and documents are SAMPLE data,
marked "(dữ liệu mẫu)" wherever a person reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from domain.year.criteria import Criteria, Criterion, Section

SAMPLE = "(dữ liệu mẫu)"
# Who signs the year's documents (invented: sample); the signed bundle names the chair
# its certificate names.
SIGNERS = {
    "chair": (f"Hoàng Đức Hạnh {SAMPLE}", ""),
    "secretary": (f"Nông Thị Mai {SAMPLE}", "Chánh Văn phòng"),
    "counting_head": (f"Lương Văn Tùng {SAMPLE}", "Trưởng Ban Tổ chức"),
}
CLUSTER_CODE = "BGPB"
CLUSTER_NAME = "Cụm thi đua LĐLĐ các tỉnh Biên giới phía Bắc"
CONFEDERATION = ("TLD", "Tổng Liên đoàn Lao động Việt Nam")

# code, name; order = seed's signatory first, then the others.
PROVINCES = [
    ("CAOBANG", "Liên đoàn Lao động tỉnh Cao Bằng"),
    ("LAOCAI", "Liên đoàn Lao động tỉnh Lào Cai"),
    ("LANGSON", "Liên đoàn Lao động tỉnh Lạng Sơn"),
    ("HAGIANG", "Liên đoàn Lao động tỉnh Hà Giang"),
    ("LAICHAU", "Liên đoàn Lao động tỉnh Lai Châu"),
    ("DIENBIEN", "Liên đoàn Lao động tỉnh Điện Biên"),
    ("QUANGNINH", "Liên đoàn Lao động tỉnh Quảng Ninh"),
]
CHAIR_2015, VICE_2015 = "CAOBANG", "LAOCAI"  # Cao Bằng: the seed; Lào Cai: sample

D = Decimal


def criteria(year: int) -> Criteria:
    """Sample criteria tree, benchmark 100 points plus bonus and penalty items."""
    return Criteria(
        (
            Section(
                "I",
                "Công tác tuyên truyền, giáo dục",
                (
                    Criterion(
                        "1.1",
                        "Tuyên truyền chủ trương, nghị quyết của Đảng, pháp luật của Nhà nước",
                        D(10),
                    ),
                    Criterion(
                        "1.2", "Học tập và làm theo tấm gương đạo đức, phong cách Hồ Chí Minh", D(5)
                    ),
                ),
            ),
            Section(
                "II",
                "Đại diện, bảo vệ quyền lợi hợp pháp, chính đáng của người lao động",
                (
                    Criterion("2.1", "Thương lượng, ký kết thỏa ước lao động tập thể", D(10)),
                    Criterion("2.2", "Tổ chức Hội nghị người lao động, Hội nghị CBCCVC", D(10)),
                    Criterion("2.3", "Chăm lo đời sống, Tết Sum vầy, Mái ấm Công đoàn", D(5)),
                ),
            ),
            Section(
                "III",
                "Xây dựng tổ chức Công đoàn vững mạnh",
                (
                    Criterion("3.1", "Phát triển đoàn viên, thành lập Công đoàn cơ sở", D(15)),
                    Criterion("3.2", "Xây dựng Công đoàn cơ sở vững mạnh", D(10)),
                    Criterion("3.3", "Đào tạo, bồi dưỡng cán bộ Công đoàn", D(5)),
                ),
            ),
            Section(
                "IV",
                f"Phong trào thi đua năm {year}",
                (
                    Criterion(
                        "4.1", "Phong trào \u201cLao động giỏi, Lao động sáng tạo\u201d", D(10)
                    ),
                    Criterion("4.2", "Phong trào \u201cGiỏi việc nước, đảm việc nhà\u201d", D(5)),
                    Criterion("4.3", "Tham gia hoạt động của Cụm thi đua", D(5)),
                ),
            ),
            Section(
                "V",
                "Tài chính Công đoàn và công tác kiểm tra",
                (
                    Criterion("5.1", "Thu kinh phí, đoàn phí Công đoàn", D(5)),
                    Criterion("5.2", "Hoạt động của Ủy ban Kiểm tra", D(5)),
                ),
            ),
            Section(
                "VI",
                "Điểm thưởng, điểm trừ",
                (
                    Criterion(
                        "T.1",
                        "Mô hình mới, cách làm hay được Tổng Liên đoàn biểu dương",
                        D(5),
                        "bonus",
                    ),
                    Criterion("P.1", "Chậm nộp báo cáo, đăng ký thi đua", D(3), "penalty"),
                ),
            ),
        )
    )


# Share of each criterion's maximum a member claims (self) and is appraised at.
SELF_SHARE = {
    "QUANGNINH": D("0.97"),
    "LAOCAI": D("0.95"),
    "LANGSON": D("0.93"),
    "CAOBANG": D("0.92"),
    "HAGIANG": D("0.90"),
    "DIENBIEN": D("0.88"),
    "LAICHAU": D("0.86"),
}
# (criterion, points cut at appraisal, reason) per member.
APPRAISAL_CUTS = {
    "LANGSON": [("3.1", D("1.5"), "Số đoàn viên phát triển mới thấp hơn báo cáo 320 người")],
    "HAGIANG": [("2.1", D(1), "Tỷ lệ thỏa ước có nội dung có lợi hơn cho người lao động chưa đạt")],
    "LAICHAU": [("4.1", D(2), "Chưa có sáng kiến được công nhận cấp tỉnh")],
    "CAOBANG": [("5.1", D("0.5"), "Thu kinh phí khu vực ngoài nhà nước đạt 88% kế hoạch")],
}
BONUS = {"QUANGNINH": D(4), "LAOCAI": D(3), "LANGSON": D(2)}
LATE_REGISTRATION = {"LAICHAU"}
LATE_MIDYEAR = {"HAGIANG"}

COMMITMENTS = [
    "Phát triển mới ít nhất 3.000 đoàn viên, thành lập 20 Công đoàn cơ sở",
    "100% doanh nghiệp nhà nước tổ chức Hội nghị người lao động",
    "Chăm lo Tết Sum vầy cho 5.000 đoàn viên, người lao động có hoàn cảnh khó khăn",
]


@dataclass(frozen=True)
class ClusterSpec:
    """One cluster's year as `service.demo.Demo` plays it: who, and the sample figures.

    The seed's cluster is `SEED_CLUSTER`; `service.demo_national` builds one per cluster
    of the nation from a seed.
    """

    code: str
    name: str
    members: list[tuple[str, str]]  # code, name; the first is this year's chair
    chair: str
    vice: str  # next year's chair (rotation)
    self_share: dict[str, Decimal]
    appraisal_cuts: dict[str, list[tuple[str, Decimal, str]]]
    bonus: dict[str, Decimal]
    late_registration: frozenset[str]
    late_midyear: frozenset[str]
    no_rollout: frozenset[str]  # members that never report the roll-out task (overdue)
    commenters: tuple[str, str]  # two members who comment on the first draft of criteria
    absent: str  # the member absent from the conference: votes in writing
    leading: str  # the leading unit (and the TLĐ flag proposal)
    merit: tuple[str, ...]  # candidates for the TLĐ certificate of merit (3 or 4)
    modest: tuple[str, ...]  # merit candidates who vote for the others, not for themselves
    next_vice: tuple[str, str]  # the two candidates for next year's vice-chair, winner first
    short: str  # the short code in document numbers ("Số 05/CTĐ-<short>")
    union_decision: str = ""  # the union's text the cluster's regulation follows (legal basis)
    # role -> (name, title): who signs the year's documents, named at the conference
    signers: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def merit_picks(self) -> int:
        """Units proposed for the certificate of merit: 3, or fewer under the default cap
        (half the members)."""
        return min(3, len(self.members) // 2, len(self.merit))


SEED_CLUSTER = ClusterSpec(
    # seed 000's first line
    union_decision=(
        "Hướng dẫn số 650/HD-TLĐ ngày 29/4/2011 của Tổng Liên đoàn Lao động Việt Nam về hoạt "
        "động Cụm, Khối thi đua các Liên đoàn Lao động tỉnh, thành phố"
    ),
    code=CLUSTER_CODE,
    name=CLUSTER_NAME,
    members=PROVINCES,
    chair=CHAIR_2015,
    vice=VICE_2015,
    self_share=SELF_SHARE,
    appraisal_cuts=APPRAISAL_CUTS,
    bonus=BONUS,
    late_registration=frozenset(LATE_REGISTRATION),
    late_midyear=frozenset(LATE_MIDYEAR),
    no_rollout=frozenset({"LAICHAU"}),
    commenters=("LANGSON", "HAGIANG"),
    absent="DIENBIEN",
    leading="QUANGNINH",
    merit=("LAOCAI", "LANGSON", "CAOBANG", "HAGIANG"),
    modest=("LAOCAI", "CAOBANG"),
    next_vice=("DIENBIEN", "LAICHAU"),
    short="BGPB",
    signers=SIGNERS,
)
