import Foundation
import MomentoKeys
import ScreenModel
import TextKit

extension ConsoleView {
    static func header(
        _ screen: inout Screen, _ state: ConsoleState, _ context: ViewContext, _ glyphs: Glyphs
    ) {
        let width = state.width
        screen.paint(row: 0, style: Style(.header))
        var x = screen.put(
            " keyconsole ", row: 0, column: 0, style: Style(.title, bold: true, reverse: true))
        var (badge, detail): (String, String)
        switch state.backend.kind {
        case .sandbox(let path):
            (badge, detail) = ("SANDBOX", path)
        case .production(let endpoint, let region):
            (badge, detail) = (
                "PROD",
                [region, endpoint].compactMap { $0 }.joined(separator: " \(glyphs.separator) ")
            )
        case .preprod(let endpoint):
            (badge, detail) = ("PREPROD", endpoint)
        }
        x += 1
        // A key API other than Momento's is named by its host: it is not production.
        var shownBadge = state.backend.apiHost.map { TextSanitizer.inert($0) } ?? badge
        if state.isSeveral {
            // Several accounts: their names; each one's key and state are on the third line.
            shownBadge = "\(state.accounts.count) ACCOUNTS"
            detail = state.accounts.map(\.profile).joined(separator: ", ")
        }
        x += screen.put(
            DisplayWidth.truncate(shownBadge, to: max(0, width - x - 1), ellipsis: glyphs.ellipsis),
            row: 0, column: x, style: Style(.accent, bold: true))
        // The right side, most needed first: the console's own key (or the region), the
        // profile.
        var segments: [(String, Style)] = []
        if state.isSeveral {
            // Nothing of one account on the right.
        } else if let id = state.backend.ownKeyId {
            if state.ownKeyGone {
                segments.append(("you: \(short(id, glyphs)) REVOKED", Style(.urgent, bold: true)))
            } else {
                let expires =
                    state.index.key(withId: id)?.expiresAt
                    ?? state.backend.ownKeyExpiresAt
                let left = expires.map {
                    Int64($0.timeIntervalSince1970 - state.now.timeIntervalSince1970.rounded(.down))
                }
                segments.append(
                    (
                        "you: \(short(id, glyphs)) \(Countdown.text(secondsLeft: left))",
                        Style(.header, bold: true)
                    ))
            }
        } else if let endpoint = state.endpoint {
            let region = RegionTable(regions: state.regions).classify(endpoint: endpoint)
            switch region {
            case .region(let region):
                segments.append(("region \(region.code)", Style(.header, bold: true)))
            case .preprod(let host), .custom(let host):
                segments.append(
                    ("endpoint \(TextSanitizer.inert(host))", Style(.header, bold: true)))
            }
        }
        // Where the region comes from, when it is not the one saved with p: the profile's
        // own segment says it, or one of its own.
        let source =
            state.endpoint == nil || !state.regionFromCredentials
            ? nil : state.backend.endpointSource
        if let profile = state.backend.profile, !state.isSeveral {
            let name = "profile \(profile)"
            segments.append(
                source == name
                    ? ("region from \(TextSanitizer.inert(name))", Style(.warning))
                    : (TextSanitizer.inert(name), Style(.header)))
        }
        if let source, source != state.backend.profile.map({ "profile \($0)" }) {
            segments.insert(
                ("region from \(TextSanitizer.inert(source))", Style(.warning)),
                at: min(1, segments.count))
        }
        func rightWidth() -> Int { segments.reduce(0) { $0 + DisplayWidth.of($1.0) + 2 } }
        while !segments.isEmpty, x + 2 + rightWidth() > width {
            // Short of room, the profile stays named without where the region comes from.
            if let last = segments.last?.0, last.hasPrefix("region from profile ") {
                segments[segments.count - 1] = (
                    String(last.dropFirst("region from ".count)), Style(.header)
                )
            } else {
                segments.removeLast()
            }
        }
        let room = width - x - 1 - rightWidth()
        // The region stays: in full, or shorter forms of it, before anything is cut.
        let candidates = [detail] + (state.isSeveral ? [] : shorterDetails(state.backend.kind))
        let fitting =
            candidates.first { DisplayWidth.of(TextSanitizer.inert($0)) <= room - 1 } ?? detail
        if room > 4 {
            // The sandbox's path shortens from the left, so its file name stays.
            let clean = TextSanitizer.inert(fitting)
            let shown =
                if case .sandbox = state.backend.kind {
                    DisplayWidth.truncateLeading(clean, to: room - 1, ellipsis: glyphs.ellipsis)
                } else {
                    DisplayWidth.truncate(clean, to: room - 1, ellipsis: glyphs.ellipsis)
                }
            screen.put(" " + shown, row: 0, column: x, style: Style(.header))
        }
        var column = width - rightWidth()
        for (text, style) in segments {
            column += screen.put(text, row: 0, column: column + 1, style: style) + 2
        }

        // Second line: counts, then the refresh state on the right.
        let shown = state.shownKeys
        // Counted in the expiry order, by the urgency thresholds of `Countdown.urgency`.
        // With a filter or `e` on, the counts are of the keys shown, and say so.
        let narrowed =
            !state.filter.isEmpty || state.expiringOnly || state.accountFilter != nil
            || state.findingsOnly
        let (expired, day, week, never) =
            narrowed ? visibleCounts(state) : accountCounts(state)
        let sep = " \(glyphs.separator) "
        // During the first load the counts are of the pages so far.
        let partial = !state.loaded && state.loading != nil
        var counts = partial ? "\(shown.count) keys so far" : "\(shown.count) keys"
        if narrowed {
            counts =
                "\(state.visibleKeys.count) of \(shown.count)"
                + (partial ? " so far shown" : " shown")
        }
        if state.expiringOnly,
            let toggle = Keymap.binding(doing: .toggleExpiring, in: .list)
        {
            counts += " (\(toggle.label(unicode: context.capabilities.unicode)): <7d)"
        }
        if state.findingsOnly, let toggle = Keymap.binding(doing: .toggleFindings, in: .list) {
            counts += " (\(toggle.label(unicode: context.capabilities.unicode)): findings)"
        } else if state.findingsCount > 0 {
            let count = state.findingsCount
            counts += " (\(glyphs.finding) \(count) finding\(count == 1 ? "" : "s"))"
        }
        if !state.marked.isEmpty { counts += " (\(state.marked.count) marked)" }
        let due = state.dueRotations.count
        // F works on one account: with several, nothing offers it.
        if due > 0, !state.onlyOneAccount(.finishRotations),
            let finish = Keymap.binding(doing: .finishRotations, in: .list)
        {
            counts +=
                " (\(due) rotation\(due == 1 ? "" : "s") due:"
                + " \(finish.label(unicode: context.capabilities.unicode)))"
        }
        let parts = [counts, "\(expired) expired", "\(day) <24h", "\(week) <7d", "\(never) never"]
        var right: (String, Style)
        if let reason = state.staleReason {
            // Stale: the reason and the time of the last good list, also while retrying.
            let since =
                if let last = state.lastRefresh {
                    "STALE since \(DateText.time(last, context.timeZone))"
                } else if let cachedAt = state.cachedAt {
                    "STALE, cached \(DurationText.ago(state.now.timeIntervalSince(cachedAt)))"
                } else {
                    "STALE, never loaded"
                }
            right = ("\(since): \(TextSanitizer.inert(reason)) ", Style(.warning, bold: true))
        } else if let cachedAt = state.cachedAt {
            // The list of an earlier run: its age stays in view until the refresh ends.
            right = (
                "cached \(DurationText.ago(state.now.timeIntervalSince(cachedAt))) ",
                Style(.warning, bold: true)
            )
        } else if let loading = state.loading {
            right = ("loading\(glyphs.ellipsis) \(loading.received.count) ", Style(.info))
        } else if let refreshed = state.lastRefresh {
            right = ("refreshed \(DateText.time(refreshed, context.timeZone)) ", Style(.muted))
        } else {
            right = ("", Style(.muted))
        }
        // A stale or cached list says so whatever room the counts need.
        let stale = state.staleReason != nil || state.cachedAt != nil
        // Stale, the reason keeps at least 24 columns (its start and the time); otherwise the
        // note on the right keeps its room after the first two counts. The counts take the
        // rest, the first always.
        let firstTwo = parts.prefix(2).reduce(0) { $0 + DisplayWidth.of($1) } + DisplayWidth.of(sep)
        let noteFits = 1 + firstTwo + 2 + DisplayWidth.of(right.0) <= width
        let reserved =
            stale
            ? min(DisplayWidth.of(right.0), 24) + 1 : noteFits ? DisplayWidth.of(right.0) + 1 : 0
        column = 1
        for (index, part) in parts.enumerated() {
            let text = (index == 0 ? "" : sep) + part
            let style: Style =
                switch index {
                case 1 where expired > 0, 2 where day > 0: Style(.urgent, bold: true)
                case 3 where week > 0: Style(.warning)
                case 0: Style(partial ? .info : .normal, bold: true)
                default: Style(.muted)
                }
            let limit =
                switch index {
                case 0: width - 1
                case 1 where !stale: width - 1
                default: width - reserved - 1
                }
            guard column + DisplayWidth.of(text) <= limit else { break }
            column += screen.put(text, row: 1, column: column, style: style)
        }
        if stale {
            let room = width - column - 1
            let text = DisplayWidth.truncate(right.0, to: room, ellipsis: glyphs.ellipsis)
            screen.put(text, row: 1, column: width - DisplayWidth.of(text), style: right.1)
            return
        }
        let rightTextWidth = DisplayWidth.of(right.0)
        if rightTextWidth > 0 && column + 2 + rightTextWidth <= width {
            screen.put(right.0, row: 1, column: width - rightTextWidth, style: right.1)
        }
        if state.isSeveral { accountsLine(&screen, state, glyphs) }
    }

    /// With several accounts, a line of each account's counts and state (`prod 1 expired ·
    /// 3 <24h  staging 2 <7d STALE: ...`), the one `A` narrowed to marked, then the profiles
    /// `--all-profiles` left out. Every account's name and counts come first: a stale
    /// account's reason gets only the room the others leave, shared among the stale ones.
    private static func accountsLine(
        _ screen: inout Screen, _ state: ConsoleState, _ glyphs: Glyphs
    ) {
        let sep = " \(glyphs.separator) "
        var segments: [(parts: [(String, Style)], reason: String?)] = []
        for (number, account) in state.accounts.enumerated() {
            let (expired, day, week) = account.counts(now: state.now)
            var counts: [(String, Style)] = []
            if expired > 0 { counts.append(("\(expired) expired", Style(.urgent, bold: true))) }
            if day > 0 { counts.append(("\(day) <24h", Style(.urgent, bold: true))) }
            if week > 0 { counts.append(("\(week) <7d", Style(.warning))) }
            if counts.isEmpty, account.loaded {
                counts.append(("\(account.keys.count) keys", Style(.muted)))
            }
            let chosen = state.accountFilter == number
            var parts: [(String, Style)] = [
                (
                    (chosen ? glyphs.selection : "") + TextSanitizer.inert(account.profile),
                    Style(.accent, bold: true, reverse: chosen)
                )
            ]
            for (index, count) in counts.enumerated() {
                parts.append(((index == 0 ? " " : sep) + count.0, count.1))
            }
            var reason: String?
            if let staleReason = account.staleReason {
                parts.append((" STALE", Style(.warning, bold: true)))
                reason = ": " + TextSanitizer.inert(staleReason)
            } else if let status = account.status(now: state.now) {
                parts.append((" " + TextSanitizer.inert(status), Style(.info)))
            }
            segments.append((parts, reason))
        }
        let leftOut =
            state.leftOut.isEmpty
            ? "" : "left out: " + state.leftOut.map(TextSanitizer.inert).joined(separator: ", ")
        let essential =
            segments.reduce(0) { $0 + $1.parts.reduce(0) { $0 + DisplayWidth.of($1.0) } }
            + 2 * (segments.count - 1) + (leftOut.isEmpty ? 0 : 2 + DisplayWidth.of(leftOut))
        let stale = segments.count { $0.reason != nil }
        let share = stale == 0 ? 0 : max(0, state.width - 2 - essential) / stale
        var column = 1
        func put(_ text: String, _ style: Style) -> Bool {
            let room = state.width - column - 1
            guard room > 0 else { return false }
            column += screen.put(
                DisplayWidth.truncate(text, to: room, ellipsis: glyphs.ellipsis), row: 2,
                column: column, style: style)
            return true
        }
        for (number, segment) in segments.enumerated() {
            if number > 0 { column += 2 }
            for (text, style) in segment.parts {
                guard put(text, style) else { return }
            }
            if let reason = segment.reason, share > 1 {
                let shown = DisplayWidth.truncate(reason, to: share, ellipsis: glyphs.ellipsis)
                guard put(shown, Style(.warning, bold: true)) else { return }
            }
        }
        if !leftOut.isEmpty {
            column += 2
            _ = put(leftOut, Style(.muted))
        }
    }

    /// The account's keys expired, expiring within a day, within a week, and never: by the
    /// index's expiry order.
    private static func accountCounts(_ state: ConsoleState) -> (Int, Int, Int, Int) {
        let now = Int64(state.now.timeIntervalSince1970.rounded(.down))
        let expired = state.index.expiringBefore(now + 1)
        let withinDay = state.index.expiringBefore(now + 86400)
        let week = state.index.expiringBefore(now + 7 * 86400) - withinDay
        return (expired, withinDay - expired, week, state.index.neverExpiring)
    }

    /// The same counts of the keys the filter and `e` leave shown, by the urgency thresholds
    /// of `Countdown.urgency`.
    private static func visibleCounts(_ state: ConsoleState) -> (Int, Int, Int, Int) {
        let counts = state.shownUrgencies
        return (
            counts[.expired] ?? 0, counts[.underDay] ?? 0, counts[.underWeek] ?? 0,
            counts[.never] ?? 0
        )
    }

    /// Shorter names of where the console points, for narrow screens: the region's name and
    /// code, then its code alone.
    static func shorterDetails(_ kind: BackendInfo.Kind) -> [String] {
        guard case .production(_, let region?) = kind else { return [] }
        return [region] + (region.split(separator: " ").last.map { [String($0)] } ?? [])
    }
}
