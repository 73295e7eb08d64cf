"""The first bad position of a chain check, and how it is told to an auditor (Vietnamese).

A problem names the position, what differs, and when known the stream (originator,
its aggregate, topic and version) and the case it belongs to (projections.cases:
a cluster-year, a term review, a unit, a cluster), found from the stream's first
stored event, so it works without the views.

Only the position and what differs are the verdict. Naming the stream and the case
reads tampered rows, which may hold anything (a state of another shape, a renamed key,
text where bytes were): that description is best-effort and never fails the report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from projections.kernel.cases import Case, case_of_created
from service.audit.export import load_domain_topics
from service.platform.app import ThiduaApplication

WHAT = {
    "unlinked": "sự kiện không có mắt xích trong chuỗi băm (được chèn vào ngoài ứng dụng)",
    "event_deleted": "sự kiện đã bị xoá (mắt xích của nó vẫn còn)",
    "deleted": "sự kiện cùng mắt xích ở vị trí này đã bị xoá",
    "inserted": "sự kiện ở vị trí này được chèn thêm vào giữa chuỗi",
    "moved": "sự kiện bị đổi chỗ: khi ghi, nó ở vị trí {recorded_at}",
    "replaced": "sự kiện ở vị trí này không phải sự kiện đã được ghi tại đây",
    "topic_changed": "loại sự kiện (topic) đã bị sửa",
    "state_changed": "nội dung sự kiện đã bị sửa",
    "link_changed": "mắt xích băm không khớp với sự kiện (mắt xích hoặc sự kiện đã bị sửa)",
    "checkpoint": "chuỗi không khớp điểm kiểm tra (đến vị trí {cp_position}, đầu chuỗi "
    "{cp_head}…): lịch sử đã khác ở một vị trí nào đó đến vị trí này; kiểm tra với tệp xuất "
    "lúc lấy điểm kiểm tra đó (--checkpoint TỆP_XUẤT) để biết vị trí bắt đầu khác",
    "checkpoint_short": "chuỗi dừng ở vị trí {position}, ngắn hơn điểm kiểm tra (đến vị trí {cp_position})",
    "data_changed": "phần đọc được (data, actor, timestamp) khác với trạng thái đã lưu",
    "order": "dòng không theo thứ tự vị trí (sau vị trí {previous})",
    "no_checkpoint": "tệp xuất không kết thúc bằng điểm kiểm tra (tệp bị cắt?)",
    "export_checkpoint": "điểm kiểm tra cuối tệp không khớp với các dòng trong tệp",
    "after_checkpoint": "có dòng sau điểm kiểm tra cuối tệp",
    "unreadable": "dòng không đọc được ({error})",
    "malformed": "dòng ở vị trí này có giá trị không đúng kiểu đã ghi (bị sửa ngoài ứng dụng)",
    "unreadable_row": "kho không đọc được dòng ở vị trí này (bị sửa ngoài ứng dụng)",
    "unreadable_store": "kho không đọc được sau vị trí này",
    "diverged": "mắt xích khác với tệp xuất trước: lịch sử bị viết lại từ vị trí này",
}

AGGREGATES = {
    "thidua.Unit": "đơn vị",
    "thidua.Cluster": "cụm thi đua",
    "thidua.EmulationYear": "năm thi đua",
    "thidua.Dossier": "hồ sơ thi đua",
    "thidua.Poll": "cuộc bỏ phiếu",
    "thidua.Participation": "lượt bỏ phiếu",
    "thidua.AwardProposal": "tờ trình khen thưởng",
    "thidua.CongressTerm": "nhiệm kỳ đại hội",
    "thidua.ReviewCampaign": "đợt sơ kết",
    "thidua.ReviewReport": "báo cáo sơ kết",
}
CASES = {"year": "năm thi đua", "review": "đợt sơ kết", "unit": "đơn vị", "cluster": "cụm thi đua"}


@dataclass(frozen=True)
class Problem:
    position: int
    kind: str  # a key of WHAT
    event: Any = None  # the stored event found there (a Notification), if any
    chain: Any = None  # the chain row found there (a ChainRow), if any
    details: dict[str, Any] = field(default_factory=dict)
    originator: UUID | None = None
    topic: str | None = None
    version: int | None = None
    case: Case | None = None

    @property
    def aggregate(self) -> str | None:
        """The stream's aggregate topic ("thidua.Poll"), from the event's topic."""
        return None if self.topic is None else self.topic.rpartition(".")[0]

    def what(self) -> str:
        cp = self.details.get("checkpoint")
        values = {
            "position": self.position,
            "cp_position": getattr(cp, "position", ""),
            "cp_head": getattr(cp, "head", "")[:16],
            **self.details,
        }
        return WHAT[self.kind].format(**values)

    def message(self) -> str:
        """One Vietnamese sentence naming the position, what differs, stream and case."""
        text = f"Vị trí {self.position}: {self.what()}"
        if self.originator is not None:
            name = AGGREGATES.get(self.aggregate or "", self.aggregate or "luồng sự kiện")
            text += f" — {name} {self.originator} ({self.topic}, phiên bản {self.version})"
        if self.case is not None:
            text += f", thuộc hồ sơ {CASES.get(self.case.kind, self.case.kind)} {self.case.id}"
        return text + "."


def problem_at(problem: Problem, lookup: Callable[[UUID], Case | None] | None = None) -> Problem:
    """`problem` with the stream of the event or chain row found there, and its case;
    `problem` as it was when the row cannot be read as a stream."""
    source = problem.event if problem.event is not None else problem.chain
    if source is None:
        return problem
    try:
        originator = source.originator_id
        originator = originator if isinstance(originator, UUID) else UUID(str(originator))
        topic, version = source.topic, source.originator_version
    except Exception:  # a tampered row: the position and what differs still stand
        return problem
    if not isinstance(topic, str) or not isinstance(version, int):
        return problem
    case = None
    if lookup is not None:
        try:
            case = lookup(originator)
        except Exception:  # best-effort: an unnamed case never hides the position
            case = None
    return dataclasses.replace(
        problem, originator=originator, topic=topic, version=version, case=case
    )


def case_of(app: ThiduaApplication, originator: UUID, depth: int = 0) -> Case | None:
    """The case a stream belongs to, from its first stored event (None if unreadable).

    A tampered first event may not decode, or decode into an event missing the fields
    its kind has (another event's state, a renamed key): the case then stays unnamed.
    """
    try:
        load_domain_topics()
        first = app.recorder.select_events(originator, lte=1)
        if not first:
            return None
        event = app.mapper.to_domain_event(first[0])
        lookup = (lambda o: case_of(app, o, depth + 1)) if depth < 2 else (lambda o: None)
        return case_of_created(event, lookup)
    except Exception:
        return None
