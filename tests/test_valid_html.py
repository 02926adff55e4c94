"""The built site is valid HTML: the Nu Html Checker (the W3C's validator, ``vnu-jar`` pinned in
package.json) finds no error of the site's own, on every page of both languages. Material's own
``autocomplete="off"`` on its two checkbox toggles, kept upstream on purpose, is left aside
(studynotes.support.a11y.MATERIALS_OWN)."""

from __future__ import annotations

from conftest import tool_missing
from studynotes.support.a11y import VNU, java, vnu_problems


def _checker_or_skip() -> None:
    missing = [what for what, there in (("Java", java()), (f"vnu-jar ({VNU})", VNU.is_file())) if not there]
    if missing:
        tool_missing(f"the Nu Html Checker needs {' and '.join(missing)}: install a Java runtime "
                     f"(Debian: default-jre-headless) and run `npm ci`; .ci/run installs both")


def test_the_built_site_has_no_html_error_of_its_own(site):
    _checker_or_skip()
    found = vnu_problems(site)
    assert not found, f"{len(found)} HTML error(s) in the built site:\n" + "\n".join(found)


def test_the_checker_reports_an_error_with_its_file_and_line(tmp_path):
    # The check can fail: a label for a control that is not there, as Material's table of contents
    # wrote on section index pages.
    _checker_or_skip()
    (tmp_path / "page.html").write_text('<!doctype html>\n<html lang="ja"><title>t</title>\n'
                                        '<label for="__toc">目次</label>\n</html>\n', encoding="utf-8")
    [problem] = vnu_problems(tmp_path)
    assert problem.startswith("page.html:3: error: ") and "__toc" in problem
