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
    },
}


def label(language: str, key: str, **values: object) -> str:
    """The label ``key`` in ``language`` (Japanese when the language is unknown)."""
    return LABELS.get(language, LABELS["ja"])[key].format(**values)
