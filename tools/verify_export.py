#!/usr/bin/env python3
"""Kiểm tra tệp xuất kiểm toán của thidua, không cần truy cập kho sự kiện.

    python3 verify_export.py EXPORT.jsonl [--checkpoint EARLIER]

EARLIER is a checkpoint file (`thidua audit checkpoint -o FILE`) or an earlier
export: this export must then extend it (the same links up to its position).
Exit status: 0 the export is intact, 1 it is not (the first bad position is named),
2 wrong usage or unreadable file.

Standard library only, written apart from thidua's own code on purpose: it follows
the published format (docs/audit-chain.md), so it checks thidua rather than trusting
it. Each event line: position, originator, version, topic, state (the stored bytes as
UTF-8 text), link (hex); the last line: {"checkpoint": {...}}.

    link = SHA-256(prev ‖ u64 position ‖ originator UUID (16 bytes) ‖ u64 version
                   ‖ u64 len ‖ topic ‖ u64 len ‖ state)      u64: 8-byte big-endian
    prev of the first event: 32 zero bytes
    Merkle root: RFC 6962 over the links (leaf 0x00 ‖ link, node 0x01 ‖ left ‖ right)
"""

import hashlib
import json
import struct
import sys

FORMAT = "thidua-chain/1"


class Bad(Exception):
    """The first thing wrong with the export: (position, message)."""


def u64(n):
    return struct.pack(">Q", n)


def uuid_bytes(text):
    digits = text.replace("-", "")
    if len(digits) != 32:
        raise ValueError(f"originator không phải UUID: {text!r}")
    return bytes.fromhex(digits)


def chain_link(prev, position, originator, version, topic, state):
    topic_bytes = topic.encode("utf-8")
    data = [prev, u64(position), uuid_bytes(originator), u64(version)]
    data += [u64(len(topic_bytes)), topic_bytes, u64(len(state)), state]
    return hashlib.sha256(b"".join(data)).digest()


def merkle_root(leaves):
    """RFC 6962 §2.1 Merkle Tree Hash, by its recursive definition."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    split = 1
    while split * 2 < len(leaves):
        split *= 2
    left, right = merkle_root(leaves[:split]), merkle_root(leaves[split:])
    return hashlib.sha256(b"\x01" + left + right).digest()


def dashed(hex_id):
    h = hex_id.lower()
    if len(h) != 32:
        raise ValueError(f"không phải UUID: {hex_id!r}")
    return "-".join((h[:8], h[8:12], h[12:16], h[16:20], h[20:]))


def plain(value):
    """A stored value as the export shows it (ids dashed, actor as an object)."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"_type_", "_data_"}:
        kind, data = value["_type_"], value["_data_"]
        if kind == "uuid_hex":
            return dashed(data)
        if kind in ("datetime_iso", "date", "decimal_str"):
            return data
        if kind == "actor":
            return {"account": data[0], "unit": None if data[1] is None else dashed(data[1])}
        raise ValueError(f"kiểu dữ liệu lạ trong trạng thái: {kind!r}")
    return {k: plain(v) for k, v in value.items()}


def shown_fields(state):
    fields = plain(json.loads(state.decode("utf-8")))
    timestamp, actor = fields.pop("timestamp", None), fields.pop("actor", None)
    return {"timestamp": timestamp, "actor": actor, "data": fields}


def summary(links, position, head):
    return {
        "position": position,
        "count": len(links),
        "head": head.hex(),
        "merkle_root": merkle_root(links).hex(),
    }


def matches(mine, checkpoint):
    return all(mine[k] == checkpoint.get(k) for k in ("position", "count", "head", "merkle_root"))


KEYS = {"position", "originator", "version", "topic", "state", "link", "timestamp", "actor", "data"}


def check_event(record, prev, last_position):
    position = record["position"]
    where = "{} {} ({}, phiên bản {})".format(
        position,
        record.get("originator"),
        record.get("topic"),
        record.get("version"),
    )
    if not isinstance(position, int) or position <= last_position:
        raise Bad(position, f"dòng không theo thứ tự vị trí (sau vị trí {last_position})")
    state = record["state"].encode("utf-8")
    link = chain_link(
        prev, position, record["originator"], record["version"], record["topic"], state
    )
    if record["link"] != link.hex():
        raise Bad(where, "mắt xích băm không khớp (sự kiện, mắt xích hoặc thứ tự đã bị sửa)")
    shown = {k: record.get(k) for k in ("timestamp", "actor", "data")}
    if set(record) != KEYS or shown != shown_fields(state):
        raise Bad(where, "phần đọc được (data, actor, timestamp) khác với trạng thái đã lưu")
    return link


def verify(lines, earlier=None):
    """Check every line; returns (events, checkpoint). Raises Bad at the first problem."""
    links, prev, position, closing = [], bytes(32), 0, None
    for number, line in enumerate(lines, start=1):
        if closing is not None:
            raise Bad(position, "có dòng sau điểm kiểm tra cuối tệp")
        try:
            record = json.loads(line)
            if "checkpoint" in record:
                closing = record["checkpoint"]
                if closing.get("format") != FORMAT or not matches(
                    summary(links, position, prev), closing
                ):
                    raise Bad(position, "điểm kiểm tra cuối tệp không khớp với các dòng")
                continue
            prev = check_event(record, prev, position)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise Bad(position, f"dòng {number} không đọc được ({e})") from None
        position = record["position"]
        links.append(prev)
        at_earlier = earlier is not None and len(links) == earlier.get("count")
        if at_earlier and not matches(summary(links, position, prev), earlier):
            raise Bad(position, "tệp không nối tiếp điểm kiểm tra trước (khác phần đầu)")
    if closing is None:
        raise Bad(position, "tệp xuất không kết thúc bằng điểm kiểm tra (tệp bị cắt?)")
    if earlier is not None and len(links) < earlier.get("count", 0):
        raise Bad(
            position,
            "tệp dừng trước vị trí {} của điểm kiểm tra trước".format(earlier.get("position")),
        )
    return len(links), closing


def read_checkpoint(path):
    """A checkpoint file, or the closing checkpoint of an earlier export."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        record = json.loads(text)
    except ValueError:  # an export: its last line is the checkpoint
        record = json.loads(text.strip().splitlines()[-1])
    checkpoint = record.get("checkpoint", record)
    if checkpoint.get("format") != FORMAT:
        raise ValueError(f"không phải điểm kiểm tra {FORMAT}: {path}")
    return checkpoint


def main(argv):
    args = list(argv[1:])
    earlier = None
    try:
        if "--checkpoint" in args:
            i = args.index("--checkpoint")
            earlier = read_checkpoint(args[i + 1])
            del args[i : i + 2]
        if len(args) != 1:
            raise IndexError
    except IndexError:
        print("Cách dùng: python3 verify_export.py EXPORT.jsonl [--checkpoint FILE]")
        return 2
    except (OSError, ValueError) as e:
        print(f"Không đọc được điểm kiểm tra: {e}")
        return 2
    try:
        with open(args[0], encoding="utf-8", newline="\n") as f:
            count, closing = verify(f, earlier)
    except OSError as e:
        print(f"Không đọc được tệp xuất: {e}")
        return 2
    except UnicodeDecodeError as e:
        print(f"SAI: tệp xuất không phải UTF-8 ({e})")
        return 1
    except Bad as bad:
        where, what = bad.args
        print(f"SAI: vị trí {where}: {what}.")
        return 1
    print(f"ĐÚNG: {count} sự kiện, đến vị trí {closing['position']}.")
    print(f"Đầu chuỗi: {closing['head']}")
    print(f"Gốc Merkle: {closing['merkle_root']}")
    if earlier is not None:
        print("Nối tiếp điểm kiểm tra trước (vị trí {}).".format(earlier["position"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
