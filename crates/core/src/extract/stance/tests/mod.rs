//! Stance rules on invented sentences and on the seed article.

use super::*;

fn run(title: &str, body: &str) -> Vec<StanceMention> {
    extract(&Doc::new(title, body), &Lexicon::default_lexicon())
}

fn one(body: &str, topic: &str) -> StanceMention {
    let found: Vec<StanceMention> = run("", body)
        .into_iter()
        .filter(|m| m.topic == topic)
        .collect();
    assert_eq!(found.len(), 1, "{topic} in {body:?}: {found:#?}");
    found.into_iter().next().unwrap()
}

/// Each case: a sentence, the topic named in it, and whether `flag` holds of that mention.
fn assert_flag(cases: &[(&str, &str, bool)], flag: fn(&StanceMention) -> bool) {
    for &(sentence, topic, want) in cases {
        let m = one(sentence, topic);
        assert_eq!(flag(&m), want, "{sentence:?}: cue {:?}", m.cue);
    }
}

fn assert_negation(cases: &[(&str, &str, bool)]) {
    assert_flag(cases, |m| m.negated);
}

fn assert_hedge(cases: &[(&str, &str, bool)]) {
    assert_flag(cases, |m| m.hedged);
}

/// Each sentence names `topic` (among any others).
fn assert_named(topic: &str, bodies: &[&str]) {
    for body in bodies {
        let found = run("", body);
        assert!(
            found.iter().any(|m| m.topic == topic),
            "{topic} in {body:?}: {found:#?}"
        );
    }
}

/// No sentence names `topic`.
fn assert_not_named(topic: &str, bodies: &[&str]) {
    for body in bodies {
        let found = run("", body);
        assert!(
            !found.iter().any(|m| m.topic == topic),
            "no {topic} in {body:?}: {found:#?}"
        );
    }
}

/// Each case: a sentence, the topic named in it, and whether it is negated and hedged.
fn assert_negation_and_hedge(cases: &[(&str, &str, bool, bool)]) {
    for &(sentence, topic, negated, hedged) in cases {
        let m = one(sentence, topic);
        assert_eq!(
            (m.negated, m.hedged),
            (negated, hedged),
            "{sentence:?}: cue {:?}",
            m.cue
        );
    }
}

/// Each case: a sentence, the topic named in it, and the holder of its stance.
fn assert_holders(cases: &[(&str, &str, Option<&str>)]) {
    for &(sentence, topic, holder) in cases {
        let m = one(sentence, topic);
        assert_eq!(
            m.holder.as_deref(),
            holder,
            "{sentence:?}: actors {:?}",
            m.actors
        );
    }
}

#[test]
fn negation_before_the_term() {
    let m = one(
        "He insisted the United States would not be providing security guarantees to Ukraine.",
        "security_guarantee",
    );
    assert!(m.negated);
    assert_eq!(m.cue.as_deref(), Some("not"));
    assert!(!m.hedged, "a modal fused with the negation does not hedge");
    assert!(
        one(
            "No one gives Russia security guarantees.",
            "security_guarantee"
        )
        .negated
    );
    assert!(one("Washington rejected a ceasefire.", "ceasefire").negated);
    assert!(one("Kyiv will give up its NATO ambitions.", "nato_membership").negated);
    assert!(one("Ukraine keeps its non-nuclear status.", "nuclear").negated);
}

#[test]
fn negation_scope_ends_at_clause_boundaries() {
    let m = one(
        "The Russian leader is far more likely to agree to a cease-fire if he knows that \
         the United States would not step in should he change his mind.",
        "ceasefire",
    );
    assert!(!m.negated);
    assert!(m.hedged);
    assert!(!one("Not the sanctions, but the talks matter.", "peace_talks").negated);
    assert!(
        !one(
            "They did not agree, while sanctions stayed in force.",
            "sanctions"
        )
        .negated
    );
    // Too far from the cue.
    assert!(
        !one(
            "It was not clear on Monday to anyone in the capital what the ceasefire meant.",
            "ceasefire"
        )
        .negated
    );
}

#[test]
fn negation_after_the_term_and_pseudo_negation() {
    let m = one(
        "Ukraine's Nato accession was not on the table.",
        "nato_membership",
    );
    assert!(m.negated);
    assert!(!one("Not only sanctions will follow.", "sanctions").negated);
    assert!(!one("There is no doubt sanctions will follow.", "sanctions").negated);
}

#[test]
fn hedging_conditionals_modals_and_requests() {
    assert!(
        one(
            "If there are to be any security guarantees, Europe pays.",
            "security_guarantee"
        )
        .hedged
    );
    assert!(one("Britain could send peacekeepers.", "peacekeeping").hedged);
    assert!(
        one(
            "Moscow demands binding security guarantees.",
            "security_guarantee"
        )
        .hedged
    );
    assert!(
        one(
            "Zelensky seeks guarantees from Washington.",
            "security_guarantee"
        )
        .hedged
    );
    let m = one("Russia seized Crimea in 2014.", "territory");
    assert!(!m.hedged && !m.negated && m.cue.is_none());
}

#[test]
fn questions_hedge_and_only_particles_negate_in_them() {
    let m = one("Did Ukraine give up its NATO ambitions?", "nato_membership");
    assert!(!m.negated && m.hedged, "{m:?}");
    assert_eq!(m.cue.as_deref(), Some("?"));
    let m = one("Putin isn't going to end this war, is he?", "ceasefire");
    assert!(m.negated && m.hedged, "{m:?}");
    assert!(
        one(
            "Ukraine will give up its NATO ambitions.",
            "nato_membership"
        )
        .negated
    );
}

#[test]
fn quotes_straight_curly_and_across_sentences() {
    assert!(one("He said: “I back sanctions.”", "sanctions").quoted);
    assert!(
        one(
            "She called them \"so-called peacekeepers\" today.",
            "peacekeeping"
        )
        .quoted
    );
    assert!(!one("Sanctions stay, he said.", "sanctions").quoted);
    let ms = run(
        "",
        "“We will talk. The ceasefire holds,” he said. Sanctions stay.",
    );
    let cease = ms.iter().find(|m| m.topic == "ceasefire").unwrap();
    let sanc = ms.iter().find(|m| m.topic == "sanctions").unwrap();
    assert!(cease.quoted && !sanc.quoted);
}

#[test]
fn actor_aliases_and_pronouns() {
    let m = one(
        "Mr. Trump told Kyiv and the Kremlin that Washington backs sanctions.",
        "sanctions",
    );
    assert_eq!(m.actors, ["russia", "trump", "ukraine", "united_states"]);
    // "US" is the country; "us" is not.
    assert_eq!(
        one("Give us sanctions.", "sanctions").actors,
        Vec::<String>::new()
    );
    // A pronoun takes the one person named just before.
    let ms = run(
        "",
        "Mr. Trump spoke.\n\n“No guarantees,” he said. Sanctions stay.",
    );
    let g = ms.iter().find(|m| m.topic == "security_guarantee").unwrap();
    assert_eq!(g.actors, ["trump"]);
    // With two people named, a pronoun is ambiguous and resolves to no one.
    let ms = run("", "Trump met Putin. He wants a ceasefire.");
    assert_eq!(ms[0].actors, Vec::<String>::new());
}

#[test]
fn one_mention_per_sentence_and_topic_headline_once() {
    let title = "Trump Says Ukraine Should Look to Europe for Any Security Guarantees";
    let body = format!("{title}\n\nSecurity guarantees and more security guarantees.");
    let ms = run(title, &body);
    let g: Vec<_> = ms
        .iter()
        .filter(|m| m.topic == "security_guarantee")
        .collect();
    assert_eq!(g.len(), 2, "{g:#?}");
    assert_eq!(g[0].sentence, 0);
    assert!(g[0].hedged);
    assert_eq!(g[0].term, "security guarantee");
}

#[test]
fn back_references_count_for_the_topic_just_named() {
    let ms = run(
        "",
        "He refused security guarantees.\n\nObtaining such guarantees was the aim. \
         Peacekeepers may come. Such a force could be small.",
    );
    let topics: Vec<(usize, &str)> = ms.iter().map(|m| (m.sentence, m.topic.as_str())).collect();
    assert_eq!(
        topics,
        [
            (0, "security_guarantee"),
            (1, "security_guarantee"),
            (2, "peacekeeping"),
            (3, "peacekeeping")
        ]
    );
    // Without the topic named just before, a back-reference means nothing.
    assert!(run("", "The force was large.").is_empty());
}

/// The seed article as ingestion hands it over: its headline, and a body that repeats it.
fn seed() -> Doc {
    let raw = include_str!(
        "../../../../../../tests/fixtures/corpus/seed/trump-ukraine-europe-security-guarantees.txt"
    );
    let mut lines = raw
        .lines()
        .filter(|l| !l.starts_with("Site icon") && *l != "Exit mobile version");
    let title = lines.find(|l| !l.trim().is_empty()).unwrap();
    let body: Vec<&str> = lines.collect();
    Doc::new(title, &body.join("\n"))
}

#[test]
fn seed_refusals_are_negated_and_the_headline_counts_once() {
    let doc = seed();
    let ms = extract(&doc, &Lexicon::default_lexicon());
    let guarantee_in = |needle: &str| -> &StanceMention {
        ms.iter()
            .find(|m| {
                m.topic == "security_guarantee" && doc.sentence_text(m.sentence).contains(needle)
            })
            .unwrap_or_else(|| panic!("no security_guarantee in the sentence with {needle:?}"))
    };
    for refusal in [
        "would not be providing security guarantees",
        "not going to provide security guarantees",
        "would not be party to any security guarantees",
    ] {
        let m = guarantee_in(refusal);
        assert!(m.negated && !m.hedged, "{refusal}: {m:?}");
    }
    let bessent = guarantee_in("economic security guarantee");
    assert!(!bessent.negated && bessent.quoted);
    assert_eq!(bessent.actors, ["bessent"]);
    let headline = doc.sentence_text(0);
    let in_headline = ms
        .iter()
        .filter(|m| doc.sentence_text(m.sentence) == headline)
        .count();
    assert_eq!(in_headline, 1);
    // The cease-fire Putin may agree to is not negated by "would not step in".
    let cease = ms
        .iter()
        .find(|m| m.topic == "ceasefire" && doc.sentence_text(m.sentence).contains("step in"))
        .unwrap();
    assert!(!cease.negated && cease.hedged);
}

#[test]
fn a_custom_lexicon_tracks_another_narrative() {
    let lex = Lexicon::from_toml(
        r#"
[[topic]]
id = "tariffs"
terms = ["tariff", "import duty"]
back_references = ["the levy"]

[[actor]]
id = "eu"
kind = "group"
aliases = ["EU", "Brussels"]

[cues]
negation_before = ["not", "scrapped"]
hedge = ["might"]
"#,
    )
    .unwrap();
    let doc = Doc::new(
        "",
        "Brussels scrapped import-duties on steel. The levy might return. Security guarantees.",
    );
    let ms = extract(&doc, &lex);
    assert_eq!(ms.len(), 2, "{ms:#?}");
    assert_eq!(ms[0].term, "import duty");
    assert!(ms[0].negated);
    assert_eq!(ms[0].actors, ["eu"]);
    assert!(ms[1].hedged && !ms[1].negated);
    assert_eq!(ms[1].topic, "tariffs");
}

mod actors;
mod classes;
mod frames;
mod hedges;

/// A name the sentence splitter cut in two ends past its sentence: the holder's reading of
/// the words around it must not fail on that (a page of the generated corpus did, before
/// initials such as "J.D." were kept whole).
#[test]
fn a_name_past_its_sentence_is_read_safely() {
    let lexicon = Lexicon::default_lexicon();
    let text = "As espoused by Sen. Vance. Then more.";
    let sentence = 0..text.find(". Then").unwrap();
    let actor = [0usize];
    let cut = PhraseMatch {
        span: text.find("Vance").unwrap()..text.find("more").unwrap(),
        payloads: &actor,
    };
    let named = holder::named(text, &[cut], &sentence, &lexicon);
    assert_eq!(named.len(), 1);
    assert_eq!(holder::involved(text, &named, &lexicon).count(), 1);
    holder::speaking_person(&named, &lexicon);
}
