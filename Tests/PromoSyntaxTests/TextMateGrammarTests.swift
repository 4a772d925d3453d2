import Foundation
import Testing
@testable import PromoSyntax

// Keeps grammar/promo.tmLanguage.json in step with the lexer: the file is a valid TextMate
// grammar, every keyword the lexer knows is highlighted as one, and lines of promos/ get the
// scopes an editor should show.

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private enum GrammarFile {
    /// The grammar, read afresh (it is small).
    static var json: [String: Any] {
        let url = root.appendingPathComponent("grammar/promo.tmLanguage.json")
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    static var repository: [String: Any] { json["repository"] as? [String: Any] ?? [:] }

    /// Every rule of the grammar, wherever it is nested.
    static func allRules() -> [[String: Any]] {
        var rules: [[String: Any]] = []
        func walk(_ value: Any) {
            if let rule = value as? [String: Any] {
                rules.append(rule)
                rule.values.forEach(walk)
            } else if let list = value as? [Any] {
                list.forEach(walk)
            }
        }
        walk(json["patterns"] as Any)
        walk(json["repository"] as Any)
        return rules
    }

    static func regex(_ pattern: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: pattern, options: [])
    }
}

/// One rule of the grammar, as the matcher below uses it.
private struct MatcherRule {
    var name: String?
    var match: NSRegularExpression?
    var begin: NSRegularExpression?
    var end: NSRegularExpression?
    var captures: [Int: String] = [:]
}

/// A small TextMate matcher: the top-level patterns, includes resolved, tried in order at each
/// position (the earliest match wins, ties go to the first rule); a begin/end rule covers its
/// region up to its end on the same line. Nested patterns are not entered.
private struct Matcher {
    var rules: [MatcherRule] = []

    init() {
        var seen: Set<String> = []
        func add(_ patterns: [[String: Any]]) {
            for pattern in patterns {
                if let include = pattern["include"] as? String, include.hasPrefix("#") {
                    let key = String(include.dropFirst())
                    guard seen.insert(key).inserted,
                          let entry = GrammarFile.repository[key] as? [String: Any] else { continue }
                    add(entry["patterns"] as? [[String: Any]] ?? [entry])
                    continue
                }
                var rule = MatcherRule(name: pattern["name"] as? String)
                rule.match = (pattern["match"] as? String).flatMap(GrammarFile.regex)
                rule.begin = (pattern["begin"] as? String).flatMap(GrammarFile.regex)
                rule.end = (pattern["end"] as? String).flatMap(GrammarFile.regex)
                for (key, value) in pattern["captures"] as? [String: Any] ?? [:] {
                    if let index = Int(key), let name = (value as? [String: Any])?["name"] as? String {
                        rule.captures[index] = name
                    }
                }
                rules.append(rule)
            }
        }
        add(GrammarFile.json["patterns"] as? [[String: Any]] ?? [])
    }

    /// The scoped ranges of a line.
    func scopes(_ line: String) -> [(range: NSRange, scope: String)] {
        let text = line as NSString
        var result: [(NSRange, String)] = []
        var position = 0
        while position < text.length {
            var best: (rule: MatcherRule, match: NSTextCheckingResult)?
            for rule in rules {
                guard let regex = rule.match ?? rule.begin,
                      let found = regex.firstMatch(in: line, options: [.withTransparentBounds],
                                                   range: NSRange(location: position, length: text.length - position)),
                      found.range.length > 0 else { continue }
                if best == nil || found.range.location < best!.match.range.location { best = (rule, found) }
            }
            guard let (rule, found) = best else { break }
            var region = found.range
            if let end = rule.end {
                let from = found.range.location + found.range.length
                let closing = end.firstMatch(in: line, options: [.withTransparentBounds],
                                             range: NSRange(location: from, length: text.length - from))
                let upTo = closing.map { $0.range.location + $0.range.length } ?? text.length
                region = NSRange(location: found.range.location, length: upTo - found.range.location)
            }
            if let name = rule.name { result.append((region, name)) }
            for (index, name) in rule.captures where index < found.numberOfRanges {
                let range = found.range(at: index)
                if range.location != NSNotFound { result.append((range, name)) }
            }
            position = max(position + 1, region.location + region.length)
        }
        return result
    }

    /// The scopes that cover the first occurrence of `piece` in `line` whole.
    func scopes(of piece: String, in line: String) -> [String] {
        let range = (line as NSString).range(of: piece)
        guard range.location != NSNotFound else { return ["<\(piece) not in the line>"] }
        return scopes(line).filter { NSIntersectionRange($0.range, range) == range }.map(\.scope)
    }
}

/// The first line of a promos/ file that contains `fragment`.
private func sampleLine(_ file: String, containing fragment: String) -> String {
    let text = (try? String(contentsOf: root.appendingPathComponent("promos/" + file), encoding: .utf8)) ?? ""
    return text.split(separator: "\n").map(String.init).first { $0.contains(fragment) } ?? ""
}

@Suite struct TextMateGrammarTests {
    @Test func isJSONWithTheRequiredKeys() {
        let json = GrammarFile.json
        #expect(json["scopeName"] as? String == "source.promo")
        #expect(json["fileTypes"] as? [String] == ["promo"])
        #expect(json["name"] is String)
        #expect((json["patterns"] as? [Any])?.isEmpty == false)
        #expect(json["repository"] is [String: Any])
    }

    @Test func everyRegexCompilesAndEveryIncludeResolves() {
        let rules = GrammarFile.allRules()
        var patterns = 0
        for rule in rules {
            for key in ["match", "begin", "end"] {
                guard let pattern = rule[key] as? String else { continue }
                patterns += 1
                #expect(GrammarFile.regex(pattern) != nil, "does not compile: \(pattern)")
            }
            if let include = rule["include"] as? String {
                #expect(include.hasPrefix("#") && GrammarFile.repository[String(include.dropFirst())] != nil,
                        "unknown include \(include)")
            }
            if let name = rule["name"] as? String {
                #expect(name.hasSuffix(".promo"), "scope \(name) does not end in .promo")
            }
        }
        #expect(patterns > 30)
    }

    /// The scope each group of keywords is shown with.
    static let groupScopes: [Keyword.Group: String] = [
        .declaration: "storage.type.declaration.promo",
        .clause: "keyword.other.clause.promo",
        .operator: "keyword.operator.word.promo",
        .constant: "constant.language.boolean.promo",
        .builtin: "support.variable.builtin.promo",
    ]

    @Test(arguments: Keyword.allCases)
    func everyKeywordIsMatchedByAKeywordRule(_ keyword: Keyword) {
        let keywords = (GrammarFile.repository["keywords"] as? [String: Any])?["patterns"] as? [[String: Any]] ?? []
        let word = keyword.rawValue
        let scopes = keywords.compactMap { rule -> String? in
            guard let pattern = rule["match"] as? String, let regex = GrammarFile.regex(pattern),
                  let found = regex.firstMatch(in: word, range: NSRange(location: 0, length: (word as NSString).length)),
                  found.range == NSRange(location: 0, length: (word as NSString).length) else { return nil }
            return rule["name"] as? String
        }
        #expect(scopes == [Self.groupScopes[keyword.group]], "\(word) is matched as \(scopes)")
    }

    @Test func keywordRulesDoNotMatchInsideNames() {
        let matcher = Matcher()
        let line = "items dairy_week_2 = discounted.promo_codes"
        #expect(matcher.scopes(of: "dairy_week_2", in: line) == ["entity.name.type.promo"])
        #expect(!matcher.scopes(of: "discounted", in: line).contains { $0.hasPrefix("keyword") })
        #expect(matcher.scopes(of: "promo_codes", in: line) == ["variable.other.member.promo"])
    }

    @Test func linesOfPromosGetTheirScopes() {
        let matcher = Matcher()

        let header = sampleLine("dairy-week.promo", containing: "promo dairy_week")
        #expect(matcher.scopes(of: "promo", in: header).contains("storage.type.declaration.promo"))
        #expect(matcher.scopes(of: "dairy_week", in: header).contains("entity.name.function.promo"))
        #expect(matcher.scopes(of: "\"Молочная неделя: 20% на молочное\"", in: header) == ["string.quoted.double.promo"])

        let active = sampleLine("dairy-week.promo", containing: "active")
        #expect(matcher.scopes(of: "active", in: active) == ["keyword.other.clause.promo"])
        #expect(matcher.scopes(of: "2026-12-01", in: active) == ["constant.numeric.date.promo"])
        #expect(matcher.scopes(of: "..", in: active) == ["keyword.operator.range.promo"])

        let hours = sampleLine("dairy-week.promo", containing: "hours")
        #expect(matcher.scopes(of: "08:00", in: hours) == ["constant.numeric.time.promo"])

        let when = sampleLine("dairy-week.promo", containing: "spend(dairy) >= 500.00")
        #expect(matcher.scopes(of: "spend", in: when) == ["support.variable.builtin.promo"])
        #expect(matcher.scopes(of: ">=", in: when) == ["keyword.operator.comparison.promo"])
        #expect(matcher.scopes(of: "500.00", in: when) == ["constant.numeric.money.promo"])
        #expect(matcher.scopes(of: "# spend = current amount", in: when).contains("comment.line.number-sign.promo"))

        let discount = sampleLine("dairy-week.promo", containing: "discount 20% on dairy")
        #expect(matcher.scopes(of: "20%", in: discount) == ["constant.numeric.percent.promo"])
        #expect(matcher.scopes(of: "on", in: discount) == ["keyword.other.clause.promo"])

        let message = sampleLine("dairy-week.promo", containing: "message")
        #expect(matcher.scopes(of: "slip", in: message) == ["keyword.other.clause.promo"])
        #expect(matcher.scopes(of: "{saved}", in: message) == ["string.quoted.double.promo"])

        let weekdays = sampleLine("dairy-week.promo", containing: "weekdays")
        #expect(matcher.scopes(of: "mon", in: weekdays) == ["constant.language.weekday.promo"])

        let currency = sampleLine("common.promo", containing: "currency RUB")
        #expect(matcher.scopes(of: "RUB", in: currency) == ["entity.name.namespace.promo"])

        let segment = sampleLine("common.promo", containing: "segment cat_owners")
        #expect(matcher.scopes(of: "cat_owners", in: segment) == ["entity.name.type.promo"])
        #expect(matcher.scopes(of: "customer", in: segment) == ["support.variable.builtin.promo"])
        #expect(matcher.scopes(of: "bought", in: segment) == ["variable.other.member.promo"])
        #expect(matcher.scopes(of: "180", in: segment) == ["constant.numeric.duration.promo"])
        #expect(matcher.scopes(of: "days", in: segment) == ["keyword.other.unit.promo"])

        let template = sampleLine("yogurt-3-for-2.promo", containing: "buy 2 of yogurt")
        #expect(matcher.scopes(of: "buy", in: template) == ["keyword.other.clause.promo"])
        #expect(matcher.scopes(of: "2", in: template) == ["constant.numeric.integer.promo"])
    }
}
