//! Loading, validating and matching the lexicon.

use super::*;

#[test]
fn the_focus_topic_is_declared_or_the_first() {
    let lexicon = Lexicon::default_lexicon();
    assert_eq!(lexicon.focus.as_deref(), Some("security_guarantee"));
    assert_eq!(lexicon.focus_topic(Some("ceasefire")).unwrap(), "ceasefire");
    let err = lexicon.focus_topic(Some("peace_dividend")).unwrap_err();
    assert!(err.contains("security_guarantee, "), "{err}");
    let own = "[[topic]]\nid = \"tariffs\"\nterms = [\"tariff\"]\n";
    assert_eq!(
        Lexicon::from_toml(own).unwrap().focus.as_deref(),
        Some("tariffs")
    );
    assert!(
        Lexicon::from_toml("[meta]\nname = \"empty\"\n")
            .unwrap_err()
            .message
            .contains("no [[topic]]")
    );
    let bad = format!("[meta]\nfocus = \"trade\"\n{own}");
    let err = Lexicon::from_toml(&bad).unwrap_err();
    assert_eq!(err.line, 2);
    assert!(
        err.message.contains("\"trade\" is not one of the topics"),
        "{}",
        err.message
    );
}

#[test]
fn default_lexicon_has_the_gold_ids() {
    let lex = Lexicon::default_lexicon();
    for id in [
        "security_guarantee",
        "peacekeeping",
        "ceasefire",
        "peace_talks",
        "minerals_deal",
        "nato_membership",
        "nuclear",
        "military_aid",
        "sanctions",
        "territory",
    ] {
        assert!(lex.topic_index(id).is_some(), "missing topic {id}");
    }
    assert_eq!(lex.actors.len(), 27);
    assert!(!lex.cues.negation_before.is_empty());
    assert_eq!(Lexicon::default_toml(), lex.source());
}

#[test]
fn hash_is_stable_and_follows_the_source() {
    let a = Lexicon::default_lexicon();
    assert_eq!(a.hash(), Lexicon::default_lexicon().hash());
    assert!(a.hash().starts_with("xxh3:"));
    let small = "[[topic]]\nid = \"t\"\nterms = [\"x\"]\n";
    let b = Lexicon::from_toml(small).unwrap();
    assert_ne!(a.hash(), b.hash());
    assert_eq!(b.hash(), Lexicon::from_toml(small).unwrap().hash());
}

#[test]
fn malformed_toml_names_the_line() {
    let bad = "[[topic]]\nid = \"a\"\nterms = [\"x\",\n\n[[actor]]\n";
    let e = Lexicon::from_toml(bad).unwrap_err();
    assert!(e.line >= 3, "{e}");
    assert!(e.to_string().starts_with("lexicon line "), "{e}");

    let missing = "[[topic]]\nid = \"a\"\n\n[[topic]]\nid = \"b\"\nterms = []\n";
    let e = Lexicon::from_toml(missing).unwrap_err();
    assert_eq!(e.line, 1, "{e}");
}

#[test]
fn invalid_values_name_their_line() {
    let dup = "[[topic]]\nid = \"a\"\nterms = [\"x\"]\n[[topic]]\nid = \"a\"\nterms = [\"y\"]\n";
    let e = Lexicon::from_toml(dup).unwrap_err();
    assert_eq!(e.line, 5);
    assert!(e.message.contains("twice"));

    let empty = "[[topic]]\nid = \"a\"\nterms = [\n  \"x\",\n  \"--\",\n]\n";
    assert_eq!(Lexicon::from_toml(empty).unwrap_err().line, 5);

    let id = "[[actor]]\nid = \"Trump\"\nkind = \"person\"\naliases = [\"Trump\"]\n";
    assert_eq!(Lexicon::from_toml(id).unwrap_err().line, 2);

    let kind = "[[actor]]\nid = \"t\"\nkind = \"robot\"\naliases = [\"T\"]\n";
    assert_eq!(Lexicon::from_toml(kind).unwrap_err().line, 3);

    let office = "[[actor]]\nid = \"t\"\nkind = \"person\"\naliases = [\"T\"]\n\
                  offices = [\n  { titles = [\"the boss\"], from = \"2020-13-01\" },\n]\n";
    let e = Lexicon::from_toml(office).unwrap_err();
    assert_eq!(e.line, 6, "{e}");
    assert!(e.message.contains("YYYY-MM-DD"), "{e}");

    // A misspelt setting is an error, not silently ignored.
    let typo = "[scope]\nnegation_words_before = 3\nnegation_word_after = 2\n";
    assert_eq!(Lexicon::from_toml(typo).unwrap_err().line, 3);
}

#[test]
fn a_frame_of_a_users_lexicon_is_read_and_checked() {
    let own = "[[topic]]\nid = \"tariffs\"\nterms = [\"tariff\"]\n\
               frames = [{ name = \"raise … duties\", gap = 2, heads = [\"raise\"], tails = [\"duties\"] }]\n";
    let lexicon = Lexicon::from_toml(own).unwrap();
    assert_eq!(lexicon.topics[0].frames[0].name, "raise … duties");
    let doc = crate::text::Doc::new("", "Washington will raise import duties on steel.");
    let found = crate::extract::stance::extract(&doc, &lexicon);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].term, "raise … duties");
    // A frame needs heads and tails, and says which line lacks them.
    let bad = "[[topic]]\nid = \"tariffs\"\nterms = [\"tariff\"]\n\
               frames = [{ name = \"raise\", gap = 2, heads = [\"raise\"], tails = [] }]\n";
    let err = Lexicon::from_toml(bad).unwrap_err();
    assert_eq!(err.line, 4);
    assert!(err.message.contains("has no tails"), "{}", err.message);
}
