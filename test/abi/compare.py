#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Compare our ABI items with Linux's and print PASS/FAIL lines.

Usage: compare.py OURS LINUX ALIASES KNOWN [PREFIX [MIN_TOTAL]]
       compare.py --map ALIASES < NAMES
  OURS, LINUX: "<group>\\t<item>\\t<value>" lines (abiscan.py output)
  ALIASES: "<header glob>\t<regex>\t<replacement>" lines: how one of our
           item names, from a header matching the glob, is spelled in Linux
           (applied in order, each at most once)
  KNOWN:   "<our item>\\t<reason>" lines: deliberate differences
  PREFIX:  test name prefix (default "abi")
  MIN_TOTAL: the fewest items that must be compared (default 800)

A member that Linux has in an aggregate we also define, and we lack, is
a difference too. Each of our headers gives one PASS line if every item it shares with
Linux agrees, else one FAIL line per differing item. Also fails: a header
with nothing compared, a known difference that no longer differs, and
fewer than MIN_TOTAL items compared overall (so that a broken extraction
cannot pass by checking nothing).
"""
import fnmatch
import re
import sys

MIN_TOTAL = 800


def read_items(path):
    items = {}
    for line in open(path):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 3:
            items[parts[1]] = (parts[0], parts[2])
    return items


def read_rules(path):
    rules = []
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if line:
            # tab separated: item names contain spaces
            group, pat, repl = re.split(r"\t+", line)
            rules.append((group, re.compile(pat), repl.strip()))
    return rules


def linux_name(group, name, rules):
    for g, pat, repl in rules:
        if fnmatch.fnmatchcase(group, g):
            name = pat.sub(repl, name, count=1)
    return name


def main():
    if sys.argv[1] == "--map":
        # --map ALIASES: "<group>\t<name>" lines on stdin, Linux names out
        rules = read_rules(sys.argv[2])
        for line in sys.stdin:
            g, _, n = line.rstrip("\n").partition("\t")
            print("%s\t%s" % (g, linux_name(g, n, rules)))
        return 0
    ours = read_items(sys.argv[1])
    linux = read_items(sys.argv[2])
    rules = read_rules(sys.argv[3])
    known = {}
    for line in open(sys.argv[4]):
        if line.strip() and not line.startswith("#"):
            item, _, why = line.rstrip("\n").partition("\t")
            known[item.strip()] = why.strip()
    prefix = sys.argv[5] if len(sys.argv) > 5 else "abi"
    min_total = int(sys.argv[6]) if len(sys.argv) > 6 else MIN_TOTAL

    groups = {}
    for item, (group, value) in ours.items():
        g = groups.setdefault(group, {"ok": 0, "only": [], "bad": [],
                                      "known": 0})
        lname = linux_name(group, item, rules)
        if lname not in linux:
            if item in known:
                g["bad"].append("%s: listed as a known difference but "
                                "Linux has no %s" % (item, lname))
            else:
                g["only"].append(item)
            continue
        lvalue = linux[lname][1]
        if value == lvalue:
            if item in known:
                g["bad"].append("%s: listed as a known difference but now "
                                "agrees (%s); drop it from known-diffs"
                                % (item, value))
            else:
                g["ok"] += 1
        elif item in known:
            g["known"] += 1
            print("# known difference %s: ours %s, Linux %s (%s)"
                  % (item, value, lvalue, known[item]))
        else:
            where = "" if lname == item else " (Linux: %s)" % lname
            g["bad"].append("%s%s: ours %s, Linux %s"
                            % (item, where, value, lvalue))

    # The reverse direction: a member Linux has in an aggregate that we
    # also define, but that none of our members maps to, is an omission.
    mapped = {}
    for item, (group, _) in ours.items():
        mapped[linux_name(group, item, rules)] = group
    for lname in sorted(linux):
        if lname in mapped or "." not in lname:
            continue
        parent = lname.rsplit(".", 1)[0]
        if parent not in mapped:
            continue        # inside something we do not define at all
        group = mapped[parent]
        g = groups[group]
        key = "linux:" + lname
        if key in known:
            g["known"] += 1
            print("# known difference %s (%s)" % (key, known[key]))
        else:
            g["bad"].append("Linux has %s (%s), we have no such member"
                            % (lname, linux[lname][1]))
    known_items = set(ours) | set("linux:" + n for n in linux)
    stale = [k for k in known if k not in known_items]
    total = 0
    failed = False
    for group in sorted(groups):
        g = groups[group]
        total += g["ok"]
        name = "%s/%s" % (prefix, group)
        for only in g["only"]:
            print("# only ours %s: %s" % (group, only))
        if g["bad"]:
            failed = True
            for b in g["bad"]:
                print("FAIL %s: %s" % (name, b))
        elif g["ok"] == 0 and g["known"] == 0:
            failed = True
            print("FAIL %s: no item could be compared with Linux" % name)
        else:
            print("PASS %s: %d items agree with Linux (%d known "
                  "differences, %d only ours)"
                  % (name, g["ok"], g["known"], len(g["only"])))
    for k in stale:
        failed = True
        print("FAIL %s/known-diffs: %s is not one of our items" % (prefix, k))
    if total < min_total:
        failed = True
        print("FAIL %s/coverage: only %d items compared (expected at least "
              "%d)" % (prefix, total, min_total))
    else:
        print("PASS %s/coverage: %d items compared" % (prefix, total))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
