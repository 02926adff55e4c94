"""Accessibility checks of what a reader's browser shows, and of the built HTML.

- :func:`axe_problems`: axe-core (pinned in ``package.json``, ``npm ci`` installs it) run in a page
  as it is now, in whatever state a test has put it (search open, a term card shown, …): WCAG 2.2 A
  and AA rules plus axe's best practices, as GOV.UK Frontend runs it on every example of its components.
- :func:`focus_problems`: each stop of the Tab order shows where the focus is, with an outline of at
  least 3:1 against what surrounds it (WCAG 1.4.11, 2.4.7), or another change of its look.
- :func:`vnu_problems`: the Nu Html Checker (``vnu-jar``, run by Java) over a built site; the errors
  of Material's own markup that upstream keeps on purpose are left out (:data:`MATERIALS_OWN`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

_RUN_AXE = """async (tags) => {
    // Nothing moving: colours are measured at rest (a card fading in is not).
    await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
    return result.violations.map(v => ({
        rule: v.id, help: v.help, url: v.helpUrl,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 160),
                                  why: n.failureSummary.replace(/\\s+/g, " ").trim()})),
    }))
}"""


def axe_problems(page, view: str) -> list[str]:
    """What axe finds in ``page`` as it is now, in whatever state a test has put it: one line per
    element, with the rule, the view (what the reader did to get there), the element and axe's
    help text."""
    if not page.evaluate("() => typeof axe === 'object'"):  # a context without axe's init script
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = []
    for v in page.evaluate(_RUN_AXE, AXE_TAGS):
        for node in v["nodes"]:
            found.append(f"{v['rule']} in {view}: {node['target']} {node['html']}\n"
                         f"    {v['help']}: {node['why']} ({v['url']})")
    return found


# Colours in a page's script: a computed colour as [r, g, b, a], one colour over another, WCAG's
# relative luminance and contrast ratio (for the focus indicators here, and the tests' own measures).
COLOURS = """
    const rgba = c => { const m = c.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m }
    const over = (top, below) => top.slice(0, 3).map((c, i) => c * top[3] + below[i] * (1 - top[3])).concat(1)
    const luminance = c => {
        const [r, g, b] = c.slice(0, 3).map(v => v / 255)
            .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    const ratio = (a, b) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
        return (x + 0.05) / (y + 0.05)
    }
"""

# The focused element's indicator: its outline and the colour behind it (the first opaque
# background of its ancestors, the translucent ones above it blended in), or, without an outline,
# whether it looks different from the same element unfocused (a copy beside it). Material shows
# the focus of a hidden radio button (the palette toggle) on the label after it.
_FOCUS = """() => {
    const el = document.activeElement
    if (!el || el === document.body) return null
""" + COLOURS + """    const behind = node => {
        const layers = []
        for (; node && node.nodeType === 1; node = node.parentElement) {
            const c = rgba(getComputedStyle(node).backgroundColor)
            if (c[3] > 0) layers.push(c)
            if (c[3] === 1) break
        }
        return layers.reduceRight((below, top) => over(top, below), [255, 255, 255, 1])
    }
    const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
        (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\\s+/).join(".") : "") +
        " " + JSON.stringify((e.textContent || e.getAttribute("aria-label") || "").trim().slice(0, 30))
    const shown = el.matches(".md-option") && el.nextElementSibling ? el.nextElementSibling : el
    const style = getComputedStyle(shown)
    const look = s => [s.color, s.backgroundColor, s.boxShadow, s.textDecorationLine, s.outlineStyle].join("|")
    // Chromium's own ring (outline: auto in its default colour, given as rgb(16, 16, 16)) is two
    // rings, dark and white: one of them stands out on any background.
    if (style.outlineStyle === "auto" && style.outlineColor === "rgb(16, 16, 16)") return null
    if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
        const bg = behind(shown.parentElement)
        return {name: name(el), outline: style.outlineColor, ratio: ratio(over(rgba(style.outlineColor), bg), bg)}
    }
    // A text field shows its focus by its caret (and Material's search box opens its results).
    if (el.matches("input:not([type]), input[type=text], input[type=search], textarea")) return null
    const focused = look(style)
    const clone = el.cloneNode(true)
    clone.classList.remove("focus-visible")
    el.after(clone)
    const unfocused = look(getComputedStyle(clone))
    clone.remove()
    return {name: name(el), outline: null, changed: focused !== unfocused}
}"""


# Transitions off while Tab goes round: each focus is measured at once in its final colours.
_NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def focus_problems(page, view: str, stops: int) -> list[str]:
    """Tab through the first ``stops`` stops of ``page``: each must show where the focus is."""
    page.add_style_tag(content=_NO_TRANSITIONS)
    found = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        stop = page.evaluate(_FOCUS)
        if stop is None:
            continue
        if stop["outline"] is not None and stop["ratio"] < 3:
            found.append(f"focus outline in {view}: {stop['name']}: {stop['outline']} at "
                         f"{stop['ratio']:.2f}:1 against its background (3:1 needed, WCAG 1.4.11)")
        elif stop["outline"] is None and not stop["changed"]:
            found.append(f"focus in {view}: {stop['name']} looks the same focused and unfocused (WCAG 2.4.7)")
    return found


# Material's own markup, kept upstream on purpose: autocomplete="off" on its drawer and search
# toggles (checkboxes), so that a browser does not restore them open on going back.
MATERIALS_OWN = [
    re.compile(r'<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
               r'id="__(?:drawer|search)" autocomplete="off">'),
]


def java() -> str | None:
    return shutil.which("java")


def vnu_problems(site: Path) -> list[str]:
    """The Nu Html Checker's errors in every HTML file of ``site`` (Material's own aside), one line each:
    file:line: message, and the markup found."""
    command = [java() or "java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(site)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        return [f"the Nu Html Checker did not answer in JSON (exit {result.returncode}):\n"
                f"{result.stdout[-2000:]}{result.stderr[-2000:]}"]
    found = []
    for m in messages:
        extract = m.get("extract", "")
        if any(own.search(extract) for own in MATERIALS_OWN):
            continue
        where = m.get("url", "").removeprefix("file:").removeprefix(str(site.resolve())).removeprefix(str(site))
        found.append(f"{where.lstrip('/')}:{m.get('lastLine', '?')}: {m.get('type')}: {m.get('message')}\n"
                     f"    found: {' '.join(extract.split())}")
    return found
