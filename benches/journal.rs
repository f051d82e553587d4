//! What durability costs a completion: the journal's writes for one
//! completion (the intent, "about to send", the answer) on a real database
//! file, with `synchronous=FULL` (what Box Office runs) against `NORMAL`
//! (WAL's default, which may lose the last commits on power loss).
//!
//!     cargo bench --no-default-features --bench journal
//!
//! Results are in docs/benchmarks.md ("Journal durability"). The figure is
//! dominated by the disk's flush time, so it differs from machine to
//! machine far more than the code's.

use std::hint::black_box;

use box_office::cache::Cache;
use box_office::completion::{Begun, Change, Journal, State};
use box_office::domain::{Actor, Platform};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn journal_writes(c: &mut Criterion) {
    let mut group = c.benchmark_group("journal writes per completion");
    group.sample_size(30);
    for mode in ["FULL", "NORMAL"] {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let cache = Cache::open_in(dir.path()).expect("the database opens");
        cache
            .connection()
            .pragma_update(None, "synchronous", mode)
            .expect("the pragma applies");
        let actor = Actor::system("bench");
        let mut n = 0u64;
        group.bench_function(BenchmarkId::from_parameter(mode), |b| {
            b.iter(|| {
                n += 1;
                let j = Journal::new(&cache);
                let Ok(Begun::New(mut held)) =
                    j.begin(Platform::Vista, &format!("B-{n}"), "bench", None, &actor)
                else {
                    panic!("a fresh order begins a fresh completion");
                };
                for (state, attempt) in [(State::Sending, true), (State::Completed, false)] {
                    held.update(Change {
                        state: Some(state),
                        count_attempt: attempt,
                        ..Change::default()
                    })
                    .expect("the journal moves");
                }
                black_box(held.entry().id)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, journal_writes);
criterion_main!(benches);
