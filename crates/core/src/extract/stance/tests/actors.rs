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
