import Foundation
import TestSupport
import Testing

@Suite("The tmux suites know whether tmux is there")
struct TmuxAvailabilityTests {
    @Test("tmux is found only in a PATH folder that holds an executable tmux")
    func locate() throws {
        let folder = TemporaryDirectory()
        #expect(TmuxSession.locate(searchPath: nil) == nil)
        #expect(TmuxSession.locate(searchPath: folder.path + ":/nonexistent") == nil)
        let tmux = folder.write("tmux", "#!/bin/sh\n")
        #expect(TmuxSession.locate(searchPath: folder.path) == nil, "not executable")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tmux)
        #expect(TmuxSession.locate(searchPath: "/nonexistent:" + folder.path) == tmux)
    }
}
