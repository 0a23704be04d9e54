//! The DfE API's send log on both backends: a prepared request, its acceptance with what the DfE
//! now holds (one transaction), refusals and failures, and the requests listed newest first.

mod support;

use carefile_store::{Batch, Closed, HeldChild};

fn batch(id: &str, created: &str, children: &[&str]) -> Batch {
    Batch {
        batch_id: id.into(),
        run_id: "run-1".into(),
        as_of: "2026-03-31".into(),
        schema: "1.0.1".into(),
        created_at: created.into(),
        children: children.iter().map(|c| c.to_string()).collect(),
        body_sha256: "ab".repeat(32),
    }
}

on_both_backends!(send_log_records_requests_and_what_the_dfe_holds, |db| {
    let mut log = db.open();
    assert!(log.dfe_held().unwrap().is_empty());
    log.dfe_prepare(&batch("run-1-0001", "2026-03-31T01:00:00Z", &["C1", "C2"])).unwrap();
    log.dfe_attempted("run-1-0001", Some(429), "too many requests; retry after 2 s", "2026-03-31T01:00:01Z").unwrap();
    let held = |c: &str, h: Option<&str>| HeldChild {
        child: c.into(),
        held: h.map(String::from),
        receipt: Some(format!("r-{c}")),
    };
    log.dfe_accepted(
        "run-1-0001",
        200,
        &["r-C1".into(), "r-C2".into()],
        &[held("C1", Some("{\"hash\":\"1\"}")), held("C2", Some("{\"hash\":\"2\"}"))],
        "2026-03-31T01:00:03Z",
    )
    .unwrap();
    assert_eq!(
        log.dfe_held().unwrap(),
        [("C1".to_string(), "{\"hash\":\"1\"}".to_string()), ("C2".to_string(), "{\"hash\":\"2\"}".to_string())]
    );
    // An accepted request cannot be accepted or closed again.
    assert!(log.dfe_accepted("run-1-0001", 200, &[], &[], "2026-03-31T01:00:04Z").is_err());
    assert!(log.dfe_closed("run-1-0001", Closed::Failed, None, "x", "2026-03-31T01:00:04Z").is_err());

    // The next day: C1 changed, C2 purged.
    log.dfe_prepare(&batch("run-2-0001", "2026-04-01T01:00:00Z", &["C1", "C2"])).unwrap();
    log.dfe_accepted(
        "run-2-0001",
        200,
        &[],
        &[held("C1", Some("{\"hash\":\"1b\"}")), held("C2", None)],
        "2026-04-01T01:00:02Z",
    )
    .unwrap();
    assert_eq!(log.dfe_held().unwrap(), [("C1".to_string(), "{\"hash\":\"1b\"}".to_string())]);

    log.dfe_prepare(&batch("run-3-0001", "2026-04-02T01:00:00Z", &["C3"])).unwrap();
    log.dfe_closed("run-3-0001", Closed::Refused, Some(400), "[0] la_child_id: pattern", "2026-04-02T01:00:01Z")
        .unwrap();
    log.dfe_prepare(&batch("run-3-0002", "2026-04-02T01:00:05Z", &["C4"])).unwrap();
    // A kill between prepare and accept leaves the request prepared, its children unchanged.
    let all = log.dfe_batches(None, 10).unwrap();
    assert_eq!(
        all.iter().map(|b| (b.batch.batch_id.as_str(), b.status.as_str())).collect::<Vec<_>>(),
        [("run-3-0002", "prepared"), ("run-3-0001", "refused"), ("run-2-0001", "accepted"), ("run-1-0001", "accepted"),]
    );
    let first = &all[3];
    assert_eq!((first.attempts, first.http_status), (2, Some(200)));
    assert_eq!(first.receipts, ["r-C1", "r-C2"]);
    assert_eq!(first.batch.children, ["C1", "C2"]);
    assert_eq!(all[1].detail.as_deref(), Some("[0] la_child_id: pattern"));
    assert_eq!(log.dfe_batches(Some("run-1"), 10).unwrap().len(), 4, "all four share the run ID given here");
    assert_eq!(log.dfe_batches(None, 1).unwrap().len(), 1);
    assert!(!log.dfe_held().unwrap().iter().any(|(c, _)| c == "C4"));

    // The log is beside the events, not in them: the store's check is unaffected.
    assert!(log.check().unwrap().problems.is_empty());
});
