#!/usr/bin/env python3
"""Runs podtask tasks as Flyte runs them, with inputs written and outputs read by flyteidl.

Usage: roundtrip.py BINARY

BINARY is a task binary with the tasks of ``crates/podtask/examples/interop.rs``. For each case:
Python writes ``inputs.pb`` (a ``core.LiteralMap``, values written as flytekit writes them);
the task's template is serialized by BINARY itself, its placeholders substituted as Flyte
substitutes them, and its command run; then ``outputs.pb`` (or ``error.pb``) is read back with
flyteidl and every value checked. Exit status 0 when every case passes, 1 otherwise, 2 on a
usage error.
"""
from __future__ import annotations

import json
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

from flyteidl.core import errors_pb2, literals_pb2, types_pb2
from google.protobuf import json_format, struct_pb2

L = literals_pb2
T = types_pb2


# --- literals, as flytekit writes them -------------------------------------------------------


def prim(**kw) -> L.Literal:
    return L.Literal(scalar=L.Scalar(primitive=L.Primitive(**kw)))


def i(v: int) -> L.Literal:
    return prim(integer=v)


def f(v: float) -> L.Literal:
    return prim(float_value=v)


def s(v: str) -> L.Literal:
    return prim(string_value=v)


def b(v: bool) -> L.Literal:
    return prim(boolean=v)


def dur(seconds: int, nanos: int = 0) -> L.Literal:
    lit = L.Literal()
    lit.scalar.primitive.duration.seconds = seconds
    lit.scalar.primitive.duration.nanos = nanos
    return lit


def none() -> L.Literal:
    return L.Literal(scalar=L.Scalar(none_type=L.Void()))


def coll(items: list[L.Literal]) -> L.Literal:
    return L.Literal(collection=L.LiteralCollection(literals=items))


def lmap(items: dict[str, L.Literal]) -> L.Literal:
    return L.Literal(map=L.LiteralMap(literals=items))


def generic(obj: dict) -> L.Literal:
    st = struct_pb2.Struct()
    st.update(obj)
    return L.Literal(scalar=L.Scalar(generic=st))


def msgpack_struct(obj: dict) -> L.Literal:
    """A dataclass as flytekit >= 1.14 writes it: a MessagePack ``Binary`` tagged "msgpack"."""
    return L.Literal(scalar=L.Scalar(binary=L.Binary(value=msgpack(obj), tag="msgpack")))


def simple(kind: int, tag: str) -> T.LiteralType:
    return T.LiteralType(simple=kind, structure=T.TypeStructure(tag=tag))


def union(value: L.Literal, stored: T.LiteralType) -> L.Literal:
    return L.Literal(scalar=L.Scalar(union=L.Union(value=value, type=stored)))


def msgpack(v) -> bytes:
    """MessagePack of JSON-like values (a small encoder: the venv has no msgpack package)."""
    if v is None:
        return b"\xc0"
    if v is True:
        return b"\xc3"
    if v is False:
        return b"\xc2"
    if isinstance(v, int):
        if 0 <= v < 128:
            return bytes([v])
        if -32 <= v < 0:
            return struct.pack(">b", v)
        return b"\xd3" + struct.pack(">q", v)
    if isinstance(v, float):
        return b"\xcb" + struct.pack(">d", v)
    if isinstance(v, str):
        raw = v.encode()
        return (bytes([0xA0 | len(raw)]) if len(raw) < 32 else b"\xd9" + bytes([len(raw)])) + raw
    if isinstance(v, list):
        return bytes([0x90 | len(v)]) + b"".join(msgpack(x) for x in v)
    if isinstance(v, dict):
        return bytes([0x80 | len(v)]) + b"".join(msgpack(k) + msgpack(x) for k, x in v.items())
    raise TypeError(v)


# --- literals read back -----------------------------------------------------------------------


def py(lit: L.Literal):
    """A literal as Python data; a union as ("union", tag, value)."""
    which = lit.WhichOneof("value")
    if which == "collection":
        return [py(x) for x in lit.collection.literals]
    if which == "map":
        return {k: py(v) for k, v in lit.map.literals.items()}
    if which != "scalar":
        raise ValueError(f"unexpected literal {which}")
    sc = lit.scalar
    kind = sc.WhichOneof("value")
    if kind == "primitive":
        p = sc.primitive
        pk = p.WhichOneof("value")
        if pk == "duration":
            return ("duration", p.duration.seconds, p.duration.nanos)
        return getattr(p, pk)
    if kind == "none_type":
        return None
    if kind == "generic":
        return json_format.MessageToDict(sc.generic)
    if kind == "union":
        return ("union", sc.union.type.structure.tag, py(sc.union.value))
    raise ValueError(f"unexpected scalar {kind}")


# --- running a task as Flyte does -------------------------------------------------------------


class Runner:
    def __init__(self, binary: str, work: Path):
        self.binary = binary
        self.work = work
        self.templates = work / "templates"
        subprocess.run(
            [binary, "serialize", "--out", str(self.templates), "--image", "ghcr.io/acme/x:1",
             "--entrypoint", binary],
            check=True,
        )
        self.count = 0

    def execute(self, task: str, inputs: dict[str, L.Literal]):
        """Runs `task`; returns (exit status, outputs as Python data or None, ErrorDocument or None)."""
        self.count += 1
        case = self.work / f"case{self.count}"
        case.mkdir()
        inputs_pb = case / "inputs.pb"
        inputs_pb.write_bytes(L.LiteralMap(literals=inputs).SerializeToString())
        template = json.loads((self.templates / f"{task}.json").read_text())
        container = template["container"]
        values = {
            "{{.input}}": str(inputs_pb),
            "{{.outputPrefix}}": str(case / "out"),
            "{{.rawOutputDataPrefix}}": str(case / "raw"),
            "{{.checkpointOutputPrefix}}": str(case / "checkpoint"),
            "{{.prevCheckpointPrefix}}": "",
        }
        argv = []
        for arg in container["command"] + container["args"]:
            for k, v in values.items():
                arg = arg.replace(k, v)
            argv.append(arg)
        done = subprocess.run(argv, capture_output=True, text=True)
        outputs = errors = None
        out = case / "out"
        if (out / "outputs.pb").exists():
            m = L.LiteralMap()
            m.ParseFromString((out / "outputs.pb").read_bytes())
            outputs = {k: py(v) for k, v in m.literals.items()}
        if (out / "error.pb").exists():
            errors = errors_pb2.ErrorDocument()
            errors.ParseFromString((out / "error.pb").read_bytes())
        leftovers = [p.name for p in out.iterdir() if p.name not in ("outputs.pb", "error.pb")] if out.exists() else []
        if leftovers:
            raise AssertionError(f"{task}: files left in the output prefix: {leftovers}")
        return done.returncode, outputs, errors, done.stderr


# --- the cases --------------------------------------------------------------------------------

PARAMS = {"learning_rate": 0.5, "layers": [1, 2, 3], "name": "net", "color": "green",
          "tags": {"team": "ml"}}
PARAMS_TYPE = T.LiteralType(simple=T.STRUCT, structure=T.TypeStructure(tag="Object-Dataclass-Transformer"))


def cases(r: Runner):
    """Yields (name, check) pairs; each check raises AssertionError when it fails."""

    def ok(task, inputs, expected):
        def check():
            rc, outputs, err, stderr = r.execute(task, inputs)
            assert rc == 0 and err is None, f"exit {rc}, error {err}, stderr {stderr}"
            assert outputs == expected, f"outputs {outputs!r}\n  expected {expected!r}"
        return task, check

    yield ok("interop.add", {"a": i(40), "b": i(2)}, {"o0": 42})
    yield ok(
        "interop.scalars",
        {"s": s("héllo"), "i": i(-9_000_000_000), "u": i(2**63 - 1), "small": i(255),
         "f": f(-1.25e-3), "g": f(0.25), "b": b(True), "d": dur(90, 500_000_000)},
        {"o0": "héllo", "o1": -9_000_000_000, "o2": 2**63 - 1, "o3": 255, "o4": -1.25e-3,
         "o5": 0.25, "o6": True, "o7": ("duration", 90, 500_000_000)},
    )
    yield ok(
        "interop.containers",
        {"li": coll([i(1), i(-2)]), "ls": coll([s("a"), s("b")]),
         "hm": lmap({"x": f(1.0), "y": f(2.5)}),
         "bm": lmap({"k": coll([b(True), b(False)]), "empty": coll([])}),
         "nested": coll([lmap({"a": i(1)}), lmap({})]),
         "durations": coll([dur(1), dur(0, 250)])},
        {"o0": [2, -4], "o1": ["A", "B"], "o2": {"x": 1.5, "y": 3.0},
         "o3": {"k": [False, True], "empty": []}, "o4": [{"a": 1}, {}],
         "o5": [("duration", 2, 0), ("duration", 0, 500)]},
    )
    # Options: union literals as flytekit writes them, bare values and none, as it also reads.
    yield ok(
        "interop.options",
        {"oi": union(i(7), simple(T.INTEGER, "int")), "os": s("bare"),
         "missing": union(none(), simple(T.NONE, "none")),
         "op": union(generic(PARAMS), PARAMS_TYPE),
         "ol": union(coll([i(1)]), T.LiteralType(collection_type=T.LiteralType(simple=T.INTEGER),
                                                structure=T.TypeStructure(tag="Typed List"))),
         "oc": none()},
        {"o0": ("union", "int", 7), "o1": ("union", "str", "bare"), "o2": ("union", "none", None),
         "o3": ("union", "Object-Dataclass-Transformer", PARAMS),
         "o4": ("union", "Typed List", [1]), "o5": ("union", "none", None)},
    )
    bumped = dict(PARAMS, layers=[1, 2, 3, 3])
    yield ok(
        "interop.structs",
        {"p": generic(PARAMS), "many": coll([generic(PARAMS), msgpack_struct(PARAMS)]),
         "color": s("blue"), "colors": coll([s("red"), s("green")])},
        {"o0": bumped, "o1": 2, "o2": "red", "o3": ["green", "blue"]},
    )
    # A struct as flytekit >= 1.14 writes a dataclass: MessagePack.
    yield ok(
        "interop.summarize",
        {"p": msgpack_struct(dict(PARAMS, name=None))},
        {"o0": {"layers": 3, "total": 6, "name": "anonymous"}},
    )
    yield ok("interop.later", {"x": i(41)}, {"o0": 42})

    def failed(task, inputs, origin, kind, code, message_part):
        def check():
            rc, outputs, err, stderr = r.execute(task, inputs)
            assert rc == 0, f"exit {rc} (pyflyte-execute exits 0 once error.pb is written): {stderr}"
            assert outputs is None, f"outputs.pb written: {outputs}"
            assert err is not None, "no error.pb"
            e = err.error
            assert e.code == code, e
            assert e.origin == origin, e
            assert e.kind == kind, e
            assert message_part in e.message, e.message
            assert e.timestamp.seconds > 0, e
        return f"{task} fails", check

    user, nonrec = 1, errors_pb2.ContainerError.NON_RECOVERABLE
    yield failed("interop.fail", {"message": s("the data is bad")}, user, nonrec,
                 "USER:RuntimeError", "the data is bad")
    yield failed("interop.divide", {"a": i(7), "b": i(0)}, user, nonrec,
                 "USER:RuntimeError", "cannot divide 7 by zero")
    yield failed("interop.summarize", {"p": generic(dict(PARAMS, layers=[]))}, user, nonrec,
                 "USER:RuntimeError", "no layers")
    yield failed("interop.add", {"a": s("forty"), "b": i(2)}, user, nonrec,
                 "USER:RuntimeError", 'input "a"')


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    failed = []
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        runner = Runner(argv[0], Path(tmp))
        for name, check in cases(runner):
            total += 1
            try:
                check()
                print(f"OK      {name}")
            except AssertionError as e:
                failed.append(name)
                print(f"FAILED  {name}: {e}", file=sys.stderr)
    print(f"{total - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
