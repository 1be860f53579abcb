"""Tokens the index stores and the groups a query asks for (no database)."""

from __future__ import annotations

from runway.directory.highlight import marked, snippet, term_pattern
from runway.directory.index import fts5_query, tsquery
from runway.directory.words import Term, highlight_terms, index_tokens, query_groups


def test_chinese_text_is_indexed_as_jieba_words_and_bigrams() -> None:
    tokens = index_tokens("华强北电子元器件现货交易平台")
    assert {"华强北", "电子", "元器件", "现货交易"} <= set(tokens)
    # Bigrams catch words the segmenter cut differently in context.
    assert "北电" in tokens


def test_a_word_the_segmenter_splits_in_context_still_matches_through_bigrams() -> None:
    # In context jieba cuts 加线上商城 as 加线 / 上 / 商城: the bigram 线上 is what matches.
    assert "线上" in index_tokens("深圳26家连锁花店加线上商城")
    assert query_groups("线上") == (((Term("线上"),),),)


def test_a_long_chinese_query_word_may_match_as_the_word_or_all_its_bigrams() -> None:
    groups = query_groups("电子元器件")
    assert groups == (
        ((Term("电子"),),),
        ((Term("元器件"),), (Term("元器"), Term("器件"))),
    )
    assert fts5_query(groups) == '(("电子")) AND (("元器件") OR ("元器" AND "器件"))'
    assert tsquery(groups) == "((电子)) & ((元器件) | (元器 & 器件))"


def test_english_and_russian_are_lowercased_and_searched_by_stem_prefix() -> None:
    assert index_tokens("Electronic-Components, Биржа!") == ["electronic", "components", "биржа"]
    assert query_groups("Components") == (((Term("component", prefix=True),),),)
    assert query_groups("электронные компоненты") == (
        ((Term("электронн", prefix=True),),),
        ((Term("компонент", prefix=True),),),
    )


def test_function_words_punctuation_and_quotes_never_reach_the_query() -> None:
    groups = query_groups('the "母婴" and 社区; DROP TABLE')
    texts = [term.text for group in groups for alternative in group for term in alternative]
    assert texts == ["母婴", "社区", "drop", "table"]
    assert '"' not in "".join(texts)
    assert query_groups("  ,;!? ") == ()


def test_names_also_index_single_characters() -> None:
    assert "芯" in index_tokens("华强芯链", unigrams=True)


def test_marks_are_added_to_escaped_text_only() -> None:
    pattern = term_pattern(highlight_terms(query_groups("script 母婴")))
    html = marked("<script>alert('母婴')</script>", pattern)
    assert html == (
        "&lt;<mark>script</mark>&gt;alert(&#x27;<mark>母婴</mark>&#x27;)&lt;/<mark>script</mark>&gt;"
    )


def test_a_snippet_is_a_window_around_the_first_match() -> None:
    pattern = term_pattern(highlight_terms(query_groups("group buys")))
    text = "A community of Shenzhen mothers. " * 5 + "Group buys of baby products. " + "x" * 200
    found = snippet(text, pattern)
    assert found is not None
    assert "<mark>Group</mark> <mark>buys</mark>" in found
    assert found.startswith("…")
    assert found.endswith("…")
    assert snippet("nothing here", pattern) is None
