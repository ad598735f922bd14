#!/usr/bin/env python3
"""Broken copies of an fcbench HTML report, each of which check_report.mjs
must reject (run.sh checks that it does).

    mutate.py KIND IN.html OUT.html

KIND:
  empty-svg  the first figure's SVG replaced by an empty one
  undrawn    the first figure keeps its axes, but its plot elements (gnuplot's
             <g id="..gnuplot_plot_N"> groups) are removed
  missing    the first figure removed
  fetch      an image loaded from the network
  number     the first mean's exact value 1 % off (the shown text unchanged)
  shown      the first mean's shown text 1 % off (the exact value unchanged)
  console    an inline script that logs a console error
"""
import re
import sys


def first_figure(s):
    start = s.index("<figure")
    return start, s.index("</figure>", start)


def close_of_g(s, at):
    """Index just past the </g> that closes the <g at `at`."""
    depth, i = 0, at
    tag = re.compile(r"<(/?)g\b[^>]*?(/?)>")
    while True:
        m = tag.search(s, i)
        if not m:
            raise SystemExit("unbalanced <g>")
        if m.group(1):
            depth -= 1
        elif not m.group(2):
            depth += 1
        i = m.end()
        if depth == 0:
            return i


def mutate(kind, s):
    if kind == "empty-svg":
        a, b = first_figure(s)
        i = s.index("<svg", a)
        j = s.index("</svg>", i) + len("</svg>")
        assert j < b
        return s[:i] + '<svg viewBox="0 0 860 440"></svg>' + s[j:]
    if kind == "undrawn":
        a, b = first_figure(s)
        removed = 0
        while True:
            m = re.compile(r'<g id="f0-gnuplot_plot_\d+"').search(s, a, b)
            if not m:
                break
            end = close_of_g(s, m.start())
            s = s[: m.start()] + s[end:]
            b -= end - m.start()
            removed += 1
        assert removed > 0, "no plot group in the first figure"
        return s
    if kind == "missing":
        a, b = first_figure(s)
        return s[:a] + s[b + len("</figure>"):]
    if kind == "fetch":
        return s.replace("</body>", '<img src="http://192.0.2.1/x.png" alt=""></body>')
    if kind == "number":
        return re.sub(
            r'(data-stat="mean" data-value=")([^"]*)',
            lambda m: m.group(1) + repr(float(m.group(2)) * 1.01),
            s,
            count=1,
        )
    if kind == "shown":
        return re.sub(
            r'(data-stat="mean" data-value="([^"]*)">)([^<]*)',
            lambda m: m.group(1) + "%.4g" % (float(m.group(2)) * 1.01),
            s,
            count=1,
        )
    if kind == "console":
        return s.replace("</body>", '<script>console.error("broken")</script></body>')
    raise SystemExit("unknown kind " + kind)


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    kind, src, dst = sys.argv[1:]
    s = open(src, encoding="utf-8").read()
    t = mutate(kind, s)
    if t == s:
        raise SystemExit(kind + ": nothing changed")
    open(dst, "w", encoding="utf-8").write(t)


main()
