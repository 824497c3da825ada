//! Page size policy. The allocator may back its memory with transparent huge pages
//! where the system allows (the usual Linux setting, `madvise`, lets it ask). A run
//! over many small documents then takes a few hundred page faults instead of a few
//! thousand: summarizing the 1,360 BBC dev articles took about 220 faults instead of
//! 2,400 and about 8% less CPU. Commands that build up hundreds of megabytes (dedup,
//! the archive index) ran slower with huge pages, spending the gain and more in the
//! kernel (dedup of 100,000 articles: 2.3 s instead of 2.05 s), so they opt out.

/// Makes the rest of this process fault in ordinary pages.
pub fn use_small_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE sets a flag on this process and touches no memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
