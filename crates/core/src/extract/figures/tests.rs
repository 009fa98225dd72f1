//! Figures by kind, each checked on a sentence in gold conventions; what must not be read
//! as a figure is in `not_figures`.

use super::*;
use crate::extract::{DateKind, FigureKind, Granularity, Qualifier};

#[test]
#[ignore]
fn probe() {
    for t in std::env::var("PROBE").unwrap_or_default().split('|') {
        eprintln!("{t:?} -> {:?}", figures(t));
    }
}

fn figures(body: &str) -> Vec<(String, f64, Option<f64>, String, FigureKind, Qualifier)> {
    figures_with(body, &[])
}

fn figures_with(
    body: &str,
    date_texts: &[&str],
) -> Vec<(String, f64, Option<f64>, String, FigureKind, Qualifier)> {
    let doc = Doc::new("", body);
    let dates: Vec<DateMention> = date_texts
        .iter()
        .map(|d| {
            let start = doc.text.find(d).expect("date text in body");
            DateMention {
                span: start..start + d.len(),
                sentence: doc.sentence_at(start),
                kind: DateKind::Relative,
                granularity: Granularity::Day,
                date_start: None,
                date_end: None,
            }
        })
        .collect();
    extract(&doc, &dates)
        .into_iter()
        .map(|f| {
            (
                doc.text[f.span].to_string(),
                f.value,
                f.value_high,
                f.unit,
                f.kind,
                f.qualifier,
            )
        })
        .collect()
}

/// The one figure in `body`: (value, unit, kind, qualifier).
fn one(body: &str) -> (f64, String, FigureKind, Qualifier) {
    let found = figures(body);
    assert_eq!(found.len(), 1, "{body}: {found:?}");
    let (_, v, _, u, k, q) = found.into_iter().next().unwrap();
    (v, u, k, q)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= b.abs() * 1e-6
}

use FigureKind::*;
use Qualifier::*;

#[test]
fn money_symbols_codes_names_and_scales() {
    let cases: &[(&str, f64, &str)] = &[
        ("It cost $350 billion in all.", 350e9, "USD"),
        ("Allies pledged €1.5bn to Kyiv.", 1.5e9, "EUR"),
        ("They voted to spend $400m on it.", 400e6, "USD"),
        ("Deals worth $12trn were offered.", 12e12, "USD"),
        ("It borrowed 90 billion euros for aid.", 90e9, "EUR"),
        ("Britain gave £2.26bn in loans.", 2.26e9, "GBP"),
        ("The fund holds US$5 million now.", 5e6, "USD"),
        ("Kyiv allotted ₴40 billion to it.", 40e9, "UAH"),
        ("They seized 300 billion rubles of assets.", 300e9, "RUB"),
        ("It paid USD 2.5 million for that.", 2.5e6, "USD"),
        ("Kyiv got 1.2 billion EUR in June.", 1.2e9, "EUR"),
        ("A fee of 15 billion hryvnias was set.", 15e9, "UAH"),
        ("Brent rose to $95.46 a barrel.", 95.46, "USD"),
        ("He offered five billion dollars to them.", 5e9, "USD"),
        ("Startups raised $50k each.", 50e3, "USD"),
    ];
    for &(text, value, unit) in cases {
        let (v, u, k, q) = one(text);
        assert!(close(v, value), "{text}: {v}");
        assert_eq!((u.as_str(), k, q), (unit, Money, Exact), "{text}");
    }
}

/// Class: the currency written after the number, as a symbol or an ISO code, and the
/// currencies beyond the big four, by code and by name.
#[test]
fn currencies_after_the_number_and_by_name() {
    let cases: &[(&str, f64, &str)] = &[
        ("Tickets cost 10 € at the door.", 10.0, "EUR"),
        ("The fine was 500 USD per day.", 500.0, "USD"),
        ("They paid 115 $ for it.", 115.0, "USD"),
        ("A loan of 30 CHF was signed.", 30.0, "CHF"),
        ("Ottawa pledged 2 billion CAD to Kyiv.", 2e9, "CAD"),
        (
            "Canberra sent 100 million Australian dollars in aid.",
            100e6,
            "AUD",
        ),
        ("The contract was worth 35 lakh rupees.", 3.5e6, "INR"),
        ("Ankara set aside 10 billion Turkish lira.", 10e9, "TRY"),
        ("Israel spent 5 billion shekels on it.", 5e9, "ILS"),
        ("Beijing lent 100 billion yuan to Moscow.", 100e9, "CNY"),
        ("The fund holds 40 rmb per share.", 40.0, "CNY"),
        (
            "Zurich froze 7.5 billion Swiss francs of assets.",
            7.5e9,
            "CHF",
        ),
        ("Warsaw approved 4 billion zlotys in aid.", 4e9, "PLN"),
        ("It cost 1.2 crore rupees.", 1.2e7, "INR"),
    ];
    for &(text, value, unit) in cases {
        let (v, u, k, q) = one(text);
        assert!(close(v, value), "{text}: {v}");
        assert_eq!((u.as_str(), k, q), (unit, Money, Exact), "{text}");
    }
}

/// Class: coins of a currency count as the fraction of its unit they are.
#[test]
fn cents_and_pence_are_fractions_of_their_currency() {
    let cases: &[(&str, f64, &str)] = &[
        ("Shares fell 50 cents to close at $12.", 0.5, "USD"),
        ("A stamp now costs 470 pence in London.", 4.7, "GBP"),
        ("Petrol rose 14.27 cents a litre.", 0.1427, "USD"),
        ("Bread went up by 80 kopecks in Moscow.", 0.8, "RUB"),
    ];
    for &(text, value, unit) in cases {
        let got = figures(text);
        let (v, u, k, q) = (got[0].1, got[0].3.clone(), got[0].4, got[0].5);
        assert!(close(v, value), "{text}: {v} ({got:?})");
        assert_eq!((u.as_str(), k, q), (unit, Money, Exact), "{text}");
    }
}

/// Class: units of speed, power, volume, weight and data that news writes as symbols.
#[test]
fn speed_power_volume_weight_and_data_units() {
    let cases: &[(&str, f64, &str)] = &[
        (
            "The missile flew at 3,000 mph over the sea.",
            3000.0,
            "mile per hour",
        ),
        (
            "Winds reached 120 km/h on the coast.",
            120.0,
            "kilometre per hour",
        ),
        ("Trains run at 300 kph there.", 300.0, "kilometre per hour"),
        ("The plant makes 950 MW at full load.", 950.0, "megawatt"),
        ("Each panel gives 5 kW of power.", 5.0, "kilowatt"),
        ("The engine has 1,500 hp and a turbo.", 1500.0, "horsepower"),
        ("Each dose is 75 ml of serum.", 75.0, "millilitre"),
        ("The drone weighs 200lbs when loaded.", 200.0, "pound"),
        ("The leak held 500 GB of data.", 500.0, "gigabyte"),
        ("Russia pumped 9.5 million barrels a day.", 9.5e6, "barrel"),
        // Grid and energy units: the lines and the output of power plants.
        ("Strikes cut two 330 kV lines.", 330.0, "kilovolt"),
        ("The 750-kilovolt substation was hit.", 750.0, "kilovolt"),
        ("Outlets give 220 volts there.", 220.0, "volt"),
        ("Ukraine imported 1.2 GWh overnight.", 1.2, "gigawatt hour"),
        (
            "The country used 150 TWh last year.",
            150.0,
            "terawatt hour",
        ),
        ("The battery stores 100 MWh.", 100.0, "megawatt hour"),
    ];
    for &(text, value, unit) in cases {
        let (v, u, k, q) = one(text);
        assert!(close(v, value), "{text}: {v}");
        assert_eq!((u.as_str(), k, q), (unit, Measure, Exact), "{text}");
    }
}

/// Class: ranges, and what is not one: two amounts joined across a change of unit are a
/// change to a level; the high end's scale goes to the low end only where it fits.
#[test]
fn ranges_and_changes_of_unit() {
    let got = figures("Prices rose 9.4 per cent to $84 a barrel.");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        (got[0].1, got[0].2, got[0].3.as_str()),
        (9.4, None, "percent")
    );
    assert_eq!((got[1].1, got[1].3.as_str()), (84.0, "USD"));
    let got = figures("It sold for $750,000 to $1 million.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].1, got[0].2, got[0].5),
        (750_000.0, Some(1e6), Range)
    );
    let got = figures("Sales grew from 5% to 6% last year.");
    assert!(got.iter().all(|f| f.3 == "percent"), "{got:?}");
    let (v, u, _, q) = one("Rods of 13.5 to 14.0 mm were used.");
    assert_eq!((v, u.as_str(), q), (13.5, "millimetre", Range));
    let got = figures("Aid of 2 to 3 million euros was pledged.");
    assert_eq!((got[0].1, got[0].2), (2e6, Some(3e6)), "{got:?}");
    let got = figures("It cost 5 euros to 6 dollars.");
    assert!(got.iter().all(|f| f.2.is_none()), "{got:?}");
}

/// Class: scale words and suffixes on numbers: chained scales, dozens, and short
/// suffixes before a counted noun.
#[test]
fn scales_dozens_and_suffixes() {
    let cases: &[(&str, f64, &str)] = &[
        ("It cost 4 hundred million dollars.", 4e8, "USD"),
        ("Two dozen drones were shot down.", 24.0, "drone"),
        ("Some 100K troops massed at the border.", 1e5, "troop"),
        ("Russia lost 3M shells in a year.", 3e6, "shell"),
        ("It has 1.5k soldiers there.", 1500.0, "soldier"),
    ];
    for &(text, value, unit) in cases {
        let got = figures(text);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert!(close(got[0].1, value), "{text}: {got:?}");
        assert_eq!(got[0].3, unit, "{text}");
    }
    // A short suffix alone, or before a unit, is no scale: "400m" may be metres.
    let got = figures("He ran the 400m sprint in Kyiv.");
    assert!(got.iter().all(|f| !close(f.1, 4e8)), "{got:?}");
}

/// Class: decimals written without their leading zero.
#[test]
fn decimals_without_a_leading_zero() {
    let got = figures("Rates rose by .25 percent in March.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(close(got[0].1, 0.25) && got[0].3 == "percent", "{got:?}");
    let got = figures("The fee is .001 per cent of the sum.");
    assert!(close(got[0].1, 0.001) && got[0].3 == "percent", "{got:?}");
    let got = figures("He scored .77 on the index.");
    assert!(got.iter().all(|f| !close(f.1, 77.0)), "{got:?}");
    // A stop before a number is not a decimal point.
    let got = figures("It grew in 2019.77 people came.");
    assert!(got.iter().all(|f| !close(f.1, 0.77)), "{got:?}");
}

/// Class: plurals whose singular is not the plural less "s" or "es": Latin -us nouns,
/// Greek -is nouns.
#[test]
fn plurals_of_us_and_is_nouns() {
    let cases: &[(&str, f64, &str)] = &[
        ("Labs found 12 viruses in the samples.", 12.0, "virus"),
        ("Staff got 3 bonuses last year.", 3.0, "bonus"),
        ("Strikes hit 40 buses in Kharkiv.", 40.0, "bus"),
        ("The army attacked along two axes at once.", 2.0, "axis"),
        ("Doctors made 500 diagnoses in a week.", 500.0, "diagnosis"),
        ("The region faces three crises now.", 3.0, "crisis"),
        // -use nouns keep their e.
        ("Drones hit 12 houses overnight.", 12.0, "house"),
        ("They found 4 causes of the fire.", 4.0, "cause"),
    ];
    for &(text, value, unit) in cases {
        let (v, u, k, _) = one(text);
        assert!(close(v, value), "{text}: {v}");
        assert_eq!((u.as_str(), k), (unit, Count), "{text}");
    }
}

#[test]
fn counts_with_lemmatised_nouns() {
    let cases: &[(&str, f64, &str)] = &[
        ("Russia massed 100,000 troops there.", 1e5, "troop"),
        ("It has 3 million Ukrainians abroad.", 3e6, "Ukrainian"),
        (
            "Officials said 31,680 casualties were counted.",
            31680.0,
            "casualty",
        ),
        ("It left 100,000 families in the dark.", 1e5, "family"),
        (
            "Russia launched 396 attack drones overnight.",
            396.0,
            "drone",
        ),
        (
            "He met three U.S. representatives there.",
            3.0,
            "representative",
        ),
        (
            "The swap freed 314 prisoners of war last week.",
            314.0,
            "prisoner",
        ),
        (
            "They killed 30 National Unity Platform (NUP) members.",
            30.0,
            "member",
        ),
        ("Forty-two tanks were sent.", 42.0, "tank"),
        ("Officials said one person was injured.", 1.0, "person"),
        (
            "There are over one hundred thousand Russian soldiers.",
            1e5,
            "soldier",
        ),
        ("Two people had been killed, police said.", 2.0, "person"),
    ];
    for &(text, value, unit) in cases {
        let (v, u, k, _) = one(text);
        assert!(close(v, value), "{text}: {v}");
        assert_eq!((u.as_str(), k), (unit, Count), "{text}");
    }
}

#[test]
fn numbers_in_words_and_rough_amounts() {
    let (v, u, _, q) = one("Russia amassed tens of thousands of troops.");
    assert_eq!((v, u.as_str(), q), (1e4, "troop", AtLeast));
    let (v, u, _, q) = one("It abandons hundreds of thousands of our people.");
    assert_eq!((v, u.as_str(), q), (1e5, "person", AtLeast));
    let (v, u, _, q) = one("A video showed dozens of Ukrainian prisoners.");
    assert_eq!((v, u.as_str(), q), (12.0, "prisoner", AtLeast));
    let (v, u, _, q) = one("They sent a dozen tanks.");
    assert_eq!((v, u.as_str(), q), (12.0, "tank", Exact));
    let (v, u, k, q) = one("Europe is spending billions on arms.");
    assert_eq!((v, u.as_str(), k, q), (1e9, "USD", Money, AtLeast));
    let (v, u, _, q) = one("It was watched by millions around the world.");
    assert_eq!((v, u.as_str(), q), (1e6, "person", AtLeast));
    let (v, u, _, _) = one("They held hundreds of meetings.");
    assert_eq!((v, u.as_str()), (100.0, "meeting"));
    let (v, u, k, _) = one("It exports tens of millions of tonnes of grain.");
    assert_eq!((v, u.as_str(), k), (1e7, "ton", Measure));
    let (_, u, _, _) = one("Australia sent 14 armoured personnel carriers.");
    assert_eq!(u, "carrier");
    let (v, u, k, q) = one("He could recover in no more than a couple of years.");
    assert_eq!((v, u.as_str(), k, q), (2.0, "year", Measure, AtMost));
}

#[test]
fn percentages() {
    for text in [
        "Support fell to 45% this spring.",
        "Support fell to 45 per cent this spring.",
        "Support fell to 45 percent this spring.",
    ] {
        assert_eq!(
            one(text),
            (45.0, "percent".into(), Percent, Exact),
            "{text}"
        );
    }
    assert_eq!(
        one("Russia occupies about 20% of Ukraine."),
        (20.0, "percent".into(), Percent, Approx)
    );
}

#[test]
fn fractions() {
    let cases: &[(&str, f64, Qualifier)] = &[
        ("Spending is roughly half of that.", 0.5, Approx),
        (
            "Russia holds roughly two-thirds of Donetsk.",
            2.0 / 3.0,
            Approx,
        ),
        ("Ceding the remaining one-fifth of the region.", 0.2, Exact),
        ("Two-thirds of respondents disagreed.", 2.0 / 3.0, Exact),
        ("A third of the budget goes there.", 1.0 / 3.0, Exact),
        ("Every third Ukrainian has moved.", 1.0 / 3.0, Exact),
        ("Turkey is taking half a step towards Kyiv.", 0.5, Exact),
        ("More than half of voters agree.", 0.5, AtLeast),
        ("One in five Ukrainians left.", 0.2, Exact),
    ];
    for &(text, value, q) in cases {
        let (v, u, k, got) = one(text);
        assert!(close(v, value), "{text}: {v}");
        assert_eq!((u.as_str(), k, got), ("fraction", Fraction, q), "{text}");
    }
    assert!(figures("In the first half of the year it grew.").is_empty());
    assert!(figures("A third round of talks began.").is_empty());
    assert!(figures("They acted on behalf of Kyiv, half-heartedly.").is_empty());
}

#[test]
fn measures_with_units() {
    let cases: &[(&str, f64, &str, Qualifier)] = &[
        (
            "Troops withdrew by up to 25 miles there.",
            25.0,
            "mile",
            AtMost,
        ),
        (
            "Forces gained 201sq km of territory.",
            201.0,
            "square kilometre",
            Exact,
        ),
        (
            "The front is roughly 1,200-km long.",
            1200.0,
            "kilometre",
            Approx,
        ),
        ("It was the talks' seven-year high.", 7.0, "year", Exact),
        ("They held a 50-minute call.", 50.0, "minute", Exact),
        ("Exports reached 3 million tonnes.", 3e6, "ton", Exact),
        (
            "The talks lasted more than five hours.",
            5.0,
            "hour",
            AtLeast,
        ),
        ("The call lasted over an hour.", 1.0, "hour", AtLeast),
        (
            "Kyiv offered a one-and-a-half-hour meeting.",
            1.5,
            "hour",
            Exact,
        ),
        ("They occupy one inch of land.", 1.0, "inch", Exact),
        (
            "It could take three to five years to rebuild.",
            3.0,
            "year",
            Range,
        ),
    ];
    for &(text, value, unit, q) in cases {
        let (v, u, k, got) = one(text);
        assert!(close(v, value), "{text}: {v}");
        assert_eq!((u.as_str(), k, got), (unit, Measure, q), "{text}");
    }
}

#[test]
fn qualifiers_around_the_number() {
    let q = |t: &str| one(t).3;
    assert_eq!(q("It might require 100,000 troops or more."), AtLeast);
    assert_eq!(q("Officials say 10,000 troops or so would do."), Approx);
    assert_eq!(q("It has more than 100,000 troops near Ukraine."), AtLeast);
    assert_eq!(q("Ireland hosts some 20,000 refugees."), Approx);
    assert_eq!(q("There are nearly 1.2 million casualties."), Approx);
    assert_eq!(
        q("There are an estimated 1,000 Ukrainian soldiers inside."),
        Approx
    );
    assert_eq!(
        q("Europe pledged at least 5 billion euros this year."),
        AtLeast
    );
    assert_eq!(q("Fewer than 40 countries came."), AtMost);
    assert_eq!(q("He wants 100+ drones a day."), AtLeast);
    assert_eq!(q("Some 40-odd nations came."), Approx);
    let found = figures("A fleet of between 400 and 1,000 oil tankers sails.");
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].1, found[0].2, found[0].3.as_str(), found[0].5),
        (400.0, Some(1000.0), "tanker", Range)
    );
    let found = figures("He said there are 30 to 35,000 troops there.");
    assert_eq!(
        (found[0].1, found[0].2, found[0].5),
        (30000.0, Some(35000.0), Range)
    );
    let found = figures("Turnout was 5-6% lower.");
    assert_eq!(
        (found[0].1, found[0].2, found[0].5),
        (5.0, Some(6.0), Range)
    );
}

#[test]
fn bare_numbers_borrow_a_unit_from_context() {
    let found = figures("France's troop presence rose from 300 to 969 this year.");
    let got: Vec<_> = found.iter().map(|f| (f.1, f.3.as_str())).collect();
    assert_eq!(got, [(300.0, "troop"), (969.0, "troop")]);
    let found = figures("Russia launched 138 drones at Ukraine, 110 of which were shot down.");
    let got: Vec<_> = found.iter().map(|f| (f.1, f.3.as_str())).collect();
    assert_eq!(got, [(138.0, "drone"), (110.0, "drone")]);
    let found = figures("Two people were killed and six others wounded.");
    assert_eq!(found[1].3, "person");
    // A conversion in brackets keeps the qualifier of what it converts.
    let found = figures("They pledged at least 5 billion euros ($5.8bn) on arms.");
    assert_eq!(found[1].5, AtLeast);
    // A bare number with nothing to count is no figure.
    assert!(figures("The vote was won 52 to 48 in the end.").is_empty());
}

mod not_figures;

/// A qualifier before the first of two figures joined by "and" or "or" covers both; an
/// exact figure after "and" stays exact when the first is exact too.
#[test]
fn one_qualifier_over_coordinated_figures() {
    let cases: [(&str, &[Qualifier]); 4] = [
        (
            "Italy and the Netherlands imported about €6.8bn and €5.6bn respectively.",
            &[Approx, Approx],
        ),
        (
            "Each side lost more than 300 tanks and 400 drones.",
            &[AtLeast, AtLeast],
        ),
        (
            "Up to 5,000 soldiers and 2,000 civilians left.",
            &[AtMost, AtMost],
        ),
        ("Kyiv got 40 tanks and about 90 drones.", &[Exact, Approx]),
    ];
    for (text, want) in cases {
        let got: Vec<Qualifier> = figures(text).into_iter().map(|f| f.5).collect();
        assert_eq!(got, want, "{text}");
    }
}

/// "one" before a counted noun of tolls, weapons and officials is a count of one; before
/// other nouns it is mostly a pronoun or an article.
#[test]
fn one_as_a_count() {
    let counts = [
        ("Russia fired one ballistic missile at Kyiv.", "missile"),
        ("One person was killed in Kharkiv.", "person"),
        (
            "According to one senior Ukrainian official, talks will resume.",
            "official",
        ),
        ("Russia lost one tank near the river.", "tank"),
    ];
    for (text, unit) in counts {
        let found = figures(text);
        assert!(
            found.iter().any(|f| f.1 == 1.0 && f.3 == unit),
            "{text}: {found:?}"
        );
    }
    for text in [
        "One insider reckons the deal is close.",
        "One day the war will end.",
        "It is one of the largest attacks.",
    ] {
        assert!(figures(text).is_empty(), "{text}: {:?}", figures(text));
    }
}
