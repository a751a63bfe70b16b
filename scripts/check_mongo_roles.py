"""The MongoDB roles in deploy/mongo/init-users.js against what each service's code does.

Static, no mongod needed (and none was run: the roles themselves are unexercised
here). From the source it derives, per service, which collections it touches with
which actions:

* a store class maps attributes to collections: ``self.x = db["name"]``,
  ``db[CONSTANT]``, ``AsyncGridFSBucket(db, bucket_name="b")`` (``b.files`` and
  ``b.chunks``);
* each store method maps to (collection, action) pairs from the collection methods
  it calls (``find_one`` -> find, ``update_one`` -> update, ``upsert=True`` -> insert
  too, ``create_index`` -> createIndex...), following calls to sibling methods;
* a service uses a store method when its package (and, for workers, the shared
  worker code) names it as an attribute (``store.read_file(...)``, ``store.fail``).

It fails when a role lacks something its service uses, grants something its service
never uses, or a collection named in the code is in no role. Name matching is
deliberately coarse (an attribute named ``get`` anywhere counts as ``store.get``):
it can only demand too much, never too little.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INIT_SCRIPT = ROOT / "deploy/mongo/init-users.js"
# The k8s dev overlay's copy (kustomize cannot read files outside the overlay).
INIT_SCRIPT_COPIES = (ROOT / "deploy/k8s/overlays/dev/mongo/init-users.js",)
STORE_SOURCES = sorted((ROOT / "shared/resumeflow_shared").glob("*.py")) + sorted(
    (ROOT / "services").glob("*/resumeflow_*/*.py")
)
WORKER_SHARED = [ROOT / "shared/resumeflow_shared" / n for n in ("service.py", "runner.py")]
SERVICES = ("ingest", "parser", "enhancer", "notifier")

ACTIONS = {
    "find": {"find"},
    "find_one": {"find"},
    "count_documents": {"find"},
    "aggregate": {"find"},
    "distinct": {"find"},
    "open_download_stream": {"find"},
    "insert_one": {"insert"},
    "insert_many": {"insert"},
    "update_one": {"update"},
    "update_many": {"update"},
    "replace_one": {"update"},
    "find_one_and_update": {"find", "update"},
    "find_one_and_replace": {"find", "update"},
    "find_one_and_delete": {"find", "remove"},
    "delete_one": {"remove"},
    "delete_many": {"remove"},
    "create_index": {"createIndex"},
    # GridFS: the driver lists and creates the bucket's indexes on the first upload
    "upload_from_stream": {"find", "insert", "createIndex", "listIndexes"},
    "delete": {"remove"},
}

Grant = tuple[str, str]  # (collection, action)


def roles() -> dict[str, dict[str, list[str]]]:
    text = INIT_SCRIPT.read_text()
    match = re.search(r"// BEGIN ROLES.*?\nconst ROLES = (\{.*?\});\n// END ROLES", text, re.S)
    if match is None:
        raise SystemExit(f"{INIT_SCRIPT}: no ROLES block between the BEGIN/END markers")
    parsed: dict[str, dict[str, list[str]]] = json.loads(match.group(1))
    return parsed


def _collections(value: ast.expr, constants: dict[str, str]) -> list[str]:
    """Collections a ``self.x = <value>`` assignment binds, if any."""
    if isinstance(value, ast.Subscript) and _final_name(value.value) == "db":
        key = value.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return [key.value]
        if isinstance(key, ast.Name) and key.id in constants:
            return [constants[key.id]]
    if isinstance(value, ast.Call) and _final_name(value.func) == "AsyncGridFSBucket":
        for kw in value.keywords:
            if kw.arg == "bucket_name" and isinstance(kw.value, ast.Constant):
                bucket = str(kw.value.value)
                return [f"{bucket}.files", f"{bucket}.chunks"]
        return ["fs.files", "fs.chunks"]
    return []


def _constants(tree: ast.Module) -> dict[str, str]:
    return {
        t.id: n.value.value
        for n in tree.body
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
        for t in n.targets
        if isinstance(t, ast.Name) and isinstance(n.value.value, str)
    }


def _collection_attrs(cls: ast.ClassDef, constants: dict[str, str]) -> dict[str, list[str]]:
    attrs: dict[str, list[str]] = {}
    for node in ast.walk(cls):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and _is_self(target.value):
                    found = _collections(node.value, constants)
                    if found:
                        attrs[target.attr] = found
    return attrs


def _method_grants(cls: ast.ClassDef, attrs: dict[str, list[str]]) -> dict[str, set[Grant]]:
    """Each method's grants, its sibling methods' (``self.other()``) included."""
    direct: dict[str, set[Grant]] = defaultdict(set)
    calls: dict[str, set[str]] = defaultdict(set)
    for fn in cls.body:
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(fn):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            owner = node.func.value
            if _is_self(owner):
                calls[fn.name].add(node.func.attr)
            elif isinstance(owner, ast.Attribute) and _is_self(owner.value):
                actions = set(ACTIONS.get(node.func.attr, set()))
                if any(k.arg == "upsert" for k in node.keywords):
                    actions.add("insert")
                for collection in attrs.get(owner.attr, []):
                    direct[fn.name].update((collection, a) for a in actions)
    grants: dict[str, set[Grant]] = {}
    for name in {*direct, *calls}:
        seen: set[str] = set()
        todo = [name]
        grants[name] = set()
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                grants[name] |= direct.get(current, set())
                todo.extend(calls.get(current, set()))
    return grants


def store_methods() -> tuple[dict[str, dict[str, set[Grant]]], set[str]]:
    """class -> method -> grants it needs; every collection named in the code."""
    methods: dict[str, dict[str, set[Grant]]] = {}
    named: set[str] = set()
    for path in STORE_SOURCES:
        tree = ast.parse(path.read_text())
        constants = _constants(tree)
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            attrs = _collection_attrs(cls, constants)
            if attrs:
                named.update(c for found in attrs.values() for c in found)
                methods[cls.name] = _method_grants(cls, attrs)
    return methods, named


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def _final_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _classes_in(node: ast.expr | None, classes: set[str], calls_only: bool = False) -> set[str]:
    """Store classes an annotation names (``Store | None`` too), or, with
    ``calls_only``, that an assigned value instantiates (``x or Store(db)`` too)."""
    if node is None:
        return set()
    if calls_only:
        found = {_final_name(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)}
    else:
        found = {_final_name(n) for n in ast.walk(node) if isinstance(n, ast.Name | ast.Attribute)}
    return {str(c) for c in found if c in classes}


def _imported_functions(tree: ast.AST) -> set[tuple[str, str]]:
    """(shared module, name) of everything ``tree`` imports or uses from resumeflow_shared."""
    wanted: set[tuple[str, str]] = set()
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("resumeflow_shared."):
                module = node.module.rsplit(".", 1)[1]
                wanted |= {(module, a.name) for a in node.names}
            elif node.module == "resumeflow_shared":
                modules |= {(a.asname or a.name): a.name for a in node.names}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _final_name(node.value) in modules:
            wanted.add((modules[str(_final_name(node.value))], node.attr))
    return wanted


def service_trees(service: str) -> list[ast.AST]:
    """The service's code, the shared worker code for workers, and the shared
    module-level functions it imports (``exclusive(deps.leases, ...)``) with those
    they call."""
    paths = list((ROOT / "services" / service).glob("resumeflow_*/**/*.py"))
    if service != "ingest":
        paths += WORKER_SHARED
    trees: list[ast.AST] = [ast.parse(p.read_text()) for p in paths]
    wanted = set().union(*(_imported_functions(t) for t in trees))
    functions = {}
    for path in sorted((ROOT / "shared/resumeflow_shared").glob("*.py")):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                functions[(path.stem, node.name)] = node
    todo, seen = sorted(wanted & set(functions)), set()
    while todo:  # and the module's functions those call
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        trees.append(functions[key])
        called = {_final_name(n.func) for n in ast.walk(functions[key]) if isinstance(n, ast.Call)}
        todo += [(key[0], str(c)) for c in called if (key[0], c) in functions]
    return trees


def _bindings(trees: list[ast.AST], classes: set[str]) -> dict[str, set[str]]:
    """Variable, attribute and function names -> the store classes they hold or return."""
    bound: dict[str, set[str]] = defaultdict(set)
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.arg):
                bound[node.arg] |= _classes_in(node.annotation, classes)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                bound[node.name] |= _classes_in(node.returns, classes)  # def f() -> Store
            elif isinstance(node, ast.AnnAssign):
                bound[str(_final_name(node.target))] |= _classes_in(node.annotation, classes)
            elif isinstance(node, ast.Assign):
                found = _classes_in(node.value, classes, calls_only=True)
                for target in node.targets:
                    bound[str(_final_name(target))] |= found
    return bound


def used_grants(service: str, methods: dict[str, dict[str, set[Grant]]]) -> set[Grant]:
    """Grants of the store methods the service calls or passes on, matched by the
    receiver's name: a name annotated with, or assigned an instance of, that class."""
    trees = service_trees(service)
    bound = _bindings(trees, set(methods))
    grants: set[Grant] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            value = node.value
            if isinstance(value, ast.Call):  # Store(db).method() or make_store().method()
                value = value.func
            receiver = str(_final_name(value))
            for cls in bound.get(receiver, set()) | ({receiver} & set(methods)):
                grants |= methods[cls].get(node.attr, set())
    return grants


def main() -> int:
    granted = roles()
    methods, named = store_methods()
    problems: list[str] = []
    for service in SERVICES:
        role = granted.get(service)
        if role is None:
            problems.append(f"no role for {service}")
            continue
        have = {(c, a) for c, actions in role.items() for a in actions}
        need = used_grants(service, methods)
        for collection, action in sorted(need - have):
            problems.append(f"{service}: uses {action} on {collection}, not granted")
        for collection, action in sorted(have - need):
            problems.append(f"{service}: granted {action} on {collection}, never used")
    for copy in INIT_SCRIPT_COPIES:
        if copy.read_text() != INIT_SCRIPT.read_text():
            problems.append(
                f"{copy.relative_to(ROOT)} differs from {INIT_SCRIPT.relative_to(ROOT)}"
            )
    in_roles = {c for role in granted.values() for c in role}
    for collection in sorted(named - in_roles):
        problems.append(f"collection {collection} is named in the code but in no role")
    for problem in problems:
        print(f"  FAIL {problem}")
    if not problems:
        print(
            f"  ok   {len(SERVICES)} roles in {INIT_SCRIPT.relative_to(ROOT)} grant exactly what "
            f"the code uses on {len(named)} collections: {', '.join(sorted(named))}"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
