#!/usr/bin/python3
"""ABI test: the symbols that libterroir.so exports are exactly the ones
listed in lib/terroir.map, and those are exactly the functions declared with
TERROIR_API in the public headers (libevdev's symbol test, extended to the
headers).  Every exported symbol must carry a version node of the map.

Also: the newest node of the map is the project's version
(TERROIR_<major>.<minor>, with --version), so that a release that adds or
changes functions comes with its own node.

usage: check_symbols.py LIBRARY MAP_FILE INCLUDE_DIR [--version X.Y.Z]
       check_symbols.py --print-map INCLUDE_DIR [MAP_FILE]
           print a map for the headers: symbols of MAP_FILE keep their node,
           new ones go to the newest node

Exit status 0 when all three sets agree, 1 otherwise (with the differences
printed), 77 (skipped) when nm is missing.
"""
import os
import re
import shutil
import subprocess
import sys

FIRST_NODE = "TERROIR_0.1"


def node_of_version(version):
    """TERROIR_<major>.<minor> of "X.Y.Z"."""
    major, minor = version.split(".")[:2]
    return f"TERROIR_{major}.{minor}"


def header_functions(include_dir):
    """Names of the functions declared with TERROIR_API in include_dir/*.h."""
    names = {}
    for fname in sorted(os.listdir(include_dir)):
        if not fname.endswith(".h"):
            continue
        with open(os.path.join(include_dir, fname), encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
        text = re.sub(r"//[^\n]*", " ", text)
        text = re.sub(r"^\s*#.*$", " ", text, flags=re.M)  # the macro definition itself
        for m in re.finditer(r"\bTERROIR_API\b([^;{]*?)\b(terroir_\w+)\s*\(", text):
            names.setdefault(m.group(2), fname)
    return names


def map_symbols(map_path):
    """(nodes, {symbol: node}, problems) from a version script."""
    with open(map_path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"#[^\n]*", " ", text)
    problems = []
    nodes = []
    symbols = {}
    for m in re.finditer(r"([A-Za-z_][\w.]*)\s*\{(.*?)\}\s*([\w.]*)\s*;", text, flags=re.S):
        node, body = m.group(1), m.group(2)
        nodes.append(node)
        section = None
        for item in re.split(r";", body):
            item = item.strip()
            if not item:
                continue
            lab = re.match(r"(global|local)\s*:\s*(.*)$", item, flags=re.S)
            if lab:
                section, item = lab.group(1), lab.group(2).strip()
                if not item:
                    continue
            if section == "local":
                if item != "*":
                    problems.append(f"{node}: unexpected local entry '{item}'")
                continue
            if any(c in item for c in "*?["):
                problems.append(f"{node}: wildcard '{item}' (list every symbol explicitly)")
                continue
            if item in symbols:
                problems.append(f"'{item}' listed twice")
            symbols[item] = node
    if not nodes:
        problems.append("no version node found")
    return nodes, symbols, problems


def exported_symbols(library):
    """{name: version} of the defined dynamic symbols of a shared library."""
    out = subprocess.run(["nm", "-D", "--defined-only", library], check=True,
                         capture_output=True, text=True).stdout
    symbols = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        kind, name = parts[-2], parts[-1]
        version = ""
        if "@" in name:
            name, _, version = name.partition("@")
            version = version.lstrip("@")
        symbols[name] = (kind, version)
    return symbols


def print_map(include_dir, map_path=None):
    """A version script for the headers (comments of an existing map are
    not kept: copy them back)."""
    names = header_functions(include_dir)
    nodes, listed = [FIRST_NODE], {}
    if map_path:
        nodes, listed, _ = map_symbols(map_path)
    newest = nodes[-1]
    print("/* Symbol version script of libterroir: every public function, listed")
    print(" * explicitly (tests/check_symbols.py checks it against the headers and the")
    print(" * built library).  One node per release; a released node never changes. */")
    for k, node in enumerate(nodes):
        members = sorted(n for n in names if listed.get(n, newest) == node)
        print(f"{node} {{")
        print("  global:")
        for name in members:
            print(f"    {name};")
        if k == 0:
            print("  local:")
            print("    *;")
        print("}" + (f" {nodes[k - 1]};" if k else ";"))
        if k + 1 < len(nodes):
            print()


def main(argv):
    if len(argv) in (3, 4) and argv[1] == "--print-map":
        print_map(*argv[2:])
        return 0
    version = None
    if len(argv) == 6 and argv[4] == "--version":
        version = argv[5]
        argv = argv[:4]
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    library, map_path, include_dir = argv[1:]
    if shutil.which("nm") is None:
        print("nm not found: skipping")
        return 77

    declared = header_functions(include_dir)
    nodes, listed, problems = map_symbols(map_path)
    exported = exported_symbols(library)
    # The version node names themselves appear as absolute symbols.
    exported = {n: v for n, v in exported.items() if not (v[0] == "A" and n in nodes)}

    if version and nodes and nodes[-1] != node_of_version(version):
        problems.append(f"the newest node of {os.path.basename(map_path)} is {nodes[-1]}, "
                        f"but the version is {version}: add a node {node_of_version(version)}")
    for name in sorted(set(exported) - set(listed)):
        problems.append(f"exported but not in {os.path.basename(map_path)}: {name}")
    for name in sorted(n for n in exported if not n.startswith("terroir_")):
        problems.append(f"exported symbol without the terroir_ prefix: {name}")
    for name in sorted(set(listed) - set(exported)):
        problems.append(f"in the map but not exported (not implemented?): {name}")
    for name in sorted(set(declared) - set(listed)):
        problems.append(f"declared TERROIR_API in {declared[name]} but not in the map: {name}")
    for name in sorted(set(listed) - set(declared)):
        problems.append(f"in the map but not declared TERROIR_API in any header: {name}")
    for name, (kind, version) in sorted(exported.items()):
        if name in listed and version != listed[name]:
            problems.append(f"{name} has version '{version}', the map says '{listed[name]}'")

    print(f"{len(declared)} functions declared, {len(listed)} in the map, "
          f"{len(exported)} exported by {os.path.basename(library)}")
    for p in problems:
        print("FAIL " + p)
    if not problems:
        print("ok   exported symbols == map == public headers")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
