import Glibc
import HTTPKit
import IdentityConsole
import IdentityCore
import IdentityMigration
import IdentitySQLite

// `identity-server backup …`: an online copy of the SQLite database (docs/operations.md).
if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "backup" {
    exit(BackupCommand.run(Array(CommandLine.arguments.dropFirst(2)), environment: ProcessEnvironment.variables))
}

// `identity-server migrate|export|import …`: the data-moving subcommands (docs/migrating.md).
if let subcommand = CommandLine.arguments.dropFirst().first, MigrationCommandLine.subcommands.contains(subcommand) {
    exit(
        MigrationCommandLine.main(
            Array(CommandLine.arguments.dropFirst()), environment: ProcessEnvironment.variables
        ) { database in
            let opened: OpenedStore
            do {
                opened = try DatabaseLocation(database).openStore(workers: 2)
            } catch {
                throw MigrationTargetError(
                    description: "cannot open database \(ServerOptions.redactingURLPassword(database)): \(error)")
            }
            return CommandStore(store: opened.store, tenants: opened.store as? any TenantStore, close: opened.close)
        })
}

let options: ServerOptions
do {
    switch try ServerOptions.parse(Array(CommandLine.arguments.dropFirst()), environment: ProcessEnvironment.variables) {
    case .help:
        print(ServerOptions.usage)
        exit(0)
    case let .run(parsed):
        options = parsed
    }
} catch {
    StandardStreams.writeError("identity-server: \(error.message)\nTry 'identity-server --help' for usage.\n")
    exit(2)
}
StandardStreams.writeError(options.summary(format: options.logFormat) + "\n")
MallocTuning.apply()

let databaseLocation: DatabaseLocation
let opened: OpenedStore
do {
    databaseLocation = try DatabaseLocation(options.databasePath)
    opened = try databaseLocation.openStore(workers: options.workers, synchronous: options.synchronous)
} catch {
    let location = (try? DatabaseLocation(options.databasePath))?.description ?? ServerOptions.redactingURLPassword(options.databasePath)
    StandardStreams.writeError("identity-server: cannot open database \(location): \(error)\n")
    exit(1)
}
let store = opened.store
let context = APIContext(
    store: store, password: options.password, limits: options.apiLimits,
    publicPaths: PublicPaths(exact: ["/"], prefixes: [Console.assetPrefix]), agentCache: options.makeAgentCache())
let router = LettaAPI.makeRouter(context: context)
Console.register(on: router)
let metricsRegistry = MetricsRegistry()
let storeOperations = store as? any StoreOperations
OperationsAPI.register(on: router, context: context, registry: metricsRegistry, store: storeOperations)
OperationsAPI.registerBuildInfo(on: metricsRegistry, version: context.version, backend: storeOperations?.backendName ?? "unknown")
let reportUnhandledError: @Sendable (any Error, HTTPRequest) -> Void = { error, request in
    StandardStreams.writeError("identity-server: unhandled error in \(request.method) \(request.path): \(error)\n")
}
router.onUnhandledError = reportUnhandledError
let accessLog = options.accessLog ? AccessLog(format: options.logFormat) : nil
let serverMetrics = HTTPServerMetrics(routeTemplates: router.routeTemplates)
metricsRegistry.addCollector { serverMetrics.write(into: &$0, excludingScrape: true) }
metricsRegistry.addCollector { ProcessMetrics.write(into: &$0) }
storeOperations?.registerMetrics(on: metricsRegistry)
context.agentCache?.registerMetrics(on: metricsRegistry)
let gateway = APIGateway(
    context: context, router: router, accessLog: accessLog, onUnhandledError: reportUnhandledError)
let corsResponder = CORSResponder(policy: CORSPolicy(allowedOrigins: options.allowedCORSOrigins), next: gateway)

var configuration = HTTPServerConfiguration(
    host: options.host,
    port: options.port,
    workers: options.workers,
    maxBodyBytes: options.maxBodyBytes,
    maxTargetBytes: options.maxTargetBytes,
    maxUploadBodyBytes: options.maxUploadBytes
)
configuration.rejectedRequestLog = accessLog?.rejectedRequestSink
configuration.metrics = serverMetrics
let server = HTTPServer(configuration: configuration, responder: corsResponder)
SignalHandling.onTermination { _ in server.shutdown() }

let port: Int
do {
    port = try server.start()
} catch {
    StandardStreams.writeError("identity-server: cannot listen on \(options.host):\(options.port): \(error)\n")
    exit(1)
}
let urlHost = options.host.contains(":") ? "[\(options.host)]" : options.host
print("identity-server listening on http://\(urlHost):\(port)")
fflush(nil)
server.waitUntilStopped()
opened.close()
exit(0)
