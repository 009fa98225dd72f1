//! The vocabulary of the synthetic rows the benchmarks after extraction build.

#![allow(dead_code)] // each benchmark uses part of this

pub const TOPICS: [&str; 5] = [
    "security_guarantee",
    "ceasefire",
    "peacekeeping",
    "sanctions",
    "territory",
];

pub const ACTORS: [&str; 6] = [
    "united_states",
    "europe",
    "nato",
    "russia",
    "ukraine",
    "trump",
];
