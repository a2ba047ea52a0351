import Glibc
import HTTPKit
import Synchronization
import Testing

/// The glibc-backed replacements for Foundation's `Thread`, `ProcessInfo` and `FileHandle`.
@Suite("Process services (HTTPKit/System)")
struct ProcessServicesTests {
    @Test func fixed_PrintsLikePrintf() {
        #expect(StandardStreams.fixed(3.14159, digits: 2) == "3.14")
        #expect(StandardStreams.fixed(1234.5678, digits: 1) == "1234.6")
        #expect(StandardStreams.fixed(0.4, digits: 0) == "0")
        #expect(StandardStreams.fixed(-2.75, digits: 1) == "-2.8")
    }

    @Test func writeFile_ThenReadFile_RoundTrips() throws {
        let path = "/tmp/httpkit-process-services-\(getpid()).bin"
        defer { unlink(path) }
        let bytes: [UInt8] = Array(0...255) + Array(repeating: 7, count: 200_000)
        #expect(StandardStreams.writeFile(path, bytes))
        #expect(StandardStreams.readFile(path) == bytes)
        #expect(StandardStreams.writeFile(path, [1, 2]))
        #expect(StandardStreams.readFile(path) == [1, 2])
    }

    @Test func readFile_OfAMissingFile_IsNil() {
        #expect(StandardStreams.readFile("/nonexistent/httpkit-\(getpid())") == nil)
        #expect(!StandardStreams.writeFile("/nonexistent/httpkit-\(getpid())/x", [1]))
    }

    @Test func environment_MatchesGetenv() throws {
        let variables = ProcessEnvironment.variables
        let path = try #require(getenv("PATH"))
        #expect(variables["PATH"] == String(cString: path))
        #expect(!variables.isEmpty)
        for (name, value) in variables {
            #expect(getenv(name).map { String(cString: $0) } == value, "\(name)")
        }
    }

    @Test func activeProcessorCount_IsBetweenOneAndTheOnlineCPUs() {
        let count = ProcessEnvironment.activeProcessorCount
        #expect(count >= 1)
        #expect(count <= sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    @Test func detachedThread_RunsTheBodyUnderItsName() {
        let name = Mutex<String?>(nil)
        let done = Mutex(false)
        DetachedThread.start(name: "a-very-long-thread-name") {
            var buffer = [CChar](repeating: 0, count: 32)
            let fd = open("/proc/thread-self/comm", O_RDONLY)
            let count = read(fd, &buffer, buffer.count - 1)
            close(fd)
            let text = count > 0 ? String(cString: buffer) : ""
            name.withLock { $0 = text.hasSuffix("\n") ? String(text.dropLast()) : text }
            done.withLock { $0 = true }
        }
        for _ in 0..<500 where !done.withLock({ $0 }) { usleep(10_000) }
        #expect(name.withLock { $0 } == "a-very-long-thr")
    }
}
