#!/usr/bin/env python3
"""Builds the format fixtures from v1/ (a `beback demo --leads 6 --seed 3 --reps 2` desk, committed as is).

unknown-kinds/: v1's rep-ann journal with entries of kinds this build does not know interleaved (what a
newer beback writes), re-sequenced and re-chained. v2-from-the-future/: a journal whose header says
format 2, with records in a layout this build cannot read. Run from this folder; the outputs are committed.
"""
import json, os, struct

def crc32c(data, crc=0):
    crc ^= 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF

def fnv(data):
    value = 0xCBF29CE484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value

def header(version, salt, name, created):
    body = f"beback-journal {version} {salt:016x} {name} {created}"
    return f"{body} {crc32c(body.encode()):08x}\n".encode()

def record(seq, prev, salt, payload):
    fixed = struct.pack("<QQIQ", salt, seq, len(payload), prev)
    crc = crc32c(payload, crc32c(fixed))
    return f"b1 {seq:016x} {len(payload):08x} {crc:08x} {prev:016x} ".encode() + payload + b"\n"

lines = open("v1/journals/rep-ann.journal", "rb").read().split(b"\n")[:-1]
payloads = [line[55:] for line in lines[1:]]
salt, created = 0x5EED5EED5EED5EED, 1795430520
out = header(1, salt, "rep-ann.journal", created)
prev = fnv(out)
future = [
    {"at": 1795000000, "body": {"score": 87, "model": "v7"}, "by": "ann", "id": "fx-score-1", "kind": "lead-score", "lead": "zz9zz", "v": 1},
    {"at": 1795000100, "body": {"transcript": "Hello \u00e9t\u00e9 \u2014 \u4f60\u597d", "seconds": 42}, "by": "ann", "id": "fx-call-1", "kind": "call-recording", "lead": "zz9zz", "v": 1},
    {"at": 1795000200, "body": {}, "by": "ann", "id": "fx-empty-1", "kind": "x-empty", "lead": "", "v": 1},
]
seq = 0
for index, payload in enumerate(payloads):
    for extra in ([future[index // 7]] if index % 7 == 3 and index // 7 < len(future) else []):
        seq += 1
        line = record(seq, prev, salt, json.dumps(extra, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode())
        out += line
        prev = fnv(line)
    seq += 1
    line = record(seq, prev, salt, payload)
    out += line
    prev = fnv(line)
open("unknown-kinds/journals/rep-ann.journal", "wb").write(out)

v2 = header(2, 0x0123456789ABCDEF, "rep-ann.journal", created)
v2 += b"b2 0000000000000001 0000002a 00000000 zstd:KLUv/QBYYQAAaGVsbG8gZnJvbSB0aGUgZnV0dXJl\n"
v2 += b"b2 0000000000000002 0000002a 00000000 zstd:KLUv/QBYYQAAaGVsbG8gZnJvbSB0aGUgZnV0dXJl\n"
open("v2-from-the-future/journals/rep-ann.journal", "wb").write(v2)
