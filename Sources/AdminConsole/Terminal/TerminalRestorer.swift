import CNcurses

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gives the terminal back (cursor visibility, then `endwin`) once, whichever way the process
/// leaves curses: `TerminalScreen.restore()`, exit, or a crash signal.
///
/// Its state is global because `atexit` and signal handlers take C function pointers that capture
/// nothing. It is written on the console's thread before and after curses runs, and read by the
/// handlers.
enum TerminalRestorer {
    /// The signals a crash raises (Swift's traps are SIGILL or SIGTRAP; `abort` is SIGABRT).
    private static let crashSignals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// The dispositions the crash handlers replaced, indexed by signal number; never freed, so a
    /// handler reads them without touching Swift reference counts.
    private nonisolated(unsafe) static let previousActions: UnsafeMutablePointer<sigaction> = {
        let count = Int(crashSignals.max() ?? 0) + 1
        let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: count)
        actions.initialize(repeating: sigaction(), count: count)
        return actions
    }()

    private nonisolated(unsafe) static var isInstalled = false
    private nonisolated(unsafe) static var isActive = false
    private nonisolated(unsafe) static var cursorVisibility: Int32 = ERR

    /// Records that curses now owns the terminal, and the cursor visibility to put back (`ERR`
    /// when the terminal cannot tell); hooks the exit and crash handlers in on first use.
    static func cursesStarted(cursorVisibility: Int32) {
        self.cursorVisibility = cursorVisibility
        isActive = true
        guard !isInstalled else { return }
        isInstalled = true
        atexit { TerminalRestorer.restore() }
        for signalNumber in crashSignals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_sigaction = crashHandler
            #else
            action.__sigaction_u.__sa_sigaction = crashHandler
            #endif
            action.sa_flags = SA_SIGINFO
            sigemptyset(&action.sa_mask)
            sigaction(signalNumber, &action, previousActions + Int(signalNumber))
        }
    }

    /// Ends curses if it is still active; harmless when it is not.
    static func restore() {
        guard isActive else { return }
        isActive = false
        if cursorVisibility != ERR { curs_set(cursorVisibility) }
        endwin()
    }

    /// Restores the terminal, puts back the previous disposition (the Swift runtime's backtracer,
    /// or the default) and raises the signal again: it is delivered to that disposition as soon as
    /// this handler returns, so the crash report lands on a readable terminal.
    ///
    /// A signal sent by another process (`kill -SEGV`, `si_code` ≤ 0) has no fault to run into
    /// again after the backtracer returns, so the process would live on: it gets the default
    /// disposition instead, and dies of it as an unhandled signal would.
    private static let crashHandler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = {
        signalNumber, info, _ in
        TerminalRestorer.restore()
        if let info, info.pointee.si_code <= 0 {
            signal(signalNumber, SIG_DFL)
        } else {
            sigaction(signalNumber, TerminalRestorer.previousActions + Int(signalNumber), nil)
        }
        raise(signalNumber)
    }
}
