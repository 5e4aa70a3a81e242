import KeyconsoleCore
import Testing

@Suite("keyconsole's folders under the XDG base directories")
struct XDGDirectoriesTests {
    @Test("the regions file lives under XDG_CONFIG_HOME, the sandbox under XDG_DATA_HOME")
    func files() {
        let given = XDGDirectories(
            environment: ["XDG_CONFIG_HOME": "/x/cfg", "XDG_DATA_HOME": "/d"], homeDirectory: "/h")
        #expect(given.regionsFile == "/x/cfg/keyconsole/regions.json")
        #expect(given.sandboxFile == "/d/keyconsole/sandbox.sqlite")
        let fallback = XDGDirectories(environment: [:], homeDirectory: "/h")
        #expect(fallback.regionsFile == "/h/.config/keyconsole/regions.json")
        #expect(fallback.sandboxFile == "/h/.local/share/keyconsole/sandbox.sqlite")
    }

    @Test("relative XDG paths are ignored, and HOME is the home when it is absolute")
    func relativeIgnored() {
        let directories = XDGDirectories(
            environment: ["XDG_STATE_HOME": "state", "HOME": "/home/a"])
        #expect(directories.state.path == "/home/a/.local/state/keyconsole")
    }
}
