"""Cross-linking in the built site: links, backlinks, related terms, glossary index counts (on the
fixture tree, tests/fixtures/notes)."""

from __future__ import annotations

import re
from html import unescape

from conftest import build_site, make_project
from util import term_cards


def read(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def term_links(html: str) -> list[tuple[str, str, str]]:
    """(address, summary its card shows, text) of each term link in a page's article."""
    cards = term_cards(html)
    return [(href, cards[unescape(key)]["summary"], text) for href, key, text in
            re.findall(r'<a class="glossary-link" href="([^"]+)" data-term="([^"]+)">([^<]+)</a>', article(html))]


def test_question_links_the_first_mention_of_glossary_terms(fixture_site):
    links = term_links(read(fixture_site, "questions/066"))
    assert ("../../glossary/vanishing-gradient/",
            "消失勾配は、ディープニューラルネットワークのトレーニング中に発生する問題で、"
            "勾配（誤差の微分）が非常に小さくなり、ネットワークの初期層のパラメータが効果的に更新されなくなる現象です。",
            "消失勾配") in links
    assert [text for href, _, text in links if "underutilized-gpu" in href] == ["未使用の GPU"]
    assert len({href for href, _, _ in links}) == len(links)  # once per term


def test_a_page_never_links_to_itself(fixture_site):
    for path in ["questions/062", "questions/066", "questions/069", "glossary/vanishing-gradient",
                 "glossary/amazon-macie"]:
        for href, _, _ in term_links(read(fixture_site, path)):
            assert not href.startswith(("#", "./")) and path.split("/")[1] + "/" not in href, (path, href)


def test_in_question_terms_link_to_their_section_from_other_pages(fixture_site):
    links = term_links(read(fixture_site, "questions/067"))
    assert ("../066/#amazon-sagemaker-debugger-とは", "Amazon SageMaker Debugger") in [(h, t) for h, _, t in links]
    assert ("../../questions/066/#勾配とは", "勾配") in [
        (h, t) for h, _, t in term_links(read(fixture_site, "glossary/vanishing-gradient"))]


def test_term_page_lists_questions_that_mention_it_and_its_explanation(fixture_site):
    html = article(read(fixture_site, "glossary/vanishing-gradient"))
    section = html[html.index('id="この用語が登場する問題"'):]
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', section) == [
        ("../../questions/066/#問題-66-sagemaker-debugger-で消失勾配gpu-の未使用過学習を監視する",
         "問題 66　SageMaker Debugger で消失勾配・GPU の未使用・過学習を監視する")]
    assert '問題の中の解説: <a href="../../questions/066/#消失勾配vanishing-gradientとは">問題 66 の解説</a>' in section
    assert section.index("この用語が登場する問題") < section.index("出典ノート")


def test_a_term_no_question_mentions_says_so(fixture_site):
    assert "この用語が登場する問題はまだありません。" in read(fixture_site, "glossary/fine-tuning")


def test_question_page_ends_with_related_terms(fixture_site):
    html = article(read(fixture_site, "questions/066"))
    section = html[html.index('id="関連用語"'):]
    # In page order of first mention; the question's own explained terms link to their sections.
    assert re.findall(r'<li><a href="([^"]+)" data-term="[^"]+">([^<]+)</a></li>', section) == [
        ("#amazon-sagemaker-debugger-とは", "Amazon SageMaker Debugger"),
        ("../../glossary/vanishing-gradient/", "消失勾配"),
        ("../../glossary/underutilized-gpu/", "GPU の未活用"), ("#勾配とは", "勾配")]
    assert 'href="#関連用語"' in read(fixture_site, "questions/066")  # listed in the table of contents
    own = article(read(fixture_site, "questions/062"))
    assert re.findall(r'<ul class="related-terms">(.*?)</ul>', own)[0].count("<li>") == 3


def test_glossary_index_lists_every_term_with_its_question_count(fixture_site):
    html = article(read(fixture_site, "glossary"))
    assert "全 18 語" in html
    assert re.search(r'<a href="vanishing-gradient/">消失勾配</a>（しょうしつこうばい） <span class="term-count">'
                     r'（1 問）</span>', html)
    assert re.search(r'<a href="../questions/069/#パディングpaddingとは">パディング</a>（ぱでぃんぐ） '
                     r'<small>問題 69 で解説</small> <span class="term-count">（1 問）</span>', html)
    assert re.search(r'<a href="fine-tuning/">ファインチューニング</a>.*?（0 問）', html)
    headings = re.findall(r"<h2[^>]*>(.*?)<", html)
    assert headings == ["あ行", "か行", "さ行", "た行", "な行", "は行", "ら行", "わ行", "A"]
    # Gojūon order by reading (voiced kana beside plain kana), then Latin names A–Z.
    assert re.findall(r'<li><a href="[^"]+">([^<]+)</a>', html) == [
        "色特徴ベクトル", "勾配", "最小最大正規化", "消失勾配", "次元削減", "GPU の未活用", "ドロップアウト",
        "ニューロン", "バイナリ行列", "パディング", "ファインチューニング", "ラベルエンコーディング", "レイヤー",
        "ワンホットエンコーディング",
        "Amazon Macie", "Amazon SageMaker Debugger", "Amazon SageMaker Studio", "AWS Glue DataBrew"]


def test_headings_code_and_math_are_never_linked(fixture_site):
    for path in ["questions/065", "questions/066", "questions/069"]:
        html = article(read(fixture_site, path))
        for block in re.findall(r"<h[1-6].*?</h[1-6]>|<code>.*?</code>|<math.*?</math>", html, re.S):
            assert "glossary-link" not in block


def test_alias_conflict_is_reported_when_the_files_are_read(docs_copy):
    from studynotes.support.events import up_to_nav
    page = docs_copy / "glossary" / "amazon-macie.md"
    page.write_text(page.read_text(encoding="utf-8").replace("- Macie", "- Macie\n- 勾配消失"), encoding="utf-8")
    with up_to_nav(docs_copy.parent / "mkdocs.yml", docs_copy) as up:
        reported = "\n".join(str(p) for p in up.run.report.fatal(strict=True))
    assert re.search(r"docs/glossary/vanishing-gradient\.md:4: alias '勾配消失' is also claimed by "
                     r"\S*docs/glossary/amazon-macie\.md:5: keep it on one term only", reported)


def test_a_tags_listing_on_a_note_page_is_kept_and_linked(docs_copy, tmp_path, monkeypatch):
    """Material's tags plugin fills its listings in on_env, after the page was sent to be linked
    beside the build (studynotes.background.Worker): the listing is kept, the text still linked."""
    import threading
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # linked in a child process
    page = docs_copy / "glossary" / "vanishing-gradient.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## タグ一覧\n\n<!-- material/tags -->\n", encoding="utf-8")
    site = build_site(docs_copy, tmp_path / "site")
    html = read(site, "glossary/vanishing-gradient")
    assert html.count('class="md-tag"') >= 10 and "material/tags" not in html
    # The page's own text is still cross-linked, as without the listing.
    plain = make_project(tmp_path / "plain-project")
    assert term_links(html) == term_links(read(build_site(plain, tmp_path / "plain"), "glossary/vanishing-gradient"))
