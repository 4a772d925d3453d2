/// "Did you mean" suggestions by edit distance.
public enum Suggestions {
    /// The Damerau–Levenshtein (optimal string alignment) distance between two words, counting
    /// Unicode scalars, case-insensitively; `bound` stops early once the distance is surely
    /// above it (the result is then `bound + 1`).
    public static func distance(_ a: String, _ b: String, bound: Int = .max) -> Int {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        if x.isEmpty { return min(y.count, bound &+ 1) }
        if y.isEmpty { return min(x.count, bound &+ 1) }
        if abs(x.count - y.count) > bound { return bound + 1 }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    best = min(best, previous2[j - 2] + 1)
                }
                current[j] = best
                rowMinimum = min(rowMinimum, best)
            }
            if rowMinimum > bound { return bound + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return min(previous[y.count], bound &+ 1)
    }

    /// The candidates close enough to `word` to be what was meant, best first (at most three).
    public static func closest<S: Sequence>(to word: String, among candidates: S) -> [String] where S.Element == String {
        let length = word.count
        let limit = max(1, min(3, length / 3))
        var scored: [(Int, String)] = []
        for candidate in Set(candidates) where candidate != word {
            // The distance is at least the difference in length: skip hopeless candidates
            // without computing it (it costs the product of the lengths).
            guard abs(candidate.count - length) <= max(limit, 4) else { continue }
            let d = distance(word, candidate, bound: max(limit, 4))
            let prefixMatch = candidate.count >= 4 && word.count >= 4
                && (candidate.lowercased().hasPrefix(word.lowercased()) || word.lowercased().hasPrefix(candidate.lowercased()))
            if d <= limit || (prefixMatch && d <= max(limit, 4)) { scored.append((d, candidate)) }
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(3).map(\.1)
    }

    /// "did you mean `x`?" / "did you mean `x` or `y`?", or nil without candidates.
    public static func didYouMean<S: Sequence>(_ word: String, among candidates: S, quote: String = "`") -> String?
    where S.Element == String {
        let found = closest(to: word, among: candidates)
        guard !found.isEmpty else { return nil }
        let quoted = found.map { quote + $0 + quote }
        if quoted.count == 1 { return "did you mean \(quoted[0])?" }
        return "did you mean " + quoted.dropLast().joined(separator: ", ") + " or " + quoted.last! + "?"
    }
}
