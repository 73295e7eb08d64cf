#!/usr/bin/env python3
"""Kiểm tra rằng nhật ký sự kiện của thidua chỉ được nối thêm, không bị viết lại.

    python3 verify_consistency.py PROOF.json
    python3 verify_consistency.py EARLIER LATER.jsonl

PROOF.json is what `thidua audit prove OLD_CHECKPOINT -o PROOF.json` writes: the old and
the new checkpoint and an RFC 9162 §2.1.4 consistency proof between their Merkle roots;
it is checked with §2.1.4.2's algorithm. EARLIER is a checkpoint file or an earlier
export, LATER.jsonl a later export: the later export's first links must give the
earlier checkpoint (head and Merkle root); with an earlier export, each link is compared
and the first position that differs is named. (The later export's own links are checked
against its events by tools/verify_export.py.)

Exit status: 0 the log only grew, 1 it did not (where it differs is said), 2 wrong usage
or an unreadable file. Standard library only, written apart from thidua's code on
purpose: it follows the published format (docs/audit-chain.md).
"""

import hashlib
import json
import sys

FORMAT = "thidua-chain/1"
EMPTY = hashlib.sha256(b"").digest()


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def merkle_root(links):
    """RFC 6962 §2.1 Merkle Tree Hash over the links, by its recursive definition."""
    if not links:
        return EMPTY
    if len(links) == 1:
        return hashlib.sha256(b"\x00" + links[0]).digest()
    k = 1
    while k * 2 < len(links):
        k *= 2
    return node(merkle_root(links[:k]), merkle_root(links[k:]))


def verify_consistency(first, second, first_hash, second_hash, path):
    """RFC 9162 §2.1.4.2, step by step."""
    if first == second:
        return not path and first_hash == second_hash
    if first == 0:
        return not path and first_hash == EMPTY
    if not 0 < first < second or not path:  # step 1
        return False
    path = list(path)
    if first & (first - 1) == 0:  # step 2
        path.insert(0, first_hash)
    fn, sn = first - 1, second - 1  # step 3
    while fn & 1:  # step 4
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]  # step 5
    for c in path[1:]:  # step 6
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_hash and sr == second_hash and sn == 0  # step 7


class Diverged(Exception):
    """The log did not only grow: the message says where."""


def check_proof(record):
    body = record["consistency"]
    old, new = body["old"], body["new"]
    for cp in (old, new):
        if cp.get("format") != FORMAT:
            raise ValueError(f"không phải điểm kiểm tra {FORMAT}")
    proof = [bytes.fromhex(h) for h in body["proof"]]
    ok = verify_consistency(
        old["count"],
        new["count"],
        bytes.fromhex(old["merkle_root"]),
        bytes.fromhex(new["merkle_root"]),
        proof,
    )
    if not ok:
        raise Diverged(
            "bằng chứng nhất quán không đúng: không chứng minh được chuỗi đến vị trí {} nối"
            " tiếp điểm kiểm tra đến vị trí {}".format(new["position"], old["position"])
        )
    return old, new


def read_export(path):
    """(position, link) of every event line, and the closing checkpoint."""
    links, closing = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if "checkpoint" in record:
                closing = record["checkpoint"]
            else:
                links.append((record["position"], bytes.fromhex(record["link"])))
    return links, closing


def read_earlier(path):
    """A checkpoint file: (None, checkpoint); an export: (its links, its checkpoint)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        record = json.loads(text)
    except ValueError:
        return read_export(path)
    return None, record.get("checkpoint", record)


def check_growth(earlier_links, earlier, later_links):
    """The later links start with the earlier ones; where they part, named."""
    if earlier_links is not None:
        for i, (position, link) in enumerate(earlier_links):
            if i >= len(later_links):
                raise Diverged(f"tệp sau dừng trước vị trí {position} của tệp trước")
            if later_links[i] != (position, link):
                where = min(position, later_links[i][0])
                raise Diverged(
                    f"vị trí {where}: mắt xích khác với tệp trước (lịch sử bị viết lại từ đây)"
                )
    count = earlier["count"]
    if count > len(later_links):
        raise Diverged(
            "tệp sau ngắn hơn điểm kiểm tra trước (vị trí {})".format(earlier["position"])
        )
    prefix = [link for _, link in later_links[:count]]
    position, head = later_links[count - 1] if count else (0, bytes(32))
    same = (
        merkle_root(prefix).hex() == earlier["merkle_root"]
        and head.hex() == earlier["head"]
        and position == earlier["position"]
    )
    if not same:
        raise Diverged(
            "chuỗi không khớp điểm kiểm tra trước (vị trí {}): lịch sử đã khác ở một vị trí"
            " nào đó đến vị trí đó; đưa tệp xuất lúc lấy điểm kiểm tra để biết vị trí".format(
                earlier["position"]
            )
        )


def main(argv):
    args = argv[1:]
    if len(args) not in (1, 2):
        print("Cách dùng: python3 verify_consistency.py PROOF.json | EARLIER LATER.jsonl")
        return 2
    try:
        if len(args) == 1:
            with open(args[0], encoding="utf-8") as f:
                old, new = check_proof(json.load(f))
        else:
            earlier_links, old = read_earlier(args[0])
            later_links, new = read_export(args[1])
            if old is None or new is None:
                raise ValueError("tệp xuất không kết thúc bằng điểm kiểm tra")
            check_growth(earlier_links, old, later_links)
    except Diverged as e:
        print(f"SAI: {e}.")
        return 1
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        print(f"Không đọc được tệp: {e}")
        return 2
    print(
        "ĐÚNG: chuỗi đến vị trí {} ({} sự kiện) nối tiếp điểm kiểm tra đến vị trí {} ({} sự kiện):"
        " nhật ký chỉ được nối thêm.".format(
            new["position"], new["count"], old["position"], old["count"]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
