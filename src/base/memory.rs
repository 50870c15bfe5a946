//! Handing freed memory back to the system between a build's phases.

/// Returns the free pages of the allocator's heaps to the system.
///
/// glibc's allocator keeps what a program frees for its next allocations,
/// and returns it only from the top of a heap. A build frees its search
/// index (a third of its memory at 100,000 articles) before it renders the
/// pages, whose allocations then land among the index's old blocks: the
/// resident set kept the index's pages and grew on top of them. Trimming
/// there gives them back (`malloc_trim` releases whole free pages anywhere
/// in every heap), so the peak is the larger of the two phases, not their
/// sum of fragments. Elsewhere (other allocators) it does nothing.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists, under
    // its locks; it touches no memory the program holds.
    unsafe {
        libc::malloc_trim(0);
    }
}
