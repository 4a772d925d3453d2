import Foundation
import PromoBytecode
import PromoCompiler
import PromoDiagnostics
import PromoSemantics
import PromoTestRunner
import PromoVM
import Testing

/// Tests/Fixtures/stdlib-templates.promo uses every template of stdlib/, each in a promo of its own
/// store, with test blocks that show it doing what its doc comment says.
@Suite struct StdlibTemplateTests {
    static let fixturePath = "Tests/Fixtures/stdlib-templates.promo"

    /// The number of test blocks the fixture had when it was written.
    static let minimumOutcomes = 143

    static func fixtureText() throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent(fixturePath), encoding: .utf8)
    }

    /// The names of the `template promo NAME(` and `template segment NAME(` lines of stdlib/*.promo.
    static func templateNames() throws -> [String] {
        let folder = repositoryRoot.appendingPathComponent("stdlib")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".promo") }.sorted()
        var names: [String] = []
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                for prefix in ["template promo ", "template segment "] where line.hasPrefix(prefix) {
                    let rest = line.dropFirst(prefix.count).drop { $0 == " " }
                    let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                    if !name.isEmpty, rest.dropFirst(name.count).first == "(" {
                        names.append(String(name))
                    }
                }
            }
        }
        return names
    }

    /// The names called as `NAME(` on the `use`, `audience` and `segment` lines of `text` (a member
    /// call such as `customer.bought(` is not a template).
    static func calledNames(in text: String) -> Set<String> {
        var called: Set<String> = []
        for raw in text.split(separator: "\n") {
            var line = raw.drop { $0 == " " || $0 == "\t" }
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            guard let keyword = ["use", "audience", "segment"].first(where: { line.hasPrefix($0 + " ") }) else { continue }
            let rest = line.dropFirst(keyword.count)
            var i = rest.startIndex
            while i < rest.endIndex {
                let c = rest[i]
                guard c.isLetter || c == "_" else {
                    i = rest.index(after: i)
                    continue
                }
                let start = i
                while i < rest.endIndex, rest[i].isLetter || rest[i].isNumber || rest[i] == "_" {
                    i = rest.index(after: i)
                }
                let before: Character = start > rest.startIndex ? rest[rest.index(before: start)] : " "
                if i < rest.endIndex, rest[i] == "(", before != "." {
                    called.insert(String(rest[start..<i]))
                }
            }
        }
        return called
    }

    @Test func everyTestOfTheFixturePasses() throws {
        let text = try Self.fixtureText()
        let result = Frontend.check([SourceInput(path: Self.fixturePath, text: text)])
        guard let program = result.program, !result.diagnostics.contains(where: { $0.severity == .error }) else {
            Issue.record(Comment(rawValue: TextRenderer(sources: result.sources, colored: false).render(result.diagnostics)))
            return
        }
        let bundle = try LoadedBundle(bytes: BundleCompiler.bytes(program))
        let outcomes = TestRunner.run(program, bundle: bundle)
        for outcome in outcomes where !outcome.passed {
            Issue.record(Comment(rawValue: "\(outcome.name) (\(outcome.location)):\n" + outcome.failures.joined(separator: "\n")))
        }
        #expect(outcomes.allSatisfy { $0.passed })
        #expect(outcomes.count >= Self.minimumOutcomes, "the fixture has \(outcomes.count) tests, expected at least \(Self.minimumOutcomes)")
    }

    @Test func everyStdlibTemplateIsUsedInTheFixture() throws {
        let names = try Self.templateNames()
        #expect(!names.isEmpty, "no template found in stdlib/")
        let text = try Self.fixtureText()
        let called = Self.calledNames(in: text)
        let unused = names.filter { !called.contains($0) }
        #expect(unused.isEmpty, "stdlib templates not used in \(Self.fixturePath): \(unused.joined(separator: ", "))")
    }
}
