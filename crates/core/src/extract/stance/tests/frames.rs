//! Frames: a topic named by two phrases with words between them, on invented sentences.

use super::*;

#[test]
fn a_verb_of_ending_and_the_war_it_ends_name_a_ceasefire() {
    // (sentence, topic, negated): words between the verb and the war it ends.
    assert_negation(&[
        (
            "Zelensky wants to end the Ukraine war this year.",
            "ceasefire",
            false,
        ),
        ("Putin refused to stop his brutal war.", "ceasefire", true),
        (
            "Leaders pressed for ending the three-year conflict.",
            "ceasefire",
            false,
        ),
        (
            "Trump vowed to end the Ukraine-Russia conflict on day one.",
            "ceasefire",
            false,
        ),
        (
            "The Kremlin has no intention of winding down the fighting.",
            "ceasefire",
            true,
        ),
    ]);
    let m = one(
        "Zelensky wants to end the Ukraine war this year.",
        "ceasefire",
    );
    assert_eq!(m.term, "end … war");
    assert!(m.hedged, "a wish: {:?}", m.cue);
}

#[test]
fn other_verbs_other_wars_and_the_noun_end_name_no_ceasefire() {
    assert_not_named(
        "ceasefire",
        &[
            "Many recruits ended up going to war for Russia.",
            "Trains were not even stopped by the war.",
            "The fighting dragged on until the end of the year.",
            "He ended his speech, and the war went on.",
            "At the end of the Cold War, the alliance grew.",
            "Prosecutors want to stop war crimes going unpunished.",
            "The war machine rolled on; sanctions did not stop it.",
            // Too many words between.
            "They want to end what has become a slow, grinding and very costly war.",
        ],
    );
}

#[test]
fn the_end_of_the_war_as_the_aim_of_talks_is_part_of_the_talks() {
    let found = run("", "The talks in Geneva aimed to end the Ukraine war.");
    let topics: Vec<&str> = found.iter().map(|m| m.topic.as_str()).collect();
    assert_eq!(topics, ["peace_talks"], "{found:#?}");
}

#[test]
fn a_term_starting_inside_a_back_reference_is_the_term() {
    // (sentence, topic): the back-reference's head noun opens a term ("the aid" and "aid
    // bill"), and nothing was named before it for the back-reference to point to.
    for (body, topic) in [
        (
            "Senators raised concerns about the aid bill.",
            "military_aid",
        ),
        ("Kyiv welcomed the meeting with Putin.", "peace_talks"),
        ("Europe backed the deal to end the war.", "peace_talks"),
        ("Both armies kept the pause in the fighting.", "ceasefire"),
        ("The weapons deliveries resumed in May.", "military_aid"),
    ] {
        assert_named(topic, &[body]);
    }
}

#[test]
fn a_back_reference_holding_a_term_whole_is_the_back_reference() {
    let found = run(
        "",
        "Kyiv asked for security guarantees. Moscow rejected such guarantees.",
    );
    let second: Vec<&StanceMention> = found.iter().filter(|m| m.sentence == 1).collect();
    assert_eq!(second.len(), 1, "{found:#?}");
    assert_eq!(second[0].term, "such guarantees");
    assert!(second[0].negated);
}
