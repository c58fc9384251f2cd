#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Extract the ABI items of one compiled side of the conformance test.

Usage:
  abiscan.py layout OBJ ROOT        struct/union/enum/typedef layouts from
                                    OBJ's DWARF (readelf), for types
                                    declared in files under ROOT
  abiscan.py macros PREPROCESSED ROOT   names of object-like macros that
                                    files under ROOT define (from gcc -E -dD)
  abiscan.py probe NAMES PRELUDE WORK [CFLAGS]  build and run a program
                                    printing each macro's integer or string
                                    value in the context of PRELUDE

Output lines: "<group>\t<item>\t<value>", group being the header (path
relative to ROOT) that declares the item. Items:
  struct S / union U / enum E / typedef T      size=N
  struct S.f.g (members, nested aggregates flattened, offsets from S)
                                               off=O size=N [bits=B@b]
  NAME (enumerator or macro)                   integer or "string"
"""
import os
import re
import subprocess
import sys


def die(msg):
    sys.stderr.write("abiscan: %s\n" % msg)
    sys.exit(2)


# ---- DWARF, from readelf's text dump -----------------------------------

DIE_RE = re.compile(r'^\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: (\d+)(?: \((\w+)\))?')
ATTR_RE = re.compile(r'^\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s*(.*)$')


class Die:
    __slots__ = ("off", "tag", "attrs", "children", "parent")

    def __init__(self, off, tag, parent):
        self.off, self.tag, self.parent = off, tag, parent
        self.attrs, self.children = {}, []


def unform(v):
    # newer readelf prefixes the form: "(data1) 8", "(strp) (offset: 0x1): x"
    return re.sub(r'^\((?:data\d|sdata|udata|strp|string|ref\d|ref_udata|'
                  r'sec_offset|flag_present|implicit_const|line_strp|strx\d?|'
                  r'exprloc|block\d?)\)\s*', '', v.strip())


def attr_str(v):
    # "(indirect string, offset: 0x12): name" or plain "name"
    v = unform(v)
    m = re.match(r'^\((?:indirect|indexed|offset)[^)]*\):\s*(.*)$', v)
    return (m.group(1) if m else v).strip()


def attr_int(v):
    v = unform(v)
    m = re.match(r'^(0x[0-9a-f]+|-?\d+)', v)
    if not m:
        return None
    return int(m.group(1), 0)


def attr_ref(v):
    m = re.match(r'^<(0x[0-9a-f]+)>', unform(v))
    return int(m.group(1), 16) if m else None


def load_dwarf(obj):
    out = subprocess.run(["readelf", "--debug-dump=info", "-W", obj],
                         capture_output=True, text=True, check=True).stdout
    dies, stack, cu_roots = {}, [], []
    cur = None
    for line in out.splitlines():
        m = DIE_RE.match(line)
        if m:
            depth, off, abbrev, tag = int(m.group(1)), int(m.group(2), 16), \
                int(m.group(3)), m.group(4)
            if abbrev == 0:     # null entry closes a sibling chain
                cur = None
                continue
            del stack[depth:]
            parent = stack[-1] if stack else None
            cur = Die(off, tag, parent)
            dies[off] = cur
            if parent:
                parent.children.append(cur)
            else:
                cu_roots.append(cur)
            stack.append(cur)
            continue
        m = ATTR_RE.match(line)
        if m and cur is not None:
            cur.attrs[m.group(1)] = m.group(2)
    return dies, cu_roots


def file_table(obj):
    """DWARF 4 line table: file index -> path (the first CU's only)."""
    out = subprocess.run(["readelf", "--debug-dump=rawline", "-W", obj],
                         capture_output=True, text=True, check=True).stdout
    dirs, files, mode = {0: ""}, {}, None
    for line in out.splitlines():
        if "The Directory Table" in line:
            mode, n = "d", 1
            continue
        if "The File Name Table" in line:
            mode = "f"
            continue
        if not line.strip():
            if mode == "f" and files:
                break
            continue
        if mode == "d":
            parts = line.split()
            if parts and parts[0].isdigit():
                dirs[int(parts[0])] = parts[-1]
            elif not line.startswith(" Entry"):
                dirs[n] = line.strip()
                n += 1
        elif mode == "f":
            parts = line.split()
            if len(parts) >= 5 and parts[0].isdigit():
                d = int(parts[1])
                name = parts[-1]
                if not name.startswith("/"):
                    name = os.path.join(dirs.get(d, ""), name)
                files[int(parts[0])] = os.path.normpath(name)
    return files


class Layout:
    def __init__(self, obj, root):
        self.dies, self.cus = load_dwarf(obj)
        self.files = file_table(obj)
        self.root = os.path.realpath(root)
        self.items = {}

    def group(self, die):
        idx = attr_int(die.attrs.get("DW_AT_decl_file", "0"))
        path = self.files.get(idx)
        if not path:
            return None
        path = os.path.realpath(path)
        if not path.startswith(self.root + "/"):
            return None
        return os.path.relpath(path, self.root)

    def target(self, die):
        ref = attr_ref(die.attrs.get("DW_AT_type", ""))
        return self.dies.get(ref) if ref is not None else None

    def strip(self, die):
        while die is not None and die.tag in ("DW_TAG_typedef",
                                              "DW_TAG_const_type",
                                              "DW_TAG_volatile_type",
                                              "DW_TAG_atomic_type"):
            die = self.target(die)
        return die

    def size(self, die):
        if die is None:
            return 0
        if "DW_AT_byte_size" in die.attrs:
            return attr_int(die.attrs["DW_AT_byte_size"])
        if die.tag in ("DW_TAG_typedef", "DW_TAG_const_type",
                       "DW_TAG_volatile_type", "DW_TAG_atomic_type"):
            return self.size(self.target(die))
        if die.tag == "DW_TAG_array_type":
            n = 1
            for sub in die.children:
                if sub.tag != "DW_TAG_subrange_type":
                    continue
                if "DW_AT_count" in sub.attrs:
                    n *= attr_int(sub.attrs["DW_AT_count"])
                elif "DW_AT_upper_bound" in sub.attrs:
                    n *= attr_int(sub.attrs["DW_AT_upper_bound"]) + 1
                else:
                    n = 0       # flexible array member
            return n * self.size(self.target(die))
        if die.tag == "DW_TAG_pointer_type":
            return 8
        return 0

    def is_handle(self, die):
        """A guest handle is a leaf: Linux's is a bare pointer, ours a
        union, Xen's a struct; only its size and place are ABI."""
        while die is not None and die.tag in ("DW_TAG_typedef",
                                              "DW_TAG_const_type",
                                              "DW_TAG_volatile_type"):
            if die.tag == "DW_TAG_typedef" and attr_str(
                    die.attrs.get("DW_AT_name", "")).startswith(
                    "__guest_handle_"):
                return True
            die = self.target(die)
        return False

    def add(self, group, item, value):
        self.items.setdefault((group, item), value)

    def members(self, group, prefix, die, base):
        for m in die.children:
            if m.tag != "DW_TAG_member":
                continue
            off = base + (attr_int(m.attrs.get("DW_AT_data_member_location",
                                               "0")) or 0)
            t = self.target(m)
            val = "off=%d size=%d" % (off, self.size(t))
            if "DW_AT_bit_size" in m.attrs:
                val += " bits=%d@%s" % (attr_int(m.attrs["DW_AT_bit_size"]),
                                       attr_int(m.attrs.get(
                                           "DW_AT_data_bit_offset", "0")))
            name = m.attrs.get("DW_AT_name")
            inner = self.strip(t)
            agg = inner is not None and inner.tag in (
                "DW_TAG_structure_type", "DW_TAG_union_type") and \
                not self.is_handle(t)
            if name is None:
                # anonymous struct/union member: its fields belong to us
                if agg:
                    self.members(group, prefix, inner, off)
                continue
            path = prefix + "." + attr_str(name)
            self.add(group, path, val)
            if agg:
                self.members(group, path, inner, off)

    def scan(self):
        kinds = {"DW_TAG_structure_type": "struct",
                 "DW_TAG_union_type": "union",
                 "DW_TAG_enumeration_type": "enum"}
        for die in self.dies.values():
            if "DW_AT_declaration" in die.attrs:
                continue
            group = None
            if die.tag in kinds and "DW_AT_name" in die.attrs:
                group = self.group(die)
                if not group:
                    continue
                item = "%s %s" % (kinds[die.tag], attr_str(die.attrs["DW_AT_name"]))
                body = die
            elif die.tag == "DW_TAG_typedef" and die.parent is not None \
                    and die.parent.tag == "DW_TAG_compile_unit":
                group = self.group(die)
                if not group:
                    continue
                item = "typedef " + attr_str(die.attrs["DW_AT_name"])
                body = self.strip(die)
                # a typedef of a named aggregate is covered by the aggregate
                if body is not None and body.tag in kinds and \
                        "DW_AT_name" in body.attrs:
                    self.add(group, item, "size=%d" % self.size(body))
                    continue
            else:
                continue
            self.add(group, item, "size=%d" % self.size(body))
            if body is None or item.startswith("typedef __guest_handle_"):
                continue
            if body.tag in ("DW_TAG_structure_type", "DW_TAG_union_type"):
                self.members(group, item, body, 0)
            elif body.tag == "DW_TAG_enumeration_type":
                for e in body.children:
                    if e.tag == "DW_TAG_enumerator":
                        self.add(group, attr_str(e.attrs["DW_AT_name"]),
                                 str(attr_int(e.attrs["DW_AT_const_value"])))
        return self.items


# ---- macros --------------------------------------------------------------

LINEMARK = re.compile(r'^# \d+ "([^"]*)"')
DEFINE = re.compile(r'^#define ([A-Za-z_][A-Za-z0-9_]*)(\(?)')


def macros(pre, root):
    root = os.path.realpath(root)
    cur, seen = None, {}
    with open(pre) as f:
        for line in f:
            m = LINEMARK.match(line)
            if m:
                cur = m.group(1)
                continue
            m = DEFINE.match(line)
            if not m or m.group(2) == "(" or cur is None or cur.startswith("<"):
                continue
            path = os.path.realpath(cur)
            if path.startswith(root + "/"):
                seen.setdefault(m.group(1), os.path.relpath(path, root))
    return seen


def probe(names_file, prelude, work, cflags):
    """Evaluate each macro named in names_file in the context of prelude.

    Each macro gets two probe lines, integer and string; the program is
    compiled, the lines the compiler rejects are blanked out, and this is
    repeated until it builds. A macro that is neither (a type, an empty
    guard macro, a function-like use) thus drops out on its own.
    """
    names = []
    for line in open(names_file):
        if "\t" in line:
            names.append(line.rstrip("\n").split("\t")[1])
    body = []
    for n in names:
        body.append("{ enum { e_ = (%s) ? 1 : 0 }; I(\"%s\", (%s)); }" % (n, n, n))
        body.append("S(\"%s\", %s);" % (n, n))
    head = (open(prelude).read() +
            "\n#include <stdio.h>\n"
            "#define I(n, v) printf(\"%s\\t%lld\\n\", n, (long long)(v))\n"
            "#define S(n, v) do { static const char s_[] = v; "
            "printf(\"%s\\t\\\"%s\\\"\\n\", n, s_); } while (0)\n"
            "int main(void)\n{\n#line 100000\n")
    src, exe = work + ".c", work + ".bin"
    for _ in range(8):
        with open(src, "w") as f:
            f.write(head + "\n".join(body) + "\nreturn 0;\n}\n")
        r = subprocess.run(["gcc"] + cflags + ["-w", "-fmax-errors=0",
                            "-ftrack-macro-expansion=0", "-o", exe, src],
                           capture_output=True, text=True)
        if r.returncode == 0:
            break
        bad = set()
        for m in re.finditer(r'^[^:\n]*:(\d+):\d+: error', r.stderr, re.M):
            ln = int(m.group(1)) - 100000
            if 0 <= ln < len(body):
                bad.add(ln)
        if not bad:
            die("probe build failed outside the probes:\n" + r.stderr[:3000])
        for ln in bad:
            body[ln] = ";"
    else:
        die("probe build did not converge")
    out = subprocess.run([exe], capture_output=True, text=True,
                         check=True).stdout
    return dict(l.split("\t", 1) for l in out.splitlines() if "\t" in l)


def main():
    if len(sys.argv) < 2:
        die(__doc__)
    cmd = sys.argv[1]
    if cmd == "layout":
        items = Layout(sys.argv[2], sys.argv[3]).scan()
        for (g, i), v in sorted(items.items()):
            print("%s\t%s\t%s" % (g, i, v))
    elif cmd == "macros":
        for n, g in sorted(macros(sys.argv[2], sys.argv[3]).items()):
            print("%s\t%s" % (g, n))
    elif cmd == "probe":
        # probe NAMES PRELUDE WORKBASE [CFLAGS...]
        groups = {}
        for line in open(sys.argv[2]):
            if "\t" in line:
                g, n = line.rstrip("\n").split("\t")
                groups[n] = g
        vals = probe(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
        for n in sorted(vals):
            print("%s\t%s\t%s" % (groups.get(n, "?"), n, vals[n]))
    else:
        die("unknown command " + cmd)


if __name__ == "__main__":
    main()
