#!/usr/bin/env python3
"""Converts our man page source (docs/man/*.md) to roff for man(7).

Deliberately tiny and strict: it understands only the Markdown subset the man page uses and fails on anything
else, so the page cannot silently render wrong. No pandoc dependency.

  % NAME(SECTION) | HEADER       first line: title, section, centre header
  # HEADING                      .SH
  ## Heading                      .SS
  blank line                     paragraph break
  - item                         bullet list item (continuation lines indented by two spaces)
  `term` or **term** line        followed by lines starting with ": " -> tagged paragraph (.TP)
  ```                            fenced literal block (.nf/.fi)
  inline **bold**, *italic*, `code` (rendered bold)

Usage: md2man.py SOURCE.md VERSION > page.8
"""

import re
import sys

INLINE = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`|\*([^*\s][^*]*?)\*")


def escape(text: str) -> str:
    return text.replace("\\", "\\e")


def inline(text: str) -> str:
    out, pos = [], 0
    for m in INLINE.finditer(text):
        out.append(escape(text[pos:m.start()]))
        bold = m.group(1) if m.group(1) is not None else m.group(2)
        if bold is not None:
            out.append("\\fB" + escape(bold).replace("-", "\\-") + "\\fR")
        else:
            out.append("\\fI" + escape(m.group(3)) + "\\fR")
        pos = m.end()
    out.append(escape(text[pos:]))
    line = "".join(out)
    # A leading dot or apostrophe would be read as a roff request.
    return "\\&" + line if line[:1] in (".", "'") else line


def convert(lines: list[str], version: str) -> str:
    header = re.fullmatch(r"% ([A-Z0-9-]+)\((\d)\) \| (.+)", lines[0])
    if header is None:
        raise SystemExit("md2man: first line must be '% NAME(SECTION) | HEADER'")
    name, section, centre = header.groups()
    out = [f'.TH "{name}" "{section}" "" "{name.lower()} {version}" "{centre}"']

    i, pending_pp = 1, False
    while i < len(lines):
        line = lines[i]
        if line.strip() == "":
            pending_pp = True
            i += 1
            continue
        if line.startswith("```"):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("```")), None)
            if end is None:
                raise SystemExit(f"md2man: line {i + 1}: unterminated code block")
            out += [".PP", ".RS 4", ".nf"]
            out += ["\\&" + escape(body) for body in lines[i + 1:end]]
            out += [".fi", ".RE"]
            i, pending_pp = end + 1, False
            continue
        if line.startswith("## "):
            out.append(".SS " + inline(line[3:].strip()))
        elif line.startswith("# "):
            out.append(".SH " + inline(line[2:].strip().upper()))
        elif line.startswith("- "):
            body = [line[2:].strip()]
            while i + 1 < len(lines) and lines[i + 1].startswith("  ") and lines[i + 1].strip():
                i += 1
                body.append(lines[i].strip())
            out += [".IP \\(bu 2", inline(" ".join(body))]
        elif i + 1 < len(lines) and lines[i + 1].startswith(": "):
            out += [".TP", inline(line.strip())]
            while i + 1 < len(lines) and (lines[i + 1].startswith(": ") or lines[i + 1].startswith("  ")) \
                    and lines[i + 1].strip():
                i += 1
                out.append(inline(lines[i][2:].strip()))
        elif line.startswith(("#", ">", "|", "* ", "1. ")):
            raise SystemExit(f"md2man: line {i + 1}: unsupported markdown: {line!r}")
        else:
            if pending_pp and not out[-1].startswith((".SH", ".SS")):
                out.append(".PP")
            out.append(inline(line.strip()))
            i += 1
            pending_pp = False
            continue
        pending_pp = False
        i += 1
    return "\n".join(out) + "\n"


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit("usage: md2man.py SOURCE.md VERSION")
    with open(sys.argv[1], encoding="utf-8") as source:
        sys.stdout.write(convert(source.read().splitlines(), sys.argv[2]))


if __name__ == "__main__":
    main()
