//! Every rule's own examples and counter-examples (as nlprule does).

use newsx::{pipeline, rules, Pipeline};

#[test]
fn every_rule_example_holds() {
    let rules = rules::load_embedded().expect("the bundled rules load");
    let pipeline = Pipeline::new(&rules).expect("the bundled rules compile");
    let failures = pipeline::run_examples(&rules, &pipeline);
    let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(failures.is_empty(), "{} rule examples fail:\n{}", failures.len(), report.join("\n"));
    assert!(rules.examples().len() >= 50);
}

#[test]
fn every_rule_has_an_example() {
    let rules = rules::load_embedded().unwrap();
    let with_examples: std::collections::HashSet<&str> = rules.examples().iter().map(|(id, _, _)| *id).collect();
    for id in rules.rule_ids() {
        assert!(with_examples.contains(id), "rule {id} has no example");
    }
}
