"""Every heading and label the site generates, in one place per language."""

from __future__ import annotations

LABELS = {
    "ja": {
        "home": "ホーム",
        "questions": "問題",
        "glossary": "用語集",
        "tags": "タグ",
        "tag_separator": "・",
        "question_heading": "問題 {number}　{title}",
        "question_nav": "{number}. {title}",
        "question_group": "問題 {first}–{last}",
        "question_group_id": "問題-{first}-{last}",
        "kana_row": "{kana}行",
        "other_initial": "その他",
        "source": "出典ノート：{source}",
        "no_questions": "まだ問題がありません。",
        "no_terms": "まだ用語がありません。",
        "question_count": "全 {count} 問",
        "term_count": "全 {count} 語",
        "backlinks": "この用語が登場する問題",
        "no_backlinks": "この用語が登場する問題はまだありません。",
        "explained_in": "問題の中の解説",
        "explanation": "問題 {number} の解説",
        "related": "関連用語",
        "mention_count": "（{count} 問）",
        "explained_in_question": "問題 {number} で解説",
        "date": "{year}年{month}月{day}日",
        "not_found_title": "ページが見つかりません",
        "not_found": "お探しのページは移動したか、削除された可能性があります。"
                     "<a href=\"{home}\" hreflang=\"ja\">ホーム</a>から探すか、"
                     "上の検索ボックスで用語を検索してください。",
        "question_description": "AWS 認定 機械学習の練習問題 {number} の解説：{title}",
        "untranslated_title": "未翻訳",
        "untranslated": "このページはまだ日本語に翻訳されていません。"
                        "以下は原文です（<a href=\"{url}\" hreflang=\"en\">原文のページ</a>）。",
        "outdated_title": "翻訳が古い可能性があります",
        "outdated": "このページの翻訳後に原文が更新されました。"
                    "最新の内容は<a href=\"{url}\" hreflang=\"en\">原文のページ</a>を参照してください。",
        "refused": "このページはビルドで問題が見つかったため表示できません。ビルドのエラーを確認してください。",
        "gaps": "欠番",
        "gaps_intro": "次の問題は元のノートにないため、このサイトにもありません。",
        "gap": "問題 {number}: {reason}",
        "app_short_name": "AWS ML ノート",
        "card_open": "用語ページへ",
        "card_explanation": "解説へ",
        "card_mention": "{count} 問に登場",
        "card_mentions": "{count} 問に登場",
        "card_no_mentions": "まだどの問題にも登場しません",
        "review": "復習リスト",
        "review_toggle": "要復習",
        "review_intro": "「要復習」を押した問題がここに並びます。"
                        "印はこのブラウザーの中（localStorage）だけに保存され、どこにも送信されません。",
        "review_empty": "まだ印を付けた問題はありません。問題のページで「要復習」を押すと、ここに並びます。",
        "review_noscript": "復習リストを使うには JavaScript を有効にしてください。",
        "review_clear": "すべての印を消す",
        "review_cleared": "印をすべて消しました。",
        "review_count": "{count} 問",
        "review_marked": "要復習",
        "offline_title": "オフラインです",
        "offline": "このページはまだ読んだことがないため、オフラインでは表示できません。"
                   "接続が戻ったら、もう一度開いてください。",
        "offline_available": "オフラインで読めるページ",
        "offline_none": "オフラインで読めるページはまだありません。",
    },
    "en": {
        "home": "Home",
        "questions": "Questions",
        "glossary": "Glossary",
        "tags": "Tags",
        "tag_separator": ", ",
        "question_heading": "Question {number}: {title}",
        "question_nav": "{number}. {title}",
        "question_group": "Questions {first}–{last}",
        "question_group_id": "questions-{first}-{last}",
        "kana_row": "{kana}",
        "other_initial": "Other",
        "source": "Source note: {source}",
        "no_questions": "No questions yet.",
        "no_terms": "No terms yet.",
        "question_count": "{count} questions",
        "term_count": "{count} terms",
        "backlinks": "Questions that mention this term",
        "no_backlinks": "No question mentions this term yet.",
        "explained_in": "Explained in questions",
        "explanation": "Explanation in question {number}",
        "related": "Related terms",
        "mention_count": "({count} questions)",
        "explained_in_question": "explained in question {number}",
        "date": "{month_name} {day}, {year}",
        "not_found_title": "Page not found",
        "not_found": "The page you are looking for may have moved or been removed. "
                     "Start again from the <a href=\"{home}\" hreflang=\"en\">home page</a>, "
                     "or search for a term with the search box above.",
        "question_description": "AWS Certified Machine Learning practice question {number}, explained: {title}",
        "untranslated_title": "Not translated yet",
        "untranslated": "This page has not been translated into English yet. The Japanese original is shown below "
                        "(<a href=\"{url}\" hreflang=\"ja\">the page on the Japanese site</a>).",
        "outdated_title": "This translation may be out of date",
        "outdated": "The Japanese page has changed since this translation was made. For the latest version, see "
                    "<a href=\"{url}\" hreflang=\"ja\">the page on the Japanese site</a>.",
        "refused": "This page cannot be shown: the build found problems in it. See the build's errors.",
        "gaps": "Absent questions",
        "gaps_intro": "These questions are not in the original notes, so the site does not have them either.",
        "gap": "Question {number}: {reason}",
        "app_short_name": "AWS ML Notes",
        "card_open": "Open term page",
        "card_explanation": "Go to the explanation",
        "card_mention": "Mentioned in {count} question",
        "card_mentions": "Mentioned in {count} questions",
        "card_no_mentions": "No question mentions it yet",
        "review": "Review list",
        "review_toggle": "Review later",
        "review_intro": "Questions you mark with “Review later” are listed here. "
                        "The marks are kept in this browser only (localStorage); nothing is sent anywhere.",
        "review_empty": "No question is marked yet. Press “Review later” on a question page to list it here.",
        "review_noscript": "The review list needs JavaScript: please enable it.",
        "review_clear": "Clear all marks",
        "review_cleared": "All marks cleared.",
        "review_count": "{count} questions",
        "review_marked": "Review later",
        "offline_title": "You are offline",
        "offline": "This page has not been read on this device yet, so it cannot be shown offline. "
                   "Open it again once you are back online.",
        "offline_available": "Pages you can read offline",
        "offline_none": "No page has been saved for offline reading yet.",
    },
}


def label(language: str, key: str, **values: object) -> str:
    """The label ``key`` in ``language`` (Japanese when the language is unknown)."""
    return template(language, key).format(**values)


def template(language: str, key: str) -> str:
    """The label ``key`` in ``language`` as written, its ``{placeholders}`` left for the caller."""
    return LABELS.get(language, LABELS["ja"])[key]
