import Foundation
import MomentoKeys
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The rotations kept for an overlap, in `$XDG_STATE_HOME/keyconsole/rotations.json` (0600),
/// so that they survive a restart of the console and cron can finish them. Every change is
/// made under an exclusive lock and written (and synced) to a new file that replaces the old
/// one; a file that does not read is never written over.
package struct RotationRecords: Sendable {
    package let path: String

    /// Why the records could not be read or written.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String

        /// A failure saying `description`.
        package init(description: String) {
            self.description = description
        }
    }

    package static func defaultPath(_ directories: XDGDirectories = XDGDirectories()) -> String {
        directories.state.appendingPathComponent("rotations.json").path
    }

    package init(path: String = RotationRecords.defaultPath()) {
        self.path = path
    }

    /// Every record; none when the file is missing. A file that does not read (a deadline
    /// that is no date among them) is an error, never a rotation due at once.
    package func load() throws(Failure) -> [KeptRotation] {
        let bytes: [UInt8]?
        do throws(PrivateFile.Failure) {
            bytes = try PrivateFile.contents(path)
        } catch {
            throw Failure(description: error.description)
        }
        return try bytes.map { bytes throws(Failure) in try decode(bytes) } ?? []
    }

    /// The records of one account.
    package func load(account: String) throws(Failure) -> [KeptRotation] {
        try load().filter { $0.account == account }
    }

    /// The records of one account, for a command: a file that does not read is its error.
    package func loadForCommand(account: String) throws(CLIError) -> [KeptRotation] {
        do throws(Failure) {
            return try load(account: account)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// Adds a record (replacing one for the same old key of the same account).
    package func add(_ record: KeptRotation) throws(Failure) {
        try update { records in
            records.removeAll { $0.account == record.account && $0.oldKeyId == record.oldKeyId }
            records.append(record)
        }
    }

    /// Removes the record of `oldKeyId` on `account`, if there is one.
    package func remove(oldKeyId: String, account: String) throws(Failure) {
        try update { records in
            records.removeAll { $0.account == account && $0.oldKeyId == oldKeyId }
        }
    }

    /// Changes the records under an exclusive lock (`rotations.json.lock`), writing the new
    /// list to a 0600 file that replaces the old one (``PrivateFile/replacing(_:waiting:_:)``).
    package func update(_ change: (inout [KeptRotation]) -> Void) throws(Failure) {
        do throws(PrivateFile.Failure) {
            try PrivateFile.replacing(path, waiting: 5) { existing throws(PrivateFile.Failure) in
                var records: [KeptRotation]
                do throws(Failure) {
                    records = try existing.map { bytes throws(Failure) in try decode(bytes) } ?? []
                } catch {
                    throw .cannotWrite(path, error.description)
                }
                change(&records)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                guard let data = try? encoder.encode(records) else {
                    throw .cannotWrite(path, "the records do not encode")
                }
                return [UInt8](data)
            }
        } catch .cannotWrite(_, let reason) where reason.hasPrefix(path) {
            throw Failure(description: reason)
        } catch {
            throw Failure(description: error.description)
        }
    }

    /// The records in `bytes`; an error naming the file when they do not read.
    private func decode(_ bytes: [UInt8]) throws(Failure) -> [KeptRotation] {
        guard let records = try? JSONDecoder().decode([KeptRotation].self, from: Data(bytes))
        else {
            throw Failure(
                description: "\(path) does not read as keyconsole's rotation records; nothing"
                    + " was changed (move it aside to start anew)")
        }
        return records
    }
}
