//! Criterion benchmarks: rule compilation, per-document extraction, and the
//! whole pipeline over the seed corpus into `io::sink()`. Each checks its
//! answer once, so a fast but wrong change fails.
//!
//! Run: `cargo bench --bench extract`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsx::corpus::{self, Selection};
use newsx::{rules, Pipeline};

fn seeds() -> Vec<corpus::Document> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/seeds");
    let roots = vec![root];
    let sel = Selection::default();
    corpus::walk(&roots, &sel).map(|i| corpus::read(&i, u64::MAX).expect("seed reads")).collect()
}

fn compile(c: &mut Criterion) {
    c.bench_function("rules/load+compile", |b| {
        b.iter(|| Pipeline::new(&rules::load_embedded().expect("rules load")).expect("rules compile"))
    });
}

fn per_document(c: &mut Criterion) {
    let pipeline = Pipeline::new(&rules::load_embedded().unwrap()).unwrap();
    let docs = seeds();
    // The answer this bench must keep giving: five records, each naming a place.
    let records: Vec<_> = docs.iter().map(|d| pipeline.process(d)).collect();
    assert_eq!(records.len(), 5);
    assert!(records.iter().all(|r| !r.locations.is_empty()));
    let bytes: u64 = docs.iter().map(|d| d.bytes).sum();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("seeds/per-document", |b| {
        b.iter(|| docs.iter().map(|d| pipeline.process(d).value_count()).sum::<usize>())
    });
    group.finish();
}

fn whole_pipeline(c: &mut Criterion) {
    let pipeline = Pipeline::new(&rules::load_embedded().unwrap()).unwrap();
    let roots = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/seeds")];
    let sel = Selection::default();
    let summary = pipeline.run(corpus::walk(&roots, &sel), u64::MAX, 2, &mut std::io::sink()).unwrap();
    assert_eq!((summary.documents, summary.errors), (5, 0));
    c.bench_function("pipeline/seeds->sink", |b| {
        b.iter(|| pipeline.run(corpus::walk(&roots, &sel), u64::MAX, 2, &mut std::io::sink()).unwrap().documents)
    });
}

criterion_group!(benches, compile, per_document, whole_pipeline);
criterion_main!(benches);
