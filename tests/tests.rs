//! Integration tests: one binary, modules by concern (as ripgrep does).

mod util;

mod cli;
mod extraction;
mod failure;
mod io;
mod offsets;
mod quality;
mod rule_examples;
