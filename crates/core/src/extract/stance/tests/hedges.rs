//! Case tables for hedges: what is only planned, aimed at or threatened is not stated as
//! fact.

use super::*;

#[test]
fn the_future_is_not_yet_done() {
    assert_hedge(&[
        (
            "The talks will resume in Geneva next week.",
            "peace_talks",
            true,
        ),
        (
            "Britain will send more air defence systems.",
            "military_aid",
            true,
        ),
        (
            "Brussels is going to adopt a new sanctions package.",
            "sanctions",
            true,
        ),
        (
            "The coalition shall deploy a reassurance force.",
            "peacekeeping",
            true,
        ),
        // A will that is a noun plans nothing.
        (
            "Moscow lacks the political will for a ceasefire.",
            "ceasefire",
            false,
        ),
        (
            "The sanctions were imposed against the will of Hungary.",
            "sanctions",
            false,
        ),
        // The past stays stated.
        (
            "The talks resumed in Geneva last week.",
            "peace_talks",
            false,
        ),
    ]);
}

#[test]
fn a_negated_future_refuses_without_hedging() {
    for sentence in [
        "Washington will not provide security guarantees.",
        "Washington won't provide security guarantees.",
    ] {
        let m = one(sentence, "security_guarantee");
        assert!(m.negated && !m.hedged, "{sentence:?}: {m:?}");
    }
}

#[test]
fn an_aim_deadline_or_threat_is_not_yet_done() {
    assert_hedge(&[
        ("Envoys flew to Riyadh to end the war.", "ceasefire", true),
        (
            "Washington set a June deadline for a peace agreement.",
            "peace_talks",
            true,
        ),
        (
            "He is pressing Kyiv to strike a peace deal.",
            "peace_talks",
            true,
        ),
        (
            "Both sides worked to reach a ceasefire agreement.",
            "ceasefire",
            true,
        ),
        (
            "Kyiv faces the threat of sanctions on its grain.",
            "sanctions",
            true,
        ),
        (
            "Moscow called the offer a pretext for more sanctions.",
            "sanctions",
            true,
        ),
        // What was reached is stated.
        (
            "Both sides reached a ceasefire agreement on Sunday.",
            "ceasefire",
            false,
        ),
        (
            "Sanctions imposed before the deadline stayed in force.",
            "sanctions",
            false,
        ),
    ]);
}

#[test]
fn what_is_unlikely_or_not_ruled_out_is_possible() {
    let cases: &[(&str, &str, bool, bool)] = &[
        // (sentence, topic, negated, hedged)
        (
            "A NATO invitation is unlikely to arrive this year.",
            "nato_membership",
            true,
            true,
        ),
        (
            "Brussels does not rule out new sanctions on Iran.",
            "sanctions",
            false,
            true,
        ),
        (
            "Paris did not exclude a peacekeeping force.",
            "peacekeeping",
            false,
            true,
        ),
        // A refusal that is only refused is not a possibility: it is stated.
        (
            "Kyiv never rejected the peace talks.",
            "peace_talks",
            false,
            false,
        ),
        // A plain refusal stays unhedged.
        (
            "Moscow rejected new peace talks.",
            "peace_talks",
            true,
            false,
        ),
    ];
    assert_negation_and_hedge(cases);
}

#[test]
fn a_condition_of_time_hedges() {
    assert_hedge(&[
        (
            "The war cannot end as long as Putin rules.",
            "ceasefire",
            true,
        ),
        (
            "Sanctions stay so long as troops remain.",
            "sanctions",
            true,
        ),
        (
            "Guarantees would apply in a postwar scenario.",
            "security_guarantee",
            true,
        ),
        (
            "Sanctions stayed for as many as ten years.",
            "sanctions",
            false,
        ),
    ]);
}

#[test]
fn an_infinitive_of_purpose_is_read_across_any_spaces() {
    // A no-break space between the words, as scraped pages have them.
    let m = one(
        "Envoys met to\u{a0}strike a\u{a0}peace deal.",
        "peace_talks",
    );
    assert!(m.hedged, "{m:?}");
    assert_eq!(m.cue.as_deref(), Some("to\u{a0}strike"));
    let m = one("Envoys met to end the war.", "ceasefire");
    assert_eq!(m.cue.as_deref(), Some("to end"));
    // Multi-byte spaces before the term's sentence do not matter either.
    let m = one("\u{a0}\u{a0}Peace talks resumed.", "peace_talks");
    assert!(!m.hedged, "{m:?}");
}

#[test]
fn necessity_interest_encouragement_and_threats_hedge() {
    assert_hedge(&[
        (
            "It is critical that the new security guarantees be stronger.",
            "security_guarantee",
            true,
        ),
        (
            "Georgia has expressed an interest in joining NATO.",
            "nato_membership",
            true,
        ),
        (
            "London is encouraging Moscow toward peace talks.",
            "peace_talks",
            true,
        ),
        (
            "Buyers must stop the imports or face sanctions.",
            "sanctions",
            true,
        ),
        (
            "Diplomats worked to find a diplomatic solution.",
            "peace_talks",
            true,
        ),
        (
            "Such talk provokes Moscow to use nuclear weapons.",
            "nuclear",
            true,
        ),
        // What was found or used is stated.
        (
            "Diplomats found a diplomatic solution.",
            "peace_talks",
            false,
        ),
        (
            "Washington holds a financial interest in the minerals deal.",
            "minerals_deal",
            false,
        ),
        (
            "It is important news that sanctions were lifted.",
            "sanctions",
            false,
        ),
    ]);
}

#[test]
fn circumstances_and_comparisons_lie_outside_the_hedge() {
    assert_hedge(&[
        (
            "Beijing is considering sending drones amid pressure from Western sanctions.",
            "sanctions",
            false,
        ),
        (
            "Kyiv may hold elections despite the peace talks.",
            "peace_talks",
            false,
        ),
        (
            "New guarantees must be stronger than the Budapest Memorandum.",
            "nuclear",
            false,
        ),
        (
            "A draft deal was prepared wherein Kyiv would stay neutral.",
            "peace_talks",
            false,
        ),
        (
            "Peace talks resumed in Geneva, where Moscow could offer more.",
            "peace_talks",
            false,
        ),
        // Inside the clause the hedge still holds.
        (
            "Beijing is considering new sanctions amid pressure.",
            "sanctions",
            true,
        ),
    ]);
}

/// What a demand, a proposal or a possibility takes as its "that"-clause is what is
/// demanded or possible ("Russia is demanding that Ukraine cede the Donbas"): the clause
/// lies inside the hedge. A "that" further on still opens a clause of its own.
#[test]
fn a_that_clause_of_a_hedge_lies_inside_it() {
    assert_hedge(&[
        (
            "Russia is demanding that Ukraine cede the Donbas.",
            "territory",
            true,
        ),
        (
            "The Kremlin has demanded that Kyiv withdraw its troops from Donetsk.",
            "territory",
            true,
        ),
        (
            "Macron proposed that European peacekeepers patrol the border.",
            "peacekeeping",
            true,
        ),
        ("Kyiv asked that sanctions be tightened.", "sanctions", true),
        (
            "It is possible that peace talks resume in May.",
            "peace_talks",
            true,
        ),
        // The "that" opens a relative clause about a word after the cue.
        (
            "Russia demands respect for the deal that ended the fighting in 2015.",
            "ceasefire",
            false,
        ),
        (
            "Officials proposed a plan to voters that the sanctions had already hurt.",
            "sanctions",
            false,
        ),
    ]);
}

/// The gap after a hedge may start with any character: only a whole "that" is passed over.
#[test]
fn a_gap_after_a_hedge_may_start_with_any_character() {
    // The gap's fourth byte lies inside "é".
    assert!(one("Kyiv may €é impose sanctions.", "sanctions").hedged);
}

#[test]
fn a_negation_inside_a_condition_supposes_rather_than_denies() {
    let cases: &[(&str, &str, bool, bool)] = &[
        // (sentence, topic, negated, hedged)
        (
            "If the peace deadline is not met, Washington will step up pressure.",
            "peace_talks",
            false,
            true,
        ),
        (
            "If Kyiv is not given security guarantees, it will keep fighting.",
            "security_guarantee",
            false,
            true,
        ),
        (
            "Unless Moscow does not accept a ceasefire, the talks go on.",
            "ceasefire",
            false,
            true,
        ),
        // The condition lies after the term, or ends before the negation: the refusal
        // stands (and the condition hedges it, as a condition hedges its sentence).
        (
            "Moscow rejected the ceasefire even if Kyiv offered one.",
            "ceasefire",
            true,
            true,
        ),
        (
            "If talks resume, Russia will not accept any peacekeepers.",
            "peacekeeping",
            true,
            true,
        ),
    ];
    assert_negation_and_hedge(cases);
}
