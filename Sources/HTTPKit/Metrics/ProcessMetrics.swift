#if canImport(Glibc)
import Glibc
#endif

/// The standard process families, read from `/proc/self` at each scrape:
/// `process_start_time_seconds`, `process_resident_memory_bytes`, `process_open_fds`.
public enum ProcessMetrics {
    /// Seconds since the epoch when the process started: its start in clock ticks after boot
    /// (`/proc/self/stat`, field 22) plus the boot time (wall clock less CLOCK_BOOTTIME), so
    /// nothing outside `/proc/self` is read (systemd's `ProcSubset=pid` hides the rest).
    public static let startTime: Double = {
        var wallClock = timespec()
        clock_gettime(CLOCK_REALTIME, &wallClock)
        let now = Double(wallClock.tv_sec) + Double(wallClock.tv_nsec) / 1e9
        var sinceBoot = timespec()
        clock_gettime(CLOCK_BOOTTIME, &sinceBoot)
        let bootTime = now - (Double(sinceBoot.tv_sec) + Double(sinceBoot.tv_nsec) / 1e9)
        guard let stat = StandardStreams.readFile("/proc/self/stat").map({ String(decoding: $0, as: UTF8.self) }),
              let close = stat.lastIndex(of: ")")
        else { return now }
        // The fields after the command name start at field 3 (state); starttime is field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return now }
        return bootTime + ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }()

    /// Resident set size in bytes (`/proc/self/statm`, second field, in pages).
    public static func residentMemoryBytes() -> Double {
        guard let statm = StandardStreams.readFile("/proc/self/statm").map({ String(decoding: $0, as: UTF8.self) }) else { return 0 }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Open file descriptors (entries of `/proc/self/fd`, less the one reading it).
    public static func openFileDescriptors() -> Double {
        guard let directory = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { $0.first ?? 0 }
            if name != UInt8(ascii: ".") { count += 1 }
        }
        return Double(max(0, count - 1))
    }

    /// The three families.
    public static func write(into writer: inout PrometheusTextWriter) {
        writer.family("process_start_time_seconds", help: "Start time of the process since unix epoch in seconds.", type: .gauge)
        writer.sample("process_start_time_seconds", value: startTime)
        writer.family("process_resident_memory_bytes", help: "Resident memory size in bytes.", type: .gauge)
        writer.sample("process_resident_memory_bytes", value: residentMemoryBytes())
        writer.family("process_open_fds", help: "Number of open file descriptors.", type: .gauge)
        writer.sample("process_open_fds", value: openFileDescriptors())
    }
}
