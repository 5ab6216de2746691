//! Tests of `memory`.

use super::*;

#[test]
fn symbol_only_contents_stay_distinct() {
    assert_ne!(content_key("😢"), content_key("😊"));
    assert_eq!(content_key("😢"), content_key(" 😢 "));
    assert_eq!(content_key("Prefers tea."), content_key("prefers  TEA"));
    assert_ne!(content_key("😢"), content_key(""));
    assert!(!same_content("I feel 😢", "I feel 😊"));
    assert!(!same_content("+1", "-1"));
    assert!(same_content("Prefers tea.", "prefers  TEA"));
    assert!(!same_content("balance is -5", "balance is 5"));
    assert!(!same_content("I feel :)", "I feel :("));
    assert!(!same_content("1/2", "1*2"));
    assert!(same_content("Likes green tea.", "  likes GREEN tea "));
    assert!(same_content("I feel 😢!", "i feel 😢"));
}

#[test]
fn text_is_normalised_for_words_and_substrings() {
    assert_eq!(
        normalise("Hello, WORLD!! 最近情绪低落，有抑郁倾向"),
        " hello world 最近情绪低落 有抑郁倾向 "
    );
    assert_eq!(search_text("Sad day", &["mood".into()]), " sad day mood ");
}

#[test]
fn occurrences_count_each_word_and_no_overlap() {
    assert_eq!(occurrences(" tired tired tired of work ", " tired "), 3);
    assert_eq!(occurrences(" tired tiredness ", " tired "), 1);
    assert_eq!(
        occurrences(" 哈哈哈 ", "哈哈"),
        1,
        "no overlap, as SQL's replace counts"
    );
    assert_eq!(occurrences(" 焦虑焦虑 睡眠 ", "焦虑"), 2);
    assert_eq!(occurrences(" a ", ""), 0);
}

#[test]
fn queries_become_safe_terms() {
    let needles = |q: &str| terms(q).into_iter().map(|t| t.needle).collect::<Vec<_>>();
    assert_eq!(needles("Sad"), [" sad "]);
    assert_eq!(needles("抑郁"), ["抑郁"]);
    assert_eq!(needles("\"*  OR ("), [" or "]);
    assert!(needles("\" * ( )").is_empty());
    assert_eq!(needles("sad sad Sad"), [" sad "]);
    assert_eq!(needles("100% sure_thing"), [" 100 ", " sure ", " thing "]);
}

#[test]
fn texts_are_indexed_by_words_and_non_ascii_pairs() {
    let keys = search_keys(&search_text("Sad, sad day. 哈哈哈 café", &[]));
    assert_eq!(keys, "sad day 哈 哈哈 é fé");
}

#[test]
fn every_memory_holding_a_term_has_its_keys() {
    let text = search_text("sad sad day 哈哈哈 焦虑焦虑 café 工作压力很大", &[]);
    let keys = search_keys(&text);
    let keys: Vec<&str> = keys.split(' ').collect();
    for query in ["sad", "哈哈", "哈", "焦虑", "é", "fé", "焦虑焦", "工作压力", "cafés"] {
        for term in terms(query) {
            let held = term.keys().iter().all(|key| keys.contains(key));
            let contained = relevance(&text, std::slice::from_ref(&term)) > 0;
            // Keys find every memory that holds the term; a term that is
            // a key itself is proved by it.
            assert!(held || !contained, "{query}");
            if term.is_key() {
                assert_eq!(held, contained, "{query}");
            }
        }
    }
    assert_eq!(terms("焦虑焦")[0].keys(), ["焦虑", "虑焦"]);
    assert_eq!(terms("焦虑焦虑")[0].keys(), ["焦虑", "虑焦"]);
    assert_eq!(terms("cafés")[0].keys(), ["fé", "és"]);
    assert_eq!(terms("sad")[0].keys(), ["sad"]);
}

#[test]
fn scopes_are_tokens_apart_from_any_text() {
    let session = Uuid::now_v7();
    let scope = search_scope(Some("alice"), Some(session), "fact");
    let tokens: Vec<&str> = scope.split(' ').collect();
    assert_eq!(tokens.len(), 3);
    assert!(tokens.iter().all(|t| t.chars().all(|c| c.is_ascii_alphanumeric())));
    assert_eq!(tokens[1], format!("s{}", session.simple()));
    assert_ne!(
        search_scope(Some("alice"), None, "fact"),
        search_scope(Some("alice2"), None, "fact")
    );
    assert_eq!(search_scope(None, None, "fact").split(' ').count(), 1);
}

#[test]
fn plans_ask_for_every_token_and_the_scope() {
    let plan = |q: &str| SearchMemories::parse(q, MemoryFilter::default(), 10).unwrap().plan();
    let one = plan("sad").unwrap();
    assert_eq!(
        (one.tokens.as_slice(), one.window),
        (&["sad".to_owned()][..], CANDIDATE_WINDOW)
    );
    assert!(one.must_contain.is_empty() && one.scope().next().is_none());
    let two = plan("sad yesterday").unwrap();
    assert_eq!(two.tokens, ["sad", "yesterday"]);
    assert!(two.must_contain.is_empty(), "tokens prove whole words");
    let long = plan("焦虑 睡眠质量").unwrap();
    assert_eq!(long.tokens, ["焦虑", "睡眠", "眠质", "质量"]);
    assert_eq!(long.must_contain, ["睡眠质量"]);
    assert!(plan("  ").is_none());
    let filter = MemoryFilter {
        user_id: Some("alice".into()),
        memory_type: Some("fact".into()),
        ..MemoryFilter::default()
    };
    let scoped = SearchMemories::parse("sad", filter, 10).unwrap().plan().unwrap();
    let memory_scope = search_scope(Some("alice"), None, "fact");
    assert_eq!(scoped.scope().collect::<Vec<_>>().join(" "), memory_scope);
    assert_eq!(scoped.owner.len(), 1, "the user's token, not the type's");
}

#[test]
fn importance_orders() {
    assert!(Importance::Critical > Importance::Low);
    assert_eq!(Importance::High.rank(), 3);
}
