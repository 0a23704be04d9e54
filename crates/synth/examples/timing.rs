//! How long generation takes: `cargo run --release -p carefile-synth --example timing -- small county large national`
//! (national is streamed, not held in memory).

use carefile_synth::{Options, Scale, generate, generate_streaming};
use std::time::Instant;

fn main() {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 3, 31).expect("valid date");
    for arg in std::env::args().skip(1) {
        let scale: Scale = match arg.parse() {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        };
        let opts = Options { seed: 1, scale, as_of };
        let t = Instant::now();
        let (children, events, org) = if scale == Scale::National {
            let (mut n, mut e) = (0, 0);
            let org = generate_streaming(&opts, &mut |c| {
                n += 1;
                e += c.events.len();
            });
            (n, e, org.len())
        } else {
            let a = generate(&opts);
            (a.children.len(), a.children.iter().map(|c| c.events.len()).sum(), a.org.len())
        };
        println!("{scale}: {children} children, {events} events, {org} organisation events in {:.2?}", t.elapsed());
    }
}
