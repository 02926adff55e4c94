"""TeX becomes MathML at build time; invalid TeX is refused with a reason."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from studynotes.mathml import TexError, render_page, tex_to_mathml

NS = "{http://www.w3.org/1998/Math/MathML}"
MIN_MAX = r"X' = \frac{X - X_{\text{min}}}{X_{\text{max}} - X_{\text{min}}}"


def test_min_max_formula_is_a_fraction_with_tex_annotation():
    root = ET.fromstring(tex_to_mathml(MIN_MAX, display=True))
    assert root.get("display") == "block"
    fracs = list(root.iter(NS + "mfrac"))
    assert len(fracs) == 1 and len(fracs[0]) == 2
    annotation = root.find(f"{NS}semantics/{NS}annotation")
    assert annotation.get("encoding") == "application/x-tex" and annotation.text == MIN_MAX
    assert [el.text for el in root.iter(NS + "mtext")] == ["min", "max", "min"]


def test_render_page_replaces_arithmatex_spans_and_divs():
    html = ('<p><span class="arithmatex">\\( \\frac{1}{2} &lt; 1 \\)</span></p>'
            '<div class="arithmatex">\\[ x^2 \\]</div>')
    out, errors = render_page(html)
    assert errors == []
    assert out.count("<math") == 2 and 'display="inline"' in out and 'display="block"' in out
    assert "\\(" not in out.split("<annotation")[0]
    assert "\\frac{1}{2} &lt; 1</annotation>" in out


@pytest.mark.parametrize("tex, reason", [
    (r"\frac{a}{", "unbalanced braces"),
    (r"a}", "unbalanced braces"),
    (r"\fracc{a}{b}", "unknown TeX command '\\fracc'"),
    (r"\frac{1}", "'frac' is missing an argument"),
    (r"x^", "cannot parse TeX"),
    (r"X\_{\text{min}}", "escaped underscore"),
])
def test_invalid_tex_is_refused(tex, reason):
    with pytest.raises(TexError) as e:
        tex_to_mathml(tex, display=False)
    assert reason in e.value.reason


def test_render_page_collects_every_invalid_formula():
    html = '<span class="arithmatex">\\(\\frac{1}\\)</span> <span class="arithmatex">\\(\\bad\\)</span>'
    out, errors = render_page(html)
    assert [e.tex for e in errors] == [r"\frac{1}", r"\bad"]
    assert out == html
