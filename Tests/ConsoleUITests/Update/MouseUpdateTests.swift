import ConsoleUI
import ScreenModel
import Testing

@Suite("update: the mouse")
struct MouseUpdateTests {
    private func click(_ row: Int, _ column: Int) -> Key {
        .mouse(MouseEvent(.click, row: row, column: column))
    }

    @Test("a click selects the row's key; below the last key or on the header it selects nothing")
    func clickSelects() {
        let state = Fixtures.loaded()
        let (third, _) = Fixtures.press(state, click(5, 30))
        #expect(third.selectedIndex == 2)
        #expect(third.selectedKeyId == state.visibleKeys[2].keyId)
        let (below, _) = Fixtures.press(state, click(20, 30))
        #expect(below.selectedIndex == state.selectedIndex)
        let (header, _) = Fixtures.press(state, click(1, 30))
        #expect(header == state)
    }

    @Test("a click on a column's title sorts by it, a second reverses; EXPIRES sorts as LEFT")
    func clickSorts() {
        let state = Fixtures.loaded()
        let (byRole, _) = Fixtures.press(state, click(2, 4))
        #expect(byRole.sort == .role && !byRole.reversed)
        let (reversed, _) = Fixtures.press(byRole, click(2, 4))
        #expect(reversed.sort == .role && reversed.reversed)
        let (byId, _) = Fixtures.press(state, click(2, 14))
        #expect(byId.sort == .id)
        let (byExpires, _) = Fixtures.press(byId, click(2, 60))
        #expect(byExpires.sort == .expiry)
    }

    @Test("the wheel moves the list by 3 rows and scrolls the help; a confirmation ignores it")
    func wheel() {
        let state = Fixtures.loaded()
        let down = Key.mouse(MouseEvent(.wheelDown, row: 8, column: 8))
        let up = Key.mouse(MouseEvent(.wheelUp, row: 8, column: 8))
        #expect(Fixtures.press(state, down).0.selectedIndex == 3)
        #expect(Fixtures.press(state, down, down, up).0.selectedIndex == 3)
        let help = Fixtures.press(Fixtures.loaded(height: 12), .character("?")).0
        #expect(Fixtures.press(help, down).0.help?.scroll == 1)
        let revoke = Fixtures.press(state, .character("d")).0
        #expect(revoke.keyContext.isConfirmation)
        #expect(Fixtures.press(revoke, down, click(5, 30)).0 == revoke)
    }
}
