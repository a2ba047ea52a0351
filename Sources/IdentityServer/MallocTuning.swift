import CMalloc

/// glibc's allocator settings for a request server, applied once at startup.
///
/// By default glibc hands the top of a thread's heap back to the kernel (`madvise`) as soon as
/// more than 128 KiB of it is free. A request that frees a few hundred KiB (a page of agents,
/// SQLite's temporary tables) then makes the next request fault the same pages back in, one
/// `madvise` and a burst of page faults per request; measured here, that halved the throughput
/// of `GET /v1/agents/?identifier_keys=K` on a freshly started server. Keeping up to 64 MiB of
/// free heap, and serving blocks up to 8 MiB from the heap rather than from fresh `mmap`s, keeps
/// the working set mapped. Memory is still returned once more than 64 MiB of heap top is free.
enum MallocTuning {
    static let trimThresholdBytes: Int32 = 64 << 20
    static let mmapThresholdBytes: Int32 = 8 << 20

    static func apply() {
        _ = mallopt(M_TRIM_THRESHOLD, trimThresholdBytes)
        _ = mallopt(M_MMAP_THRESHOLD, mmapThresholdBytes)
    }
}
