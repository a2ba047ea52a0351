import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// The process's environment and CPUs, read through glibc (what Foundation's `ProcessInfo`
/// gave, without linking Foundation).
public enum ProcessEnvironment {
    /// The environment variables (the first of duplicate names wins, as `getenv` finds it).
    public static var variables: [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                if variables[name] == nil { variables[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return variables
    }

    /// CPUs this process may run on (its affinity mask, so `taskset` and cpusets count), at least 1.
    public static var activeProcessorCount: Int {
        var mask = [UInt64](repeating: 0, count: 16)  // 1024 CPUs, glibc's cpu_set_t
        let status = mask.withUnsafeMutableBytes { sched_getaffinity(0, UInt($0.count), $0.baseAddress) }
        guard status == 0 else { return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
        return max(1, mask.reduce(0) { $0 + $1.nonzeroBitCount })
    }
}
