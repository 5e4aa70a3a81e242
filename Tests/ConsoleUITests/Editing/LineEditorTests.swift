import ConsoleUI
import ScreenModel
import Testing

@Suite("The one-line editor")
struct LineEditorTests {
    private func typed(_ text: String, _ editor: LineEditor) -> LineEditor {
        var editor = editor
        for character in text { _ = editor.handle(.character(character)) }
        return editor
    }

    @Test("typing, cursor movement, insertion in the middle, backspace and delete")
    func editing() {
        var editor = typed("CI deploy", LineEditor(limit: 40))
        for key in [Key.home, .right, .right] { _ = editor.handle(key) }
        _ = editor.handle(.character("!"))
        #expect(editor.text == "CI! deploy")
        _ = editor.handle(.backspace)
        _ = editor.handle(.delete)
        #expect(editor.text == "CIdeploy")
        _ = editor.handle(.end)
        _ = editor.handle(.left)
        _ = editor.handle(.backspace)
        #expect(editor.text == "CIdeply")
        #expect(editor.cursor == 6)
        let usedEnter = editor.handle(.enter)
        #expect(!usedEnter)
    }

    @Test("UTF-8: the cursor moves by whole characters, wide ones take two cells")
    func unicode() {
        var editor = typed("日本👩‍💻é", LineEditor(limit: 40))
        #expect(editor.characters.count == 4)
        _ = editor.handle(.left)
        _ = editor.handle(.backspace)
        #expect(editor.text == "日本é")
        #expect(editor.window(width: 20).cursorColumn == 4)
    }

    @Test("paste: line breaks become spaces, control characters go, the limit holds")
    func paste() {
        var editor = LineEditor("ab", limit: 10)
        _ = editor.handle(.paste("x\ny\u{1B}[31m\u{202E}z and more"))
        #expect(editor.text == "abx y[31mz")
        #expect(editor.isFull)
        _ = editor.handle(.character("q"))
        #expect(editor.text == "abx y[31mz")
    }

    @Test("a long text scrolls so the cursor stays in view")
    func window() {
        let editor = typed(String(repeating: "a", count: 30) + "END", LineEditor(limit: 40))
        let (text, column) = editor.window(width: 10)
        #expect(text == "aaaaaaEND")
        #expect(column == 9)
    }
}
