import Foundation
import Synchronization
import Testing

/// `Tests/Interop/python_sio_server.py` (python-socketio's `AsyncServer` on aiohttp) in a child
/// process on 127.0.0.1, for one test. Its output lines are recorded in `output`.
final class PythonServer: Sendable {
    let port: Int
    /// Where the server appends what it receives through `record` (kept across restarts).
    let recordFile: String
    let output: Inbox<String>
    private let process: Mutex<Process>

    private init(port: Int, recordFile: String, output: Inbox<String>, process: Process) {
        self.port = port
        self.recordFile = recordFile
        self.output = output
        self.process = Mutex(process)
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = repositoryRoot.appendingPathComponent(".venv-interop/bin/python").path
    static let script = repositoryRoot.appendingPathComponent("Tests/Interop/python_sio_server.py").path

    /// The python-socketio server is missing: the venv is made by `Scripts/setup`.
    struct VenvMissing: Error, CustomStringConvertible {
        var description: String {
            "\(PythonServer.python) not found: run Scripts/setup to create the interop venv (python-socketio, aiohttp)"
        }
    }

    /// Starts the server on `port` (0: a free one) and waits until it listens.
    static func start(port: Int = 0, recordFile: String? = nil, pingInterval: Double? = nil,
                      pingTimeout: Double? = nil) async throws -> PythonServer {
        guard FileManager.default.isExecutableFile(atPath: python) else { throw VenvMissing() }
        let recordFile = recordFile ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("sio-records-\(UInt64.random(in: 0...UInt64.max)).jsonl").path
        var arguments = [script, "--port", String(port), "--record", recordFile]
        if let pingInterval { arguments += ["--ping-interval", String(pingInterval)] }
        if let pingTimeout { arguments += ["--ping-timeout", String(pingTimeout)] }
        let output = Inbox<String>()
        let process = try launch(arguments: arguments, output: output)
        do {
            let line = try await output.first(timeout: .seconds(10), "the python server to listen") {
                $0.hasPrefix("listening ") || $0.contains("Error")
            }
            guard line.hasPrefix("listening "), let bound = Int(line.dropFirst("listening ".count)) else {
                throw PythonServerFailed(output: output.values)
            }
            return PythonServer(port: bound, recordFile: recordFile, output: output, process: process)
        } catch {
            _ = Foundation.kill(process.processIdentifier, SIGKILL)
            throw error
        }
    }

    private static func launch(arguments: [String], output: Inbox<String>) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONUNBUFFERED": "1"]) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let reader = pipe.fileHandleForReading
        // A plain thread doing blocking reads, not a `readabilityHandler`: that one watches the
        // descriptor with a dispatch source that can outlive it, and a reused descriptor number then
        // breaks the process's dispatch timers (every `Task.sleep` of the test run stalled once).
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    output.append(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            try? reader.close()
        }
        return process
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Kills the process at once (SIGKILL: no goodbye to its clients) and waits for it to end.
    func kill() async {
        let process = self.process.withLock { $0 }
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
        await Self.waitForExit(process)
    }

    /// Starts the server again on the same port with the same record file.
    func restart() async throws -> PythonServer {
        try await Self.start(port: port, recordFile: recordFile)
    }

    /// Stops the process and removes the record file.
    func stop() async {
        await kill()
        try? FileManager.default.removeItem(atPath: recordFile)
    }

    private static func waitForExit(_ process: Process) async {
        let exited = Inbox<Void>()
        process.terminationHandler = { _ in exited.append(()) }
        if !process.isRunning { return }
        _ = try? await exited.first(timeout: .seconds(5), "the python server to exit")
    }
}

/// The python server ended before it listened.
struct PythonServerFailed: Error, CustomStringConvertible {
    let output: [String]
    var description: String { "the python server did not start:\n" + output.joined(separator: "\n") }
}

/// Runs a suite's tests with one python server, started before them and stopped after them
/// (`PythonServer.shared` inside the suite).
struct SharedPythonServer: SuiteTrait, TestScoping {
    @TaskLocal static var current: PythonServer?

    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let server = try await PythonServer.start()
        do {
            try await Self.$current.withValue(server) { try await function() }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

extension Trait where Self == SharedPythonServer {
    /// One python server for the whole suite.
    static var sharedPythonServer: Self { SharedPythonServer() }
}

extension PythonServer {
    /// The suite's server (see `SharedPythonServer`).
    static var shared: PythonServer {
        get throws { try #require(SharedPythonServer.current, "the suite needs the .sharedPythonServer trait") }
    }
}
