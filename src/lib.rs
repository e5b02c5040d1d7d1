//! newsx

pub mod eval;
