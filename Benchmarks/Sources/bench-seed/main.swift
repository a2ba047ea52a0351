import Foundation

/// bench-seed: fills a database with N identities and agents for the benchmark runner.
do {
    let options = try SeedOptions.parse(Array(CommandLine.arguments.dropFirst()))
    let result = try Seeder(options: options).run()
    if let infoPath = options.infoPath {
        let text = result.facts.map { "\($0.key)=\($0.value)\n" }.joined()
        try text.write(toFile: infoPath, atomically: true, encoding: .utf8)
    }
    if let poolPath = options.poolPath {
        let text = result.pool.map { $0 + "\n" }.joined()
        try text.write(toFile: poolPath, atomically: true, encoding: .utf8)
    }
} catch SeedError.help {
    print(SeedOptions.usage)
} catch SeedError.usage(let message) {
    FileHandle.standardError.write(Data("bench-seed: \(message)\n\n\(SeedOptions.usage)\n".utf8))
    exit(2)
} catch SeedError.failed(let message) {
    FileHandle.standardError.write(Data("bench-seed: \(message)\n".utf8))
    exit(1)
} catch {
    FileHandle.standardError.write(Data("bench-seed: \(error)\n".utf8))
    exit(1)
}
