//! newsx
