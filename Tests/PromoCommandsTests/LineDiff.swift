/// A line diff for test failures: the lines only in `expected` marked `-`, the lines only in
/// `actual` marked `+`, with a few unchanged lines around each change.
func lineDiff(expected: String, actual: String, context: Int = 3) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

    // Longest common subsequence, filled from the end so the walk below goes forwards.
    var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
        for j in stride(from: b.count - 1, through: 0, by: -1) {
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
        }
    }
    enum Edit { case same(String), removed(String), added(String) }
    var edits: [Edit] = []
    var i = 0, j = 0
    while i < a.count || j < b.count {
        if i < a.count, j < b.count, a[i] == b[j] {
            edits.append(.same(a[i])); i += 1; j += 1
        } else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] {
            edits.append(.removed(a[i])); i += 1
        } else {
            edits.append(.added(b[j])); j += 1
        }
    }

    var changed: [Int] = []
    for (index, edit) in edits.enumerated() {
        if case .same = edit { continue }
        changed.append(index)
    }
    var shown = Set<Int>()
    for index in changed {
        for k in max(0, index - context)...min(edits.count - 1, index + context) { shown.insert(k) }
    }
    var out: [String] = []
    var previous: Int?
    for index in shown.sorted() {
        if let previous, index > previous + 1 { out.append("  …") }
        previous = index
        switch edits[index] {
        case .same(let line): out.append("  " + line)
        case .removed(let line): out.append("- " + visible(line))
        case .added(let line): out.append("+ " + visible(line))
        }
    }
    return out.joined(separator: "\n")
}

/// Marks a line's trailing whitespace, which a diff would otherwise hide.
private func visible(_ line: String) -> String {
    guard let last = line.last, last == " " || last == "\t" else { return line }
    return line + "⟵ ends with whitespace"
}
