//! Handing memory the till no longer uses back to the system. Opening the
//! till (migrations, training mode's sandbox and its seeded orders, the
//! first queries) allocates and frees some 20 MB that glibc keeps in the
//! process for reuse; a till then sits idle for hours, so once the window
//! is up that memory is returned (docs/benchmarks.md has the figures).

/// Returns freed heap memory to the system (glibc's `malloc_trim`).
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim only walks glibc's own free lists; it takes
        // the allocator's locks like any malloc call.
        let released = unsafe { libc::malloc_trim(0) };
        tracing::debug!(released = released != 0, "freed heap memory returned");
    }
}
