//! Score types and their JSON and text renderings.

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

/// Precision, recall and F1 with the counts they come from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    /// Each ratio is 0.0 when its denominator is 0, so an empty field never yields NaN
    /// (which JSON cannot carry).
    pub fn from_counts(tp: usize, fp: usize, fn_: usize) -> Self {
        let ratio = |num: f64, den: f64| if den == 0.0 { 0.0 } else { num / den };
        let p = ratio(tp as f64, (tp + fp) as f64);
        let r = ratio(tp as f64, (tp + fn_) as f64);
        let f1 = ratio(2.0 * p * r, p + r);
        Self { p, r, f1, tp, fp, fn_ }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "p": self.p,
            "r": self.r,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn_,
        })
    }
}

/// What the scorer found for a gold document's prediction record.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordStatus {
    Present,
    Missing,
    /// An error record; holds its message (or kind) for the report.
    Error(String),
}

/// A prediction that matched no gold entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Spurious {
    /// Name, value or `(instrument, count)` of the prediction.
    pub item: String,
    /// The text of its first mention, which locates it in the article.
    pub mention: Option<String>,
}

/// A matched person whose predicted role was judged wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleMismatch {
    pub name: String,
    pub gold: String,
    pub predicted: Option<String>,
}

/// One field of one document: its counts and what went wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDiff {
    pub field: &'static str,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// Non-optional gold entries left unmatched, as display strings.
    pub missed: Vec<String>,
    pub spurious: Vec<Spurious>,
    pub role_mismatches: Vec<RoleMismatch>,
}

impl FieldDiff {
    pub fn has_problems(&self) -> bool {
        !(self.missed.is_empty() && self.spurious.is_empty() && self.role_mismatches.is_empty())
    }
}

/// The per-document detail of a [`Report`]; `fields` always has all six fields in
/// [`super::FIELDS`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct DocReport {
    pub doc: String,
    pub record: RecordStatus,
    pub published_gold: Option<String>,
    pub published_pred: Option<String>,
    pub fields: Vec<FieldDiff>,
}

impl DocReport {
    pub fn published_ok(&self) -> bool {
        self.published_gold == self.published_pred
    }

    pub fn has_problems(&self) -> bool {
        self.record != RecordStatus::Present || !self.published_ok() || self.fields.iter().any(FieldDiff::has_problems)
    }
}

/// Micro-averaged scores over a gold set, with per-document detail.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// One entry per field, in [`super::FIELDS`] order.
    pub fields: Vec<(&'static str, Prf)>,
    pub overall: Prf,
    pub roles_acc: Option<f64>,
    pub roles_right: usize,
    pub roles_total: usize,
    pub published_acc: f64,
    pub published_right: usize,
    pub documents: usize,
    pub unmatched_records: usize,
    pub per_doc: Vec<DocReport>,
}

impl Report {
    /// `{"fields": {field: prf…}, "overall": prf, "roles_acc", "published_acc",
    /// "documents"}`, each prf being `{"p","r","f1","tp","fp","fn"}`; nothing is rounded.
    pub fn to_json(&self) -> Value {
        let fields: Map<String, Value> =
            self.fields.iter().map(|(name, prf)| ((*name).to_owned(), prf.to_json())).collect();
        json!({
            "fields": fields,
            "overall": self.overall.to_json(),
            "roles_acc": self.roles_acc,
            "published_acc": self.published_acc,
            "documents": self.documents,
        })
    }

    pub fn render_table(&self) -> String {
        let mut out =
            format!("{:<13} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}\n", "field", "P", "R", "F1", "TP", "FP", "FN");
        let rows =
            self.fields.iter().map(|(name, prf)| (*name, prf)).chain(std::iter::once(("overall", &self.overall)));
        for (name, prf) in rows {
            let _ = writeln!(
                out,
                "{:<13} {:>6.3} {:>6.3} {:>6.3} {:>6} {:>6} {:>6}",
                name, prf.p, prf.r, prf.f1, prf.tp, prf.fp, prf.fn_
            );
        }
        let roles = match self.roles_acc {
            Some(acc) => format!("{acc:.3}"),
            None => "n/a".to_owned(),
        };
        let _ = writeln!(out, "roles accuracy: {roles} ({}/{})", self.roles_right, self.roles_total);
        let _ = writeln!(
            out,
            "published accuracy: {:.3} ({}/{})",
            self.published_acc, self.published_right, self.documents
        );
        let _ = writeln!(out, "documents: {}, records without gold: {}", self.documents, self.unmatched_records);
        out
    }

    /// Lists, per document and field with problems, what was missed and what was
    /// spurious, so a rule writer sees what to fix.
    pub fn render_per_doc(&self) -> String {
        let mut out = String::new();
        for doc in self.per_doc.iter().filter(|d| d.has_problems()) {
            let status = match &doc.record {
                RecordStatus::Present => String::new(),
                RecordStatus::Missing => " (no prediction record)".to_owned(),
                RecordStatus::Error(msg) => format!(" (error record: {msg})"),
            };
            let _ = writeln!(out, "== {}{status}", doc.doc);
            if !doc.published_ok() {
                let _ = writeln!(
                    out,
                    "published: gold {}, predicted {}",
                    show_opt(&doc.published_gold),
                    show_opt(&doc.published_pred)
                );
            }
            for field in doc.fields.iter().filter(|f| f.has_problems()) {
                let _ = writeln!(out, "{} (tp {}, fp {}, fn {}):", field.field, field.tp, field.fp, field.fn_);
                if !field.missed.is_empty() {
                    let _ = writeln!(out, "  missed: {}", field.missed.join("; "));
                }
                if !field.spurious.is_empty() {
                    let items: Vec<String> = field
                        .spurious
                        .iter()
                        .map(|s| match &s.mention {
                            Some(m) => format!("{} (mention {m:?})", s.item),
                            None => s.item.clone(),
                        })
                        .collect();
                    let _ = writeln!(out, "  spurious: {}", items.join("; "));
                }
                for m in &field.role_mismatches {
                    let _ = writeln!(
                        out,
                        "  wrong role: {}: gold {:?}, predicted {}",
                        m.name,
                        m.gold,
                        show_opt(&m.predicted)
                    );
                }
            }
        }
        if out.is_empty() {
            out = format!("all {} documents match the gold exactly\n", self.per_doc.len());
        }
        out
    }
}

fn show_opt(v: &Option<String>) -> String {
    match v {
        Some(s) => format!("{s:?}"),
        None => "null".to_owned(),
    }
}
