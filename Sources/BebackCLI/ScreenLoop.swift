import BebackDesk
import BebackCells
import BebackTerminal
import Foundation

/// A full-screen program the one run loop drives (the rep's desk, the manager's team screen): a
/// model reached only through messages, effects the program performs, and a frame to draw.
protocol ScreenProgram: AnyObject {
    associatedtype Message
    associatedtype Effect

    /// The model asked to quit.
    var wantsQuit: Bool { get }
    /// The message a key press is.
    func message(for key: Key) -> Message
    /// Hands one message to the model; returns the effects it asks for.
    func update(_ message: Message) -> [Effect]
    /// Performs one effect (append and sync, dial...); returns the messages that report how it went.
    func perform(_ effect: Effect) -> [Message]
    /// What happened while no key came: other processes' entries, the minute turning, finished checks.
    func idle() -> [Message]
    /// Whether another process's entries wait to be read (a database's notification came): the loop
    /// then runs `idle` at once instead of at its next tick.
    var hasNews: Bool { get }
    /// The whole screen for this size (drawn into a cell buffer; the terminal writes what changed).
    func frame(width: Int, height: Int) -> DeskFrame
}

/// The one run loop: key → message → update → effects performed → result messages → frame → diff.
/// Keys already waiting (typed ahead, pasted) are all handled before the next frame is drawn.
enum ScreenLoop {
    /// Delivers a message and everything it leads to: each effect it asks for is performed and its
    /// result delivered in turn, until nothing is left (tests drive programs through this too).
    static func send<Program: ScreenProgram>(_ message: Program.Message, to program: Program) {
        var queue = [message]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in program.update(next) {
                queue += program.perform(effect)
            }
        }
    }

    /// Runs until the program wants to quit. `keyDone` hears of each key with the microseconds from
    /// its reading to the end of the frame that shows it: the wall time, and this thread's CPU time
    /// (the desk's own work, without other processes' turns on a busy machine).
    static func run<Program: ScreenProgram>(
        _ program: Program, on screen: TerminalScreen, keyDone: (Key, _ wall: UInt64, _ cpu: UInt64) -> Void = { _, _, _ in }
    ) {
        draw(program, on: screen)
        var idledAt = DispatchTime.now().uptimeNanoseconds
        while !program.wantsQuit {
            guard let first = screen.readKey(timeoutMilliseconds: Self.newsCheckMilliseconds) else {
                let now = DispatchTime.now().uptimeNanoseconds
                guard now - idledAt >= UInt64(Self.idleTickMilliseconds) * 1_000_000 || program.hasNews else { continue }
                idledAt = now
                for message in program.idle() { send(message, to: program) }
                draw(program, on: screen)
                continue
            }
            var handled: [(key: Key, readAt: UInt64, cpuAt: UInt64)] = []
            var key: Key? = first
            while let pressed = key {
                handled.append((pressed, DispatchTime.now().uptimeNanoseconds, ThreadCPUClock.nanoseconds()))
                if pressed == .resize { screen.redrawAll() } else { send(program.message(for: pressed), to: program) }
                if program.wantsQuit { return }
                key = handled.count < maxKeysPerFrame ? screen.readKey(timeoutMilliseconds: 0) : nil
            }
            draw(program, on: screen)
            let drawnAt = DispatchTime.now().uptimeNanoseconds
            // The idle tick counts from the last key, as it did when it was the key wait's timeout.
            idledAt = drawnAt
            let drawnCPU = ThreadCPUClock.nanoseconds()
            for entry in handled { keyDone(entry.key, (drawnAt - entry.readAt) / 1000, (drawnCPU - entry.cpuAt) / 1000) }
        }
    }

    /// While no key comes, `idle` runs this often (the clock, finished checks, other processes' entries),
    static let idleTickMilliseconds: Int32 = 500
    /// ...and sooner when a notification came, which is looked at this often (a flag, no system call).
    static let newsCheckMilliseconds: Int32 = 50

    /// At most this many waiting keys are handled before a frame is drawn (a long paste still shows progress).
    static let maxKeysPerFrame = 4096

    static func draw<Program: ScreenProgram>(_ program: Program, on screen: TerminalScreen) {
        let size = screen.size
        let frame = program.frame(width: size.cols, height: size.rows)
        screen.draw(frame.buffer)
        if let cursor = frame.cursor { screen.showCursor(at: cursor) } else { screen.hideCursor() }
    }
}
