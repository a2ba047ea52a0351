import Foundation
import HTTPKit
import IdentityCore

let options: ServerOptions
do {
    switch try ServerOptions.parse(Array(CommandLine.arguments.dropFirst())) {
    case .help:
        print(ServerOptions.usage)
        exit(0)
    case let .run(parsed):
        options = parsed
    }
} catch {
    FileHandle.standardError.write(Data("identity-server: \(error.message)\nTry 'identity-server --help' for usage.\n".utf8))
    exit(2)
}

let databaseLocation: DatabaseLocation
do {
    databaseLocation = try DatabaseLocation.select(
        commandLine: options.databaseGivenOnCommandLine ? options.databasePath : nil,
        environment: ProcessInfo.processInfo.environment, defaultPath: options.databasePath)
} catch {
    FileHandle.standardError.write(Data("identity-server: \(error)\n".utf8))
    exit(2)
}
let opened: OpenedStore
do {
    opened = try databaseLocation.openStore(workers: options.workers)
} catch {
    FileHandle.standardError.write(Data("identity-server: cannot open database \(databaseLocation): \(error)\n".utf8))
    exit(1)
}
FileHandle.standardError.write(Data("identity-server: database \(databaseLocation)\n".utf8))
let store = opened.store
let router = LettaAPI.makeRouter(context: APIContext(store: store))
router.onUnhandledError = { error, request in
    FileHandle.standardError.write(Data("identity-server: unhandled error in \(request.method) \(request.path): \(error)\n".utf8))
}

let configuration = HTTPServerConfiguration(
    host: options.host,
    port: options.port,
    workers: options.workers,
    maxBodyBytes: options.maxBodyBytes,
    accessLog: options.accessLog ? StandardErrorAccessLog.shared.sink : nil
)
let server = HTTPServer(configuration: configuration, responder: router)
SignalHandling.onTermination { _ in server.shutdown() }

let port: Int
do {
    port = try server.start()
} catch {
    FileHandle.standardError.write(Data("identity-server: cannot listen on \(options.host):\(options.port): \(error)\n".utf8))
    exit(1)
}
let urlHost = options.host.contains(":") ? "[\(options.host)]" : options.host
print("identity-server listening on http://\(urlHost):\(port)")
fflush(nil)
server.waitUntilStopped()
opened.close()
exit(0)
