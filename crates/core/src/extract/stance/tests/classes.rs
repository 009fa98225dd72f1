//! Case tables, one per class of wording: refusal verbs, double negation, forward hedges,
//! the holder, quotes' speakers, places, and topics named in other words.

use super::*;

#[test]
fn refusal_and_prevention_verbs_negate_what_they_govern() {
    assert_negation(&[
        (
            "Hungary blocked new sanctions on Moscow.",
            "sanctions",
            true,
        ),
        (
            "The Senate voted to bar arms deliveries to Kyiv.",
            "military_aid",
            true,
        ),
        ("Russia vetoed the ceasefire resolution.", "ceasefire", true),
        (
            "Berlin resisted calls for a peacekeeping force.",
            "peacekeeping",
            true,
        ),
        (
            "Allies declined to extend NATO membership to Georgia.",
            "nato_membership",
            true,
        ),
        (
            "His refusal of security guarantees angered Kyiv.",
            "security_guarantee",
            true,
        ),
        (
            "Washington is reluctant to provide security guarantees.",
            "security_guarantee",
            true,
        ),
        (
            "Moscow says Kyiv has no right to join NATO.",
            "nato_membership",
            true,
        ),
        (
            "The strikes undermine the peace talks.",
            "peace_talks",
            true,
        ),
        (
            "Moscow is yet to receive an offer to start peace talks.",
            "peace_talks",
            true,
        ),
        (
            "The two sides failed to agree a ceasefire.",
            "ceasefire",
            true,
        ),
        ("Any peace settlement remains elusive.", "peace_talks", true),
        // Retreat from a course, and what is declared unacceptable.
        (
            "Allies backed off from encouraging Georgia to join NATO.",
            "nato_membership",
            true,
        ),
        (
            "Moscow calls any peacekeeping force unacceptable.",
            "peacekeeping",
            true,
        ),
        (
            "Kyiv wants to join NATO, which the Kremlin considers unacceptable.",
            "nato_membership",
            true,
        ),
        (
            "For Moscow a ceasefire now is a non-starter.",
            "ceasefire",
            true,
        ),
        // A term that carries its own negation.
        (
            "Graham said the war cannot end while Putin rules.",
            "ceasefire",
            true,
        ),
        (
            "The war won't end this year, analysts say.",
            "ceasefire",
            true,
        ),
        // The cue must govern the topic: a clause boundary ends its reach.
        (
            "Hungary blocked the statement, but sanctions were agreed.",
            "sanctions",
            false,
        ),
        (
            "Russia vetoed the text, while a ceasefire holds in the south.",
            "ceasefire",
            false,
        ),
    ]);
}

#[test]
fn two_negations_affirm() {
    assert_negation(&[
        (
            "The EU does not exclude new sanctions on Iran.",
            "sanctions",
            false,
        ),
        (
            "Kyiv has not ruled out a ceasefire this spring.",
            "ceasefire",
            false,
        ),
        (
            "Biden never rejected security guarantees for Kyiv.",
            "security_guarantee",
            false,
        ),
        (
            "Kyiv will not accept a deal lacking security guarantees.",
            "security_guarantee",
            false,
        ),
        // A refusal of a concession is still a refusal, and so is a negated concession.
        ("Zelensky refused to cede territory.", "territory", true),
        ("Kyiv will never give up Crimea.", "territory", true),
        // "Not only … but" negates nothing.
        (
            "Not only sanctions but arms were promised.",
            "sanctions",
            false,
        ),
    ]);
}

#[test]
fn aims_plans_and_talk_about_a_thing_hedge_what_follows_them() {
    assert_hedge(&[
        (
            "Leaders discussed security guarantees in Paris.",
            "security_guarantee",
            true,
        ),
        (
            "London is preparing new sanctions on Russian banks.",
            "sanctions",
            true,
        ),
        (
            "Envoys met in a bid to agree a ceasefire.",
            "ceasefire",
            true,
        ),
        (
            "Paris is expected to announce a peacekeeping force.",
            "peacekeeping",
            true,
        ),
        (
            "They flew to Riyadh in order to end the war.",
            "ceasefire",
            true,
        ),
        (
            "The Kremlin remains open to peace talks.",
            "peace_talks",
            true,
        ),
        (
            "Ministers are urging more military aid for Kyiv.",
            "military_aid",
            true,
        ),
        // What comes before the aim is stated: the sanctions were imposed.
        (
            "Sanctions imposed last year aimed at starving the war chest.",
            "sanctions",
            false,
        ),
        (
            "Peace talks held in Istanbul were discussed at length.",
            "peace_talks",
            false,
        ),
        ("A proposal for a ceasefire was tabled.", "ceasefire", true),
        (
            "Peace talks produced proposal after proposal.",
            "peace_talks",
            false,
        ),
    ]);
}

#[test]
fn a_hedge_reaches_across_commas_to_the_end_of_its_clause() {
    assert_hedge(&[
        (
            "Europe could, in time, offer security guarantees.",
            "security_guarantee",
            true,
        ),
        (
            "If Russia attacks again, NATO would send peacekeepers.",
            "peacekeeping",
            true,
        ),
        // A clause word still ends it.
        (
            "Paris might object, but sanctions were imposed.",
            "sanctions",
            false,
        ),
    ]);
}

/// Each case: a sentence, the topic named in it, and the holder of its stance.
#[test]
fn the_holder_is_who_states_refuses_or_asks() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        // The example of docs/tables.md.
        (
            "Trump said the United States would not provide security guarantees to Ukraine.",
            "security_guarantee",
            Some("united_states"),
        ),
        // The subject before the cue, not the object after it.
        (
            "Washington refused to give Kyiv security guarantees.",
            "security_guarantee",
            Some("united_states"),
        ),
        (
            "Macron offered troops for a peacekeeping force.",
            "peacekeeping",
            Some("macron"),
        ),
        (
            "Ukraine wants security guarantees from the United States.",
            "security_guarantee",
            Some("ukraine"),
        ),
        // A name after an object marker is not the holder.
        (
            "Security guarantees for Ukraine were rejected by Moscow.",
            "security_guarantee",
            Some("russia"),
        ),
        (
            "Foreign troops in Ukraine are not an option, Peskov said.",
            "peacekeeping",
            Some("peskov"),
        ),
        (
            "A ceasefire is possible, according to the Kremlin.",
            "ceasefire",
            Some("russia"),
        ),
        // A speech verb in running text introduces what is said: its subject holds it.
        (
            "Zelensky said Russia rejected the ceasefire.",
            "ceasefire",
            Some("russia"),
        ),
        (
            "Trump on Tuesday said sanctions would stay.",
            "sanctions",
            Some("trump"),
        ),
        // Nobody named.
        ("A ceasefire was agreed overnight.", "ceasefire", None),
    ];
    assert_holders(cases);
    // A pronoun: the one person named just before.
    let found = run("", "Putin spoke on Friday. He rejected any ceasefire.");
    let m = found.iter().find(|m| m.topic == "ceasefire").unwrap();
    assert_eq!(m.holder.as_deref(), Some("putin"));
}

#[test]
fn first_person_in_a_quote_is_its_speaker() {
    let cases: &[(&str, Option<&str>)] = &[
        (
            "Zelensky spoke in Kyiv. “We want security guarantees for 30 years.”",
            Some("zelensky"),
        ),
        (
            "“We want security guarantees for 30 years.” Zelensky spoke in Kyiv.",
            Some("zelensky"),
        ),
        // Two people named beside it: no one can be sure who speaks.
        (
            "Zelensky met Macron. “We want security guarantees for 30 years.”",
            None,
        ),
        // Not a quote, and no one named: no holder.
        ("We want security guarantees for 30 years.", None),
        // An attribution beats a person only named: Trump is talked about, Zelensky speaks.
        (
            "“Can we trust Trump?” Zelensky said. “We want security guarantees for 30 years.”",
            Some("zelensky"),
        ),
        // An interview goes on: the answer is the last attributed speaker's, sentences on.
        (
            "Zelensky told me the war would end. Kyiv was dark. Trump called on Monday. \
             Then came my question. “Let’s talk about security guarantees.”",
            Some("zelensky"),
        ),
    ];
    for &(body, holder) in cases {
        let m = one(body, "security_guarantee");
        assert_eq!(m.holder.as_deref(), holder, "{body:?}");
    }
}

#[test]
fn territory_as_a_place_is_not_the_territorial_question() {
    let place = [
        "Troops massed on the territory of Belarus.",
        "The strike came from its territory, Minsk denied.",
        "Drones were launched from the territory of Russia.",
    ];
    for body in place {
        assert!(
            run("", body).iter().all(|m| m.topic != "territory"),
            "{body:?}"
        );
    }
    assert!(one("Kyiv will not cede territory.", "territory").negated);
}

#[test]
fn guarantees_of_law_and_money_are_not_security_guarantees() {
    let other = [
        "Violations include the failure to respect fair trial guarantees.",
        "The bank offered loan guarantees to exporters.",
        "Kyiv asked for credit guarantees to buy gas.",
        "The law removes constitutional guarantees of free speech.",
        "Deposit guarantees were raised to 100,000 euros.",
        "The fund relies on state guarantees for its bonds.",
    ];
    for body in other {
        assert!(
            run("", body)
                .iter()
                .all(|m| m.topic != "security_guarantee"),
            "{body:?}"
        );
    }
    for body in [
        "Kyiv wants guarantees from its allies.",
        "Europe offered legally binding guarantees to Ukraine.",
        "Zelensky asked for guarantees before any loan deal.",
    ] {
        one(body, "security_guarantee");
    }
}

#[test]
fn topics_named_in_other_words() {
    // (sentence, a topic it names)
    let cases = [
        (
            "The most recent ceasefire talks were held in Geneva.",
            "ceasefire",
        ),
        (
            "The most recent ceasefire talks were held in Geneva.",
            "peace_talks",
        ),
        ("Kyiv wants a return to the 1991 borders.", "territory"),
        (
            "Both sides agreed to halt strikes on energy sites.",
            "ceasefire",
        ),
        ("Trump gave Moscow a deadline for peace.", "peace_talks"),
        ("Russia can still choose diplomacy.", "peace_talks"),
        ("Any compromise with the Kremlin is a trap.", "peace_talks"),
        ("Kyiv rejects compromises on its borders.", "peace_talks"),
        ("Witkoff hopes to strike a deal by June.", "peace_talks"),
        (
            "Moscow tightened its grip on Russian-held areas.",
            "territory",
        ),
        (
            "Brussels imposed new export restrictions on Moscow.",
            "sanctions",
        ),
        (
            "Ukraine has no path to NATO membership yet.",
            "nato_membership",
        ),
        ("Berlin pledged a new aid package.", "military_aid"),
        (
            "There were no efforts to recruit Georgia as NATO members.",
            "nato_membership",
        ),
    ];
    for (body, topic) in cases {
        assert!(
            run("", body).iter().any(|m| m.topic == topic),
            "{topic} in {body:?}"
        );
    }
    // A back-reference counts for the topic named just before: here the territory.
    let found = run(
        "",
        "Moscow wants Kyiv to cede the Donbas. Kyiv has rejected those demands.",
    );
    let second: Vec<&StanceMention> = found.iter().filter(|m| m.sentence == 1).collect();
    assert!(
        second.iter().any(|m| m.topic == "territory" && m.negated),
        "{found:#?}"
    );
}

#[test]
fn a_relative_clause_of_refusal_refuses_its_antecedent() {
    assert_negation(&[
        (
            "Zelensky requested a peace summit which was rejected by Moscow.",
            "peace_talks",
            true,
        ),
        (
            "Paris proposed a ceasefire, which the Kremlin dismissed.",
            "ceasefire",
            true,
        ),
        (
            "Kyiv wants security guarantees that Washington has refused.",
            "security_guarantee",
            true,
        ),
        // A particle in the clause negates something else.
        (
            "They signed a ceasefire which did not include Crimea.",
            "ceasefire",
            false,
        ),
        // A refusal itself negated affirms.
        (
            "Kyiv wants security guarantees that Washington has not rejected.",
            "security_guarantee",
            false,
        ),
        // Too far from the term, the clause is about something else.
        (
            "Talks began after a long dispute over the agenda, which Moscow rejected.",
            "peace_talks",
            false,
        ),
    ]);
}

#[test]
fn a_relative_clause_refusing_something_else_leaves_the_term_stated() {
    assert_negation(&[
        (
            "Moscow wants security guarantees which would undermine the sovereignty of others.",
            "security_guarantee",
            false,
        ),
        (
            "He backed legal agreements that would rule out any enlargement.",
            "security_guarantee",
            false,
        ),
        (
            "They signed the Budapest Memorandum, by which Kyiv gave up its arsenal.",
            "nuclear",
            false,
        ),
        (
            "Putin demands withdrawing from ground that Russia failed to capture.",
            "territory",
            false,
        ),
    ]);
}

#[test]
fn compromise_as_a_verb_and_the_head_of_diplomacy_are_no_peace_talks() {
    for body in [
        "Leaks could compromise the army's plans.",
        "Spies may compromise their sources.",
        "The head of diplomacy visited Warsaw.",
        "The head of British diplomacy visited Warsaw.",
        "Beijing practises chequebook diplomacy.",
    ] {
        assert!(
            !run("", body).iter().any(|m| m.topic == "peace_talks"),
            "{body:?}"
        );
    }
}

#[test]
fn the_share_of_the_country_held_is_the_territorial_question() {
    assert_named(
        "territory",
        &[
            "Russia currently controls about 19 percent of Ukraine.",
            "Moscow holds roughly a fifth of Ukraine.",
            "Russia has seized 1.5% of Ukraine this year.",
            "Kyiv will not give up the 18 per cent of Ukraine it has lost.",
        ],
    );
    // A share of its people, its wealth or its power is no territory.
    assert_not_named(
        "territory",
        &[
            "About 30 percent of Ukraine's population has left.",
            "Farming is a fifth of Ukraine's economy.",
            "About 35 percent of Ukrainian refugees went to Poland.",
        ],
    );
}
