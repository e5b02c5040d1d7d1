//! newsx turns dumps of news articles into structured records: who (people
//! with role and affiliation), which organizations, where, when (normalized
//! dates), what was signed (agreements with counts) and in which domains, with
//! provenance (byte and char offsets, sentence, rule) on every value.
//!
//! Data flows one way: [`corpus`] finds and decodes inputs, [`text`] splits
//! sentences and converts offsets, [`rules`] loads and compiles the rule files,
//! [`extract`] runs them, [`record`] is the output format, [`sink`] writes it
//! (JSON Lines or SQLite), [`pipeline`] ties these together, [`progress`]
//! shows how far a run is, and [`eval`] scores records against gold
//! annotations.
//!
//! ```
//! use newsx::{corpus, rules, Pipeline};
//!
//! let rules = rules::load_embedded().unwrap();
//! let pipeline = Pipeline::new(&rules).unwrap();
//! let doc = corpus::decode(
//!     "a.txt".into(),
//!     b"Iran and Russia signed five memoranda of understanding in Moscow.".to_vec(),
//!     corpus::DocMeta::default(),
//! )
//! .unwrap();
//! let record = pipeline.process(&doc);
//! assert!(record.locations.iter().any(|l| l.name == "Moscow"));
//! assert_eq!(record.agreements[0].count, Some(5));
//! ```

pub mod corpus;
pub mod eval;
pub mod extract;
pub mod pipeline;
pub mod progress;
pub mod record;
pub mod rules;
pub mod sink;
pub mod span;
mod swar;
pub mod text;

pub use pipeline::{Pipeline, Summary};
pub use span::Span;
