//! The integration tests: the built `covtrack` binary run on fixture folders. They form one
//! test binary, so the package and its dependencies are linked once, not once per file.
//!
//! The modules live in `it/` because Cargo builds every top-level `tests/*.rs` file as a
//! binary of its own.

mod it {
    mod util;

    mod bad_inputs;
    mod corpus;
    mod eval;
    mod expected;
    mod furniture;
    mod incremental;
    mod inspect;
    mod report;
    mod run;
    mod stories;
}
