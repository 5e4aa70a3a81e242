import MomentoKeys
import Synchronization
import SystemPackage
import TextKit

#if canImport(Glibc)
    import Glibc
#endif

/// Writes to stdout and stderr directly, unbuffered, so lines arrive in order and at once.
///
/// A stdout that cannot take the text (a full disk, a closed pipe) is an error the command
/// reports, never a crash.
package enum Output {
    /// Whether stdout was closed when the process started (`>&-`): a key must not be created
    /// to go there. Set once, by ``holdStandardDescriptors()``.
    private static let stdoutClosed = Atomic<Bool>(false)

    /// Whether stdout was closed when the process started.
    package static var stdoutWasClosed: Bool {
        stdoutClosed.load(ordering: .sequentiallyConsistent)
    }

    /// Gives each closed standard descriptor (0, 1, 2) `/dev/null`, so that no file opened
    /// later (the log, a key's file) takes its number and gets what was meant for the
    /// terminal; remembers a closed stdout. Call first thing.
    package static func holdStandardDescriptors() {
        stdoutClosed.store(fcntl(1, F_GETFD) == -1, ordering: .sequentiallyConsistent)
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 {
            let null = open("/dev/null", O_RDWR | O_CLOEXEC)
            if null >= 0, null != descriptor {
                dup2(null, descriptor)
                close(null)
            } else if null == descriptor {
                // Inherited by children as the standard descriptor it stands for.
                _ = fcntl(descriptor, F_SETFD, 0)
            }
        }
    }

    /// Writes a line to stdout.
    package static func out(_ line: String) throws(CLIError) {
        try write(line + "\n")
    }

    /// Writes text to stdout as it is (no newline added).
    package static func write(_ text: String) throws(CLIError) {
        do {
            _ = try FileDescriptor.standardOutput.writeAll(text.utf8)
        } catch {
            throw CLIError("Cannot write to standard output: \(error).")
        }
    }

    /// Text for stdout, written 64 KiB at a time: long output never exists as one string.
    package struct Buffered {
        private var pending: [UInt8] = []

        /// Nothing written yet.
        package init() {}

        /// Adds `text`, writing what is pending once it passes 64 KiB.
        package mutating func write(_ text: String) throws(CLIError) {
            pending.append(contentsOf: text.utf8)
            if pending.count >= 1 << 16 { try flush() }
        }

        /// Writes what is pending.
        package mutating func flush() throws(CLIError) {
            guard !pending.isEmpty else { return }
            do {
                _ = try FileDescriptor.standardOutput.writeAll(pending)
            } catch {
                throw CLIError("Cannot write to standard output: \(error).")
            }
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// Writes a question to stderr, with no line break after it.
    package static func prompt(_ text: String) {
        _ = try? FileDescriptor.standardError.writeAll(TextSanitizer.inert(text).utf8)
    }

    /// Writes one line to stderr, with any control character from data made inert. A stderr
    /// that cannot take it has nowhere left to say so: the line is dropped.
    package static func err(_ line: String) {
        _ = try? FileDescriptor.standardError.writeAll((TextSanitizer.inert(line) + "\n").utf8)
    }
}
