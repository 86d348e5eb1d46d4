#!/usr/bin/env python3
"""The C quoted in docs/api.md and README.md is the examples' own.

Usage: check_snippets.py SOURCE_DIR

A line `<!-- snippet: examples/FILE.c NAME -->` must be followed by a
fenced code block equal to the lines between `/* snippet: NAME */` and
`/* end snippet */` in that file, without their common indentation;
`<!-- snippet: examples/FILE.c -->` (no NAME) quotes the whole file.
Every snippet marked in examples/ must be quoted in docs/api.md, so a
program's documented part cannot go unquoted, and every ```c block of
these pages must be such a quote. Exits 1 on a difference.
"""
import os
import re
import sys
import textwrap

ROOT = sys.argv[1]
DOCS = ["docs/api.md", "README.md"]
MARK = re.compile(r"^<!-- snippet: (examples/[\w.]+\.c)(?: (\w+))? -->$")
BEGIN = re.compile(r"^\s*/\* snippet: (\w+) \*/$")
END = re.compile(r"^\s*/\* end snippet \*/$")


def snippets(path):
    """NAME -> text of each marked region of an example, and "" -> all."""
    with open(os.path.join(ROOT, path)) as f:
        text = f.read()
    out, name, body = {"": text}, None, []
    for line in text.splitlines(keepends=True):
        if name is None:
            m = BEGIN.match(line)
            if m:
                name, body = m.group(1), []
        elif END.match(line):
            out[name] = textwrap.dedent("".join(body))
            name = None
        else:
            body.append(line)
    if name is not None:
        sys.exit(f"{path}: snippet {name} has no end")
    return out


errors, quoted = [], set()
for doc in DOCS:
    with open(os.path.join(ROOT, doc)) as f:
        lines = f.read().splitlines(keepends=True)
    for i, line in enumerate(lines):
        m = MARK.match(line.rstrip("\n"))
        if not m:
            if line.rstrip() == "```c" and not (i and MARK.match(lines[i - 1].rstrip("\n"))):
                errors.append(f"{doc}:{i + 1}: C that is not quoted from examples/")
            continue
        path, name = m.group(1), m.group(2) or ""
        have = snippets(path)
        if name not in have:
            errors.append(f"{doc}:{i + 1}: {path} has no snippet '{name}'")
            continue
        if i + 1 >= len(lines) or not lines[i + 1].startswith("```"):
            errors.append(f"{doc}:{i + 1}: no code block after the marker")
            continue
        end = next((j for j in range(i + 2, len(lines)) if lines[j].startswith("```")), None)
        if end is None:
            errors.append(f"{doc}:{i + 2}: the code block does not end")
            continue
        block = "".join(lines[i + 2:end])
        if block != have[name]:
            errors.append(f"{doc}:{i + 2}: the block differs from {path} "
                          f"snippet '{name or '(whole file)'}'")
        quoted.add((doc, path, name))

examples = os.path.join(ROOT, "examples")
for fn in sorted(os.listdir(examples)):
    if fn.endswith(".c"):
        for name in snippets(f"examples/{fn}"):
            if name and ("docs/api.md", f"examples/{fn}", name) not in quoted:
                errors.append(f"docs/api.md does not quote examples/{fn} snippet '{name}'")

if errors:
    sys.stderr.write("\n".join(errors) + "\n")
    sys.exit(1)
print(f"snippets: {len(quoted)} quoted blocks equal their examples")
