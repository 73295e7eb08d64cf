#!/usr/bin/env python3
"""Kiểm tra rằng nhật ký sự kiện của thidua chỉ được nối thêm, không bị viết lại.

    python3 verify_consistency.py PROOF.json
    python3 verify_consistency.py EARLIER LATER.jsonl
    python3 verify_consistency.py EARLIER.pdf LATER.pdf

PROOF.json is what `thidua audit prove OLD_CHECKPOINT -o PROOF.json` writes: the old and
the new checkpoint and an RFC 9162 §2.1.4 consistency proof between their Merkle roots;
it is checked with §2.1.4.2's algorithm. EARLIER is a checkpoint file or an earlier
export, LATER.jsonl a later export: the later export's first links must give the
earlier checkpoint (head and Merkle root); with an earlier export, each link is compared
and the first position that differs is named. (The later export's own links are checked
against its events by tools/verify_export.py.)

EARLIER.pdf and LATER.pdf are two signed dossiers (bundles) of one cluster, e.g. a year
apart. The later one's checkpoint.json carries, under "previous", the checkpoint of the
bundle it continues and an RFC 9162 consistency proof from it: the earlier file's own
checkpoint must be that one and the proof must hold. When it does not, the tool names
where the histories part as closely as the two files allow: every hash either file
states (its events' links, their Merkle audit paths, the proof) belongs to a range of
links, and a range both state with different hashes holds the rewrite. A dossier can
also be EARLIER for a later export (LATER.jsonl). The files' PDF signatures are not
checked here (that needs X.509: `thidua bundle verify`, a PDF reader, or openssl); the
attachments are read from the PDF with zlib.

Exit status: 0 the log only grew, 1 it did not (where it differs is said), 2 wrong usage
or an unreadable file. Standard library only, written apart from thidua's code on
purpose: it follows the published format (docs/audit-chain.md).
"""

import hashlib
import json
import re
import sys
import zlib

FORMAT = "thidua-chain/1"
DOSSIER = "thidua-dossier/1"
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


# -- dossiers (signed PDF bundles) ----------------------------------------------------


def embedded_streams(pdf):
    """The decoded data of every /EmbeddedFile stream of a PDF (zlib or unfiltered)."""
    found = []
    for m in re.finditer(rb"/Type\s*/EmbeddedFile\b", pdf):
        start = pdf.find(b"stream", m.end())
        if start < 0:
            continue
        start += len(b"stream")
        start += 2 if pdf[start : start + 2] == b"\r\n" else 1
        header = pdf[m.start() : start]
        if b"/FlateDecode" in header:
            try:
                found.append(zlib.decompressobj().decompress(pdf[start:]))
            except zlib.error:
                continue
        else:
            end = pdf.find(b"endstream", start)
            found.append(pdf[start:end].rstrip(b"\r\n"))
    return found


def read_dossier(path):
    """(checkpoint.json as a dict, the extract's event lines) of a dossier PDF."""
    with open(path, "rb") as f:
        pdf = f.read()
    if not pdf.startswith(b"%PDF"):
        raise ValueError(f"{path} không phải tệp PDF")
    streams = embedded_streams(pdf)
    manifest = None
    for data in streams:
        try:
            record = json.loads(data)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("format") == DOSSIER:
            manifest = record
    if manifest is None:
        raise ValueError(f"{path}: không thấy tệp đính kèm checkpoint.json của hồ sơ")
    want = manifest["extract"]["sha256"]
    for data in streams:
        if hashlib.sha256(data).hexdigest() == want:
            lines = [json.loads(x) for x in data.decode("utf-8").splitlines() if x.strip()]
            return manifest, lines, hashlib.sha256(pdf).hexdigest()
    raise ValueError(f"{path}: bản trích sự kiện đính kèm không khớp mã băm ghi trong hồ sơ")


def leaf(link):
    return hashlib.sha256(b"\x00" + link).digest()


def split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def path_ranges(index, lo, hi):
    """For a leaf's RFC 6962 audit path in the tree over links [lo, hi): from the leaf
    up, (sibling's range, parent's range, the leaf's side is left)."""
    if hi - lo <= 1:
        return []
    k = lo + split(hi - lo)
    if index < k:
        return [*path_ranges(index, lo, k), ((k, hi), (lo, hi), True)]
    return [*path_ranges(index, k, hi), ((lo, k), (lo, hi), False)]


def proof_ranges(m, lo, hi, whole=True):
    """The ranges of links the hashes of SUBPROOF(m, D[lo:hi], whole) stand for."""
    if m == hi - lo:
        return [] if whole else [(lo, hi)]
    k = split(hi - lo)
    if m <= k:
        return [*proof_ranges(m, lo, lo + k, whole), (lo + k, hi)]
    return [*proof_ranges(m - k, lo + k, hi, False), (lo, lo + k)]


def known_hashes(lines, checkpoint):
    """Every range of links whose Merkle hash a dossier's extract states: each event's
    leaf, its audit path's siblings and the nodes they make up to the checkpoint's root
    (which each must reach), and the leaf → position of its events."""
    size, root = checkpoint["count"], bytes.fromhex(checkpoint["merkle_root"])
    known, where = {(0, size): root}, {}
    for line in lines:
        i = line["leaf"]
        where[i] = line["position"]
        h = leaf(bytes.fromhex(line["link"]))
        known[(i, i + 1)] = h
        steps = path_ranges(i, 0, size)
        for (sibling, parent, left), p in zip(steps, line["proof"], strict=False):
            p = bytes.fromhex(p)
            known[sibling] = p
            h = node(h, p) if left else node(p, h)
            known[parent] = h
        if h != root:
            raise ValueError(
                "bản trích của hồ sơ không khớp gốc Merkle của nó (vị trí {})".format(
                    line["position"]
                )
            )
    return known, where


def parted(earlier, later):
    """The first range both state with different hashes (the earliest, then the
    narrowest), or None."""
    differ = [r for r in earlier if r in later and earlier[r] != later[r]]
    return min(differ, key=lambda r: (r[1], r[1] - r[0])) if differ else None


def where_parted(rng, positions):
    a, b = rng
    inside = sorted(p for i, p in positions.items() if a <= i < b)
    if b - a == 1 and inside:
        return f"ở vị trí {inside[0]} (mắt xích thứ {a + 1}): mắt xích khác với hồ sơ trước"
    said = f"trong khoảng mắt xích thứ {a + 1} đến thứ {b}"
    if inside:
        said += f", nơi có {len(inside)} sự kiện của hai hồ sơ, từ vị trí {inside[0]} đến vị trí {inside[-1]}"
    return said


def check_pair(earlier, later):
    """A later dossier continues an earlier one; Diverged (where, if the files tell)
    if not."""
    (old_manifest, old_lines, old_sha), (new_manifest, new_lines, _) = earlier, later
    old, new = old_manifest["checkpoint"], new_manifest["checkpoint"]
    previous = new_manifest.get("previous")
    m, n = old["count"], new["count"]
    if m > n:
        raise Diverged(
            f'hồ sơ "sau" có ít mắt xích hơn hồ sơ "trước" ({n} so với {m}): hãy đưa hồ sơ'
            " cũ hơn trước"
        )
    old_known, positions = known_hashes(old_lines, old)
    new_known, later_positions = known_hashes(new_lines, new)
    if previous is None:
        rng = parted(old_known, new_known)
        raise Diverged(
            "hồ sơ sau không mang bằng chứng nối tiếp hồ sơ nào đã ký trước: không chứng minh"
            " được nhật ký chỉ được nối thêm kể từ hồ sơ trước (vị trí {}){}".format(
                old["position"],
                f"; hai hồ sơ khác nhau {where_parted(rng, positions)}" if rng else "",
            )
        )
    claimed = previous["checkpoint"]
    same = all(claimed[k] == old[k] for k in ("position", "count", "head", "merkle_root"))
    proof = [bytes.fromhex(h) for h in previous.get("proof", [])]
    ranges = proof_ranges(claimed["count"], 0, n) if 0 < claimed["count"] < n else []
    new_known.update(zip(ranges, proof, strict=False))
    new_known[(0, claimed["count"])] = bytes.fromhex(claimed["merkle_root"])
    ok = same and verify_consistency(
        m, n, bytes.fromhex(old["merkle_root"]), bytes.fromhex(new["merkle_root"]), proof
    )
    if ok:
        return old, new, previous.get("bundle_sha256") == old_sha
    rng = parted(old_known, new_known)
    if not same and rng is None:
        raise Diverged(
            "hồ sơ sau nối tiếp một hồ sơ khác (năm {}, điểm kiểm tra đến vị trí {}), không phải"
            " hồ sơ trước được đưa (điểm kiểm tra đến vị trí {})".format(
                previous.get("year"), claimed["position"], old["position"]
            )
        )
    where = where_parted(rng, {**later_positions, **positions}) if rng else None
    raise Diverged(
        "nhật ký đã bị viết lại giữa hai hồ sơ: chuỗi của hồ sơ sau không nối tiếp điểm kiểm"
        " tra đến vị trí {} của hồ sơ trước{}".format(
            old["position"], f"; khác nhau {where}" if where else ""
        )
    )


def check_dossier_export(earlier, later_links):
    """A later export extends the chain an earlier dossier was built to."""
    manifest, lines, _ = earlier
    by_leaf = {line["leaf"]: line for line in lines}
    for i in sorted(by_leaf):
        line = by_leaf[i]
        if i >= len(later_links):
            raise Diverged(f"tệp sau dừng trước vị trí {line['position']} của hồ sơ trước")
        prev = later_links[i - 1][1].hex() if i else "00" * 32
        if prev != line["prev_link"]:
            raise Diverged(
                "lịch sử đã khác trước vị trí {} (mắt xích trước nó khác với hồ sơ trước)".format(
                    line["position"]
                )
            )
        if later_links[i] != (line["position"], bytes.fromhex(line["link"])):
            raise Diverged(
                f"vị trí {line['position']}: mắt xích khác với hồ sơ trước (bị viết lại từ đây)"
            )
    check_growth(None, manifest["checkpoint"], later_links)


def is_pdf(path):
    with open(path, "rb") as f:
        return f.read(5) == b"%PDF-"


def check_files(earlier_path, later_path):
    """Two files: a checkpoint, an export or a dossier, then a later export or dossier."""
    if is_pdf(earlier_path) and is_pdf(later_path):
        earlier, later = read_dossier(earlier_path), read_dossier(later_path)
        old, new, same_file = check_pair(earlier, later)
        if not same_file:
            print(
                "Lưu ý: hồ sơ sau nối tiếp đúng điểm kiểm tra này, nhưng ghi mã băm của một"
                " bản ký khác của hồ sơ trước."
            )
        return old, new
    later_links, new = read_export(later_path)
    if new is None:
        raise ValueError("tệp xuất không kết thúc bằng điểm kiểm tra")
    if is_pdf(earlier_path):
        earlier = read_dossier(earlier_path)
        check_dossier_export(earlier, later_links)
        return earlier[0]["checkpoint"], new
    earlier_links, old = read_earlier(earlier_path)
    if old is None:
        raise ValueError("tệp trước không có điểm kiểm tra")
    check_growth(earlier_links, old, later_links)
    return old, new


def main(argv):
    args = argv[1:]
    if len(args) not in (1, 2):
        print(
            "Cách dùng: python3 verify_consistency.py PROOF.json | EARLIER LATER.jsonl"
            " | EARLIER.pdf LATER.pdf"
        )
        return 2
    try:
        if len(args) == 1:
            with open(args[0], encoding="utf-8") as f:
                old, new = check_proof(json.load(f))
        else:
            old, new = check_files(args[0], args[1])
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
