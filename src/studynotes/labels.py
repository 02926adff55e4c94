"""Every heading and label the site generates, in one place per language."""

from __future__ import annotations

LABELS = {
    "ja": {
        "home": "ホーム",
        "questions": "問題",
        "glossary": "用語集",
        "tags": "タグ",
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
        "not_found": "お探しのページは移動したか、削除された可能性があります。<a href=\"{home}\" hreflang=\"ja\">ホーム</a>から探すか、上の検索ボックスで用語を検索してください。",
        "question_description": "AWS 認定 機械学習の練習問題 {number} の解説：{title}",
        "untranslated_title": "未翻訳",
        "untranslated": "このページはまだ日本語に翻訳されていません。以下は原文です（<a href=\"{url}\" hreflang=\"en\">原文のページ</a>）。",
    },
    "en": {
        "home": "Home",
        "questions": "Questions",
        "glossary": "Glossary",
        "tags": "Tags",
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
        "not_found": "The page you are looking for may have moved or been removed. Start again from the <a href=\"{home}\" hreflang=\"en\">home page</a>, or search for a term with the search box above.",
        "question_description": "AWS Certified Machine Learning practice question {number}, explained: {title}",
        "untranslated_title": "Not translated yet",
        "untranslated": "This page has not been translated into English yet. The Japanese original is shown below "
                        "(<a href=\"{url}\" hreflang=\"ja\">the page on the Japanese site</a>).",
    },
}


def label(language: str, key: str, **values: object) -> str:
    """The label ``key`` in ``language`` (Japanese when the language is unknown)."""
    return LABELS.get(language, LABELS["ja"])[key].format(**values)
