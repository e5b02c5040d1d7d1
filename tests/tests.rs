//! Integration tests: one binary, modules by concern (as ripgrep does).

mod util;

mod cli;
mod failure;
mod offsets;
mod quality;
mod rule_examples;
