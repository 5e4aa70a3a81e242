/// Prometheus text expositions made one per account, merged into one: each metric family's
/// `# HELP` and `# TYPE` once, then the series of every account, in the order given (the
/// format wants a family's lines together, and no family twice).
package enum PrometheusDocument {
    /// `documents` as one exposition, families in the order first seen.
    package static func merge(_ documents: [String]) -> String {
        var order: [String] = []
        var comments: [String: [Substring]] = [:]
        var series: [String: [Substring]] = [:]
        for document in documents {
            var family = ""
            for line in document.split(separator: "\n") {
                if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                    family = String(line.dropFirst(7).prefix { $0 != " " })
                    if comments[family] == nil { order.append(family) }
                    if !(comments[family] ?? []).contains(where: { $0.prefix(6) == line.prefix(6) })
                    {
                        comments[family, default: []].append(line)
                    }
                } else {
                    if series[family] == nil, comments[family] == nil { order.append(family) }
                    series[family, default: []].append(line)
                }
            }
        }
        var out = ""
        for family in order {
            for line in (comments[family] ?? []) + (series[family] ?? []) { out += line + "\n" }
        }
        return out
    }
}
