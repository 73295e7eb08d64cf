#!/usr/bin/env python3
"""Kiểm tra hồ sơ kiểm phiếu kín (thidua-eg-1), độc lập với mã nguồn của thidua.

    python3 verify_tally.py RECORD.json [--receipt HASH]

RECORD is a bare election record, or any JSON / JSONL file that embeds one or more
(an object with "format": "thidua-eg-1" anywhere in it). Exit status: 0 every record
checks, 1 one does not (the first failing item is named), 2 wrong usage or unreadable
file. With --receipt, also says whether the ballot of that hash is in (exit 1 if not).

Standard library plus PyNaCl (libsodium's Ed25519 group) only, written apart from
thidua's own code on purpose: it follows the published protocol (docs/secret-ballots.md)
so it checks thidua rather than trusting it. It checks, in order:

1. the committee: each member's commitments are group elements with a valid Schnorr
   proof, the joint key is the sum of the constant terms, each verification key is
   Σ_l j^l·(Σ_i C_il);
2. every ballot: its points, its receipt hash, the 0-or-1 proof of each option, the
   0..max proof of its sum; no two ballots share a ciphertext;
3. the encrypted tally is the sum of the ballots;
4. each partial decryption's Chaum–Pedersen proof, and that at least k are given;
5. the combination of k partials (Lagrange at 0) gives the published tally.
"""

import hashlib
import json
import struct
import sys

try:
    from nacl import bindings as sodium
except ImportError:  # pragma: no cover - said in words, not as a traceback
    sodium = None

FORMAT = "thidua-eg-1"
ORDER = 2**252 + 27742317777372353535851937790883648493
IDENTITY = bytes([1]) + bytes(31)
ZERO = bytes(32)


class Bad(Exception):
    """The first thing wrong with the record, in Vietnamese."""


# --- the group (libsodium; only the zero scalar and the identity handled here) -------


def scalar(n):
    return (n % ORDER).to_bytes(32, "little")


def base_mul(k):
    return IDENTITY if k == ZERO else sodium.crypto_scalarmult_ed25519_base_noclamp(k)


def mul(k, p):
    if k == ZERO or p == IDENTITY:
        return IDENTITY
    return sodium.crypto_scalarmult_ed25519_noclamp(k, p)


def add(p, q):
    return sodium.crypto_core_ed25519_add(p, q)


def sub(p, q):
    return sodium.crypto_core_ed25519_sub(p, q)


def total(points):
    acc = IDENTITY
    for p in points:
        acc = add(acc, p)
    return acc


def s_sum(scalars):
    acc = ZERO
    for s in scalars:
        acc = sodium.crypto_core_ed25519_scalar_add(acc, s)
    return acc


def power(m):
    return base_mul(scalar(m))


def encode(domain, parts):
    out = []
    for item in [domain, *parts]:
        if isinstance(item, str):
            data = item.encode("utf-8")
        elif isinstance(item, int):
            data = struct.pack(">Q", item)
        else:
            data = bytes(item)
        out.append(struct.pack(">Q", len(data)) + data)
    return b"".join(out)


def hash_to_scalar(domain, parts):
    return sodium.crypto_core_ed25519_scalar_reduce(hashlib.sha512(encode(domain, parts)).digest())


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def point(text, what):
    """A received point: 32 bytes hex, canonical, in the prime-order group."""
    try:
        data = bytes.fromhex(text)
    except (TypeError, ValueError):
        data = b""
    if len(data) != 32 or not sodium.crypto_core_ed25519_is_valid_point(data):
        raise Bad(f"{what}: không phải phần tử hợp lệ của nhóm")
    return data


def scalar_of(text, what):
    try:
        data = bytes.fromhex(text)
    except (TypeError, ValueError):
        data = b""
    if len(data) != 32 or int.from_bytes(data, "little") >= ORDER:
        raise Bad(f"{what}: không phải số vô hướng hợp lệ")
    return data


def pairs(items, what, parse):
    if not isinstance(items, list):
        raise Bad(f"{what}: sai định dạng")
    out = []
    for item in items:
        if not isinstance(item, list) or len(item) != 2:
            raise Bad(f"{what}: sai định dạng")
        out.append((parse(item[0], what), parse(item[1], what)))
    return out


# --- the checks -----------------------------------------------------------------------


def base_hash(poll):
    options = poll["options"]
    parts = [poll["poll_id"], len(options), *options, poll["max_choices"]]
    parts += [poll["k"], poll["n"], bytes.fromhex(poll["joint_key"])]
    return hash_to_scalar(FORMAT + "/base", parts)


def check_range(key, ct, proof, top, statement):
    if len(proof) != top + 1:
        return False
    a_ct, b_ct = ct
    commitments = []
    for v, (c, z) in enumerate(proof):
        commitments.append(sub(base_mul(z), mul(c, a_ct)))
        commitments.append(sub(mul(z, key), mul(c, sub(b_ct, power(v)))))
    expected = hash_to_scalar(FORMAT + "/range", [*statement, *commitments])
    return expected == s_sum([c for c, _ in proof])


def commitment_at(commitments, x):
    xs, acc, pw = scalar(x), IDENTITY, scalar(1)
    for c in commitments:
        acc = add(acc, mul(pw, c))
        pw = sodium.crypto_core_ed25519_scalar_mul(pw, xs)
    return acc


def check_committee(poll, committee):
    k, n, poll_id = poll["k"], poll["n"], poll["poll_id"]
    if not isinstance(committee, list) or len(committee) != n:
        raise Bad(f"ban kiểm phiếu phải có {n} thành viên")
    if sorted(m.get("index") for m in committee) != list(range(1, n + 1)):
        raise Bad(f"số thứ tự thành viên phải là 1..{n}")
    commitments = {}
    for member in committee:
        i = member["index"]
        cs = [
            point(c, f"cam kết {d} của thành viên {i}") for d, c in enumerate(member["commitments"])
        ]
        proofs = pairs(member["proofs"], f"chứng minh cam kết của thành viên {i}", scalar_of)
        if len(cs) != k or len(proofs) != k:
            raise Bad(f"thành viên {i} phải có {k} cam kết và {k} chứng minh")
        for d, (c, (e, v)) in enumerate(zip(cs, proofs, strict=True)):
            u = sub(base_mul(v), mul(e, c))
            if hash_to_scalar(FORMAT + "/coefficient", [poll_id, k, n, i, d, c, u]) != e:
                raise Bad(f"cam kết {d} của thành viên {i} sai (chứng minh không khớp)")
        commitments[i] = cs
    key = total([commitments[i][0] for i in sorted(commitments)])
    if key.hex() != poll["joint_key"].lower():
        raise Bad("khoá chung không khớp với cam kết của ban kiểm phiếu")
    summed = [total([commitments[i][d] for i in sorted(commitments)]) for d in range(k)]
    keys = {}
    for member in committee:
        i = member["index"]
        keys[i] = commitment_at(summed, i)
        if keys[i].hex() != str(member.get("verification_key", "")).lower():
            raise Bad(f"khoá kiểm tra của thành viên {i} không khớp với các cam kết")
    return key, keys


def check_ballots(poll, key, base, ballots):
    n_options, top = len(poll["options"]), poll["max_choices"]
    seen = set()
    parsed = []
    for number, ballot in enumerate(ballots, 1):
        label = f"phiếu số {number}"
        cts = ballot["ciphertexts"]
        proofs = ballot["proofs"]
        if not isinstance(cts, list) or not isinstance(proofs, list):
            raise Bad(f"{label}: sai định dạng")
        cts = [
            pairs([ct], f"{label}: bản mã lựa chọn {i + 1}", point)[0] for i, ct in enumerate(cts)
        ]
        if len(cts) != n_options or len(proofs) != n_options:
            raise Bad(f"{label}: phải có {n_options} bản mã và {n_options} chứng minh")
        bound = [x for ct in cts for x in ct]
        for i, (ct, proof) in enumerate(zip(cts, proofs, strict=True)):
            what = f"{label}: chứng minh lựa chọn {i + 1}"
            proof = pairs(proof, what, scalar_of)
            statement = [base, f"option {i}", len(bound), *bound, ct[0], ct[1], 1]
            if not check_range(key, ct, proof, 1, statement):
                raise Bad(f"{what} sai")
        total_ct = (total([a for a, _ in cts]), total([b for _, b in cts]))
        sum_proof = pairs(ballot["sum_proof"], f"{label}: chứng minh tổng", scalar_of)
        statement = [base, "sum", len(bound), *bound, total_ct[0], total_ct[1], top]
        if not check_range(key, total_ct, sum_proof, top, statement):
            raise Bad(f"{label}: chứng minh tổng số lựa chọn (0..{top}) sai")
        for a, _ in cts:
            if a in seen:
                raise Bad(f"{label}: trùng bản mã với một phiếu trước (phiếu chép lại)")
            seen.add(a)
        body = {k: v for k, v in ballot.items() if k != "hash"}
        if hashlib.sha256(canonical(body)).hexdigest() != ballot.get("hash"):
            raise Bad(f"{label}: mã băm (biên nhận) không khớp với nội dung phiếu")
        parsed.append(cts)
    return parsed


def check_tally(poll, ballots, published):
    n_options = len(poll["options"])
    tally = pairs(published, "tổng mã hoá", point)
    if len(tally) != n_options:
        raise Bad(f"tổng mã hoá phải có {n_options} bản mã")
    for i in range(n_options):
        a = total([cts[i][0] for cts in ballots])
        b = total([cts[i][1] for cts in ballots])
        if (a, b) != tally[i]:
            raise Bad(f"tổng mã hoá của lựa chọn {i + 1} không khớp với tích các phiếu")
    return tally


def check_partials(poll, base, keys, tally, partials):
    if not isinstance(partials, list):
        raise Bad("phần giải mã: sai định dạng")
    checked = {}
    for partial in partials:
        j = partial.get("index")
        what = f"phần giải mã của thành viên {j}"
        if j not in keys or j in checked:
            raise Bad(f"{what}: không phải của một thành viên (hoặc trùng)")
        shares = [point(d, what) for d in partial["shares"]]
        proofs = pairs(partial["proofs"], what, scalar_of)
        if len(shares) != len(tally) or len(proofs) != len(tally):
            raise Bad(f"{what} sai (số phần không khớp số lựa chọn)")
        vk = keys[j]
        for ct, d, (c, v) in zip(tally, shares, proofs, strict=True):
            a = sub(base_mul(v), mul(c, vk))
            b = sub(mul(v, ct[0]), mul(c, d))
            parts = [base, j, vk, ct[0], ct[1], d, a, b]
            if hash_to_scalar(FORMAT + "/partial", parts) != c:
                raise Bad(f"{what} sai")
        checked[j] = shares
    if len(checked) < poll["k"]:
        raise Bad(f"cần ít nhất {poll['k']} phần giải mã, chỉ có {len(checked)}")
    return checked


def lagrange(indices):
    out = {}
    for j in indices:
        num, den = scalar(1), scalar(1)
        for m in indices:
            if m != j:
                num = sodium.crypto_core_ed25519_scalar_mul(num, scalar(m))
                den = sodium.crypto_core_ed25519_scalar_mul(den, scalar(m - j))
        inv = sodium.crypto_core_ed25519_scalar_invert(den)
        out[j] = sodium.crypto_core_ed25519_scalar_mul(num, inv)
    return out


def check_result(poll, tally, shares, published, ballots):
    chosen = sorted(shares)[: poll["k"]]
    weights = lagrange(chosen)
    if not isinstance(published, list) or len(published) != len(tally):
        raise Bad("kết quả công bố phải có một số cho mỗi lựa chọn")
    for i, (_, b) in enumerate(tally):
        m = sub(b, total([mul(weights[j], shares[j][i]) for j in chosen]))
        t = published[i]
        if not isinstance(t, int) or not 0 <= t <= ballots or power(t) != m:
            raise Bad(f"kết quả của lựa chọn {i + 1} ({t}) không khớp với phần giải mã")


def verify(record):
    """Check one record; return the lines said; raise Bad at the first failure."""
    said = []
    poll = record["poll"]
    try:
        bytes.fromhex(poll["joint_key"])
        if not (isinstance(poll["k"], int) and isinstance(poll["n"], int)):
            raise ValueError
    except (KeyError, TypeError, ValueError) as error:
        raise Bad("thông tin cuộc bỏ phiếu sai định dạng") from error
    point(poll["joint_key"], "khoá chung")
    said.append(
        f"Cuộc bỏ phiếu {poll['poll_id']}: {len(poll['options'])} lựa chọn, "
        f"chọn tối đa {poll['max_choices']}."
    )
    key, keys = check_committee(poll, record["committee"])
    said.append(
        f"Ban kiểm phiếu: {poll['n']} thành viên, ngưỡng {poll['k']}; cam kết và chứng minh "
        "của từng thành viên đúng; khoá chung và khoá kiểm tra khớp."
    )
    base = base_hash(poll)
    ballots = check_ballots(poll, key, base, record["ballots"])
    said.append(
        f"Phiếu: {len(ballots)} phiếu; mã băm khớp; mỗi lựa chọn mã hoá 0 hoặc 1 và tổng "
        f"trong 0..{poll['max_choices']} (chứng minh đúng); không phiếu nào trùng."
    )
    tally = check_tally(poll, ballots, record["encrypted_tally"])
    said.append("Tổng mã hoá: khớp với tích đồng cấu của các phiếu.")
    shares = check_partials(poll, base, keys, tally, record["partial_decryptions"])
    members = ", ".join(str(j) for j in sorted(shares))
    said.append(f"Phần giải mã: của thành viên {members}, chứng minh Chaum–Pedersen đúng.")
    check_result(poll, tally, shares, record["tally"], len(ballots))
    said.append(f"Kết quả công bố {record['tally']}: khớp với tổng đã giải mã.")
    return said


def find_records(value, found):
    """Every object with "format": "thidua-eg-1" inside a JSON value."""
    if isinstance(value, dict):
        if value.get("format") == FORMAT:
            found.append(value)
            return found
        for item in value.values():
            find_records(item, found)
    elif isinstance(value, list):
        for item in value:
            find_records(item, found)
    return found


def read_records(text):
    try:
        return find_records(json.loads(text), [])
    except json.JSONDecodeError:
        found = []
        for line in text.splitlines():
            if line.strip():
                find_records(json.loads(line), found)
        return found


def main(argv):
    args = argv[1:]
    receipt = None
    if "--receipt" in args:
        at = args.index("--receipt")
        if at + 1 >= len(args):
            print("Cách dùng: verify_tally.py RECORD.json [--receipt HASH]", file=sys.stderr)
            return 2
        receipt = args[at + 1].strip().lower()
        del args[at : at + 2]
    if len(args) != 1:
        print("Cách dùng: verify_tally.py RECORD.json [--receipt HASH]", file=sys.stderr)
        return 2
    if sodium is None:
        print("Cần PyNaCl (pip install pynacl) để kiểm tra.", file=sys.stderr)
        return 2
    try:
        with open(args[0], encoding="utf-8") as f:
            records = read_records(f.read())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        print(f"Không đọc được tệp {args[0]}: {error}", file=sys.stderr)
        return 2
    if not records:
        print(f"Tệp {args[0]} không chứa hồ sơ kiểm phiếu {FORMAT}.", file=sys.stderr)
        return 2
    ok = True
    for number, record in enumerate(records, 1):
        if len(records) > 1:
            print(f"— Hồ sơ {number} —")
        try:
            for said in verify(record):
                print(said)
            print("KẾT LUẬN: hồ sơ kiểm phiếu hợp lệ.")
        except Bad as bad:
            print(f"KHÔNG HỢP LỆ: {bad}")
            ok = False
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
            print(f"KHÔNG HỢP LỆ: hồ sơ sai định dạng ({type(error).__name__}: {error})")
            ok = False
        except Exception as error:  # libsodium refusing a value: still no traceback
            print(f"KHÔNG HỢP LỆ: giá trị bị thư viện mật mã từ chối ({error})")
            ok = False
    if receipt is not None:
        numbers = [
            number
            for r in records
            if isinstance(r.get("ballots"), list)
            for number, b in enumerate(r["ballots"], 1)
            if isinstance(b, dict) and b.get("hash") == receipt
        ]
        if numbers:
            print(f"Biên nhận {receipt}: phiếu CÓ trong hồ sơ (phiếu số {numbers[0]}).")
        else:
            print(f"Biên nhận {receipt}: KHÔNG tìm thấy phiếu này trong hồ sơ.")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
