//! Case tables for who a mention's actors are: those who speak or act on its topic, not
//! the places, the war's setting or the countries that only title a leader.

use super::*;

/// Each case: a sentence, the topic named in it, and the actors wanted, sorted.
fn assert_actors(cases: &[(&str, &str, &[&str])]) {
    for &(sentence, topic, want) in cases {
        let m = one(sentence, topic);
        assert_eq!(m.actors, want, "{sentence:?}: holder {:?}", m.holder);
    }
}

#[test]
fn places_are_not_actors() {
    assert_actors(&[
        (
            "Envoys of Kyiv and Moscow held peace talks in Turkey.",
            "peace_talks",
            &["russia", "ukraine"],
        ),
        (
            "Macron said European troops could be stationed inside Ukraine.",
            "peacekeeping",
            &["europe", "macron"],
        ),
        (
            "Britain will train peacekeepers at a base near Poland.",
            "peacekeeping",
            &["uk"],
        ),
        // A partner or target is an actor: it takes part in what is said.
        (
            "Washington held peace talks with Moscow.",
            "peace_talks",
            &["russia", "united_states"],
        ),
        (
            "Brussels imposed new sanctions on Russia.",
            "sanctions",
            &["europe", "russia"],
        ),
    ]);
}

#[test]
fn the_wars_setting_is_not_an_actor() {
    assert_actors(&[
        (
            "Washington imposed sanctions over the invasion of Ukraine.",
            "sanctions",
            &["united_states"],
        ),
        (
            "Berlin sent more weapons after the attacks on Kyiv.",
            "military_aid",
            &["germany"],
        ),
        (
            "Britain backs a ceasefire to end the war against Ukraine.",
            "ceasefire",
            &["uk"],
        ),
        (
            "Poland wants sanctions for the aggression against Ukraine.",
            "sanctions",
            &["poland"],
        ),
        // Named as one who acts, the same country is an actor.
        (
            "Ukraine rejected a ceasefire after the invasion.",
            "ceasefire",
            &["ukraine"],
        ),
    ]);
}

#[test]
fn a_country_that_titles_its_leader_is_not_an_actor_apart() {
    assert_actors(&[
        (
            "Russian President Vladimir Putin rejected the ceasefire.",
            "ceasefire",
            &["putin"],
        ),
        (
            "Ukraine's President Volodymyr Zelensky asked for security guarantees.",
            "security_guarantee",
            &["zelensky"],
        ),
        (
            "President Volodymyr Zelensky of Ukraine asked for security guarantees.",
            "security_guarantee",
            &["zelensky"],
        ),
        (
            "French President Emmanuel Macron proposed a peacekeeping force.",
            "peacekeeping",
            &["macron"],
        ),
        // A country beside a person it does not title is an actor of its own.
        (
            "Russia and Putin rejected the ceasefire.",
            "ceasefire",
            &["putin", "russia"],
        ),
        (
            "Trump told Ukraine that Zelensky must accept the ceasefire.",
            "ceasefire",
            &["trump", "ukraine", "zelensky"],
        ),
    ]);
}

#[test]
fn a_giver_partner_or_addressee_does_not_hold_the_stance() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        (
            "Moscow demands binding security guarantees from Washington.",
            "security_guarantee",
            Some("russia"),
        ),
        (
            "Russia agreed with Kyiv to hold new peace talks.",
            "peace_talks",
            Some("russia"),
        ),
        (
            "Russia fired missiles on Ukraine's grid on the day of the peace talks.",
            "peace_talks",
            Some("russia"),
        ),
        (
            "Moscow is open to a dialogue on Ukraine but demands no NATO expansion.",
            "nato_membership",
            Some("russia"),
        ),
        // Only a partner named: it is still the one the mention can be put to.
        (
            "Talks with Moscow on a ceasefire stalled.",
            "ceasefire",
            Some("russia"),
        ),
    ];
    assert_holders(cases);
}

/// Each case: a sentence, its article's publication date, and the holder of the one
/// security-guarantee mention in it.
fn assert_dated_holders(cases: &[(&str, Option<&str>, Option<&str>)]) {
    let lexicon = Lexicon::default_lexicon();
    for &(sentence, published, want) in cases {
        let day = published.map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        let found: Vec<StanceMention> = extract_at(&Doc::new("", sentence), day, &lexicon)
            .into_iter()
            .filter(|m| m.topic == "security_guarantee")
            .collect();
        assert_eq!(found.len(), 1, "{sentence:?}: {found:#?}");
        assert_eq!(
            found[0].holder.as_deref(),
            want,
            "{sentence:?} on {published:?}: actors {:?}",
            found[0].actors
        );
    }
}

#[test]
fn an_office_title_names_who_held_the_office_that_day() {
    assert_dated_holders(&[
        (
            "The Russian president rejected any security guarantees.",
            Some("2023-05-01"),
            Some("putin"),
        ),
        (
            "The US president refused to give security guarantees.",
            Some("2023-06-01"),
            Some("biden"),
        ),
        (
            "The US president refused to give security guarantees.",
            Some("2025-03-01"),
            Some("trump"),
        ),
        (
            "The U.S. president refused to give security guarantees.",
            Some("2019-03-01"),
            Some("trump"),
        ),
        (
            "Ukraine's president asked again for security guarantees.",
            Some("2024-02-10"),
            Some("zelensky"),
        ),
        (
            "The German chancellor backed security guarantees for Kyiv.",
            Some("2023-01-10"),
            Some("scholz"),
        ),
        (
            "The German chancellor backed security guarantees for Kyiv.",
            Some("2025-09-10"),
            Some("merz"),
        ),
    ]);
}

#[test]
fn an_office_title_names_nobody_out_of_office_or_out_of_time() {
    assert_dated_holders(&[
        // Nobody the lexicon knows held the office then.
        (
            "The Russian president rejected any security guarantees.",
            Some("2010-05-01"),
            None,
        ),
        // An undated article: the title cannot be read.
        (
            "The Ukrainian president asked for security guarantees.",
            None,
            None,
        ),
        // The person meant is not the one in office on the day.
        (
            "The former US president mocked the security guarantees.",
            Some("2023-06-01"),
            None,
        ),
        (
            "The incoming US president doubted security guarantees.",
            Some("2024-12-01"),
            None,
        ),
        (
            "An ex-Ukrainian president doubted the security guarantees.",
            Some("2024-12-01"),
            None,
        ),
    ]);
}
