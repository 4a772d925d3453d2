import PromoDiagnostics
import PromoSyntax

/// The largest discount the promo set can give one line, under its stacking rules.
///
/// A line's discount grows promo by promo in application order: a percent of the current price
/// takes that share of what is left (20% then 30% is 44%), a percent of the original price adds
/// its share (20% and 30% are 50%). Promos count together only when one line can be in all
/// their scopes and one receipt can meet all their schedules, stores, channels and audiences;
/// a best-of group gives one member, a `stop` ends the chain, a lock keeps later discounts off
/// its lines. Restrictions clamp: a percent cap holds the promos that keep to restrictions, a
/// floor (a minimum price, the excise legal minimum) keeps the line above zero.
///
/// Reported: a chain that can pass 100% of a line with no floor to clamp it, a chain that passes
/// a restriction's cap because a promo in it ignores restrictions, and, with `--max-discount`, a
/// chain above that figure. Amounts off and fixed prices depend on the line's price, which the
/// compiler does not know: they are listed beside the figure but not counted in it.
struct WorstCaseAnalysis {
    let program: Program
    let options: AnalysisOptions
    var diagnostics: [Diagnostic] = []

    /// 100% of a line, in the figures' unit (a millionth of a millionth).
    static let whole: Int64 = 1_000_000_000_000
    /// The most chains one anchor explores before it settles for the best found.
    static let nodeBudget = 20_000

    /// One price effect of one promo.
    struct Step {
        var promo: Int
        var effect: Int
        /// Millionths of a percent; nil for amounts and prices.
        var percent: Int64?
        var original: Bool
        var ignoresRestrictions: Bool
        var scope: ItemSet
        var terms: [ItemLogic.Term]
    }

    struct Clamp {
        var restriction: Int
        var rule: RestrictionRule
    }

    /// A chain worth reporting.
    struct Finding {
        var steps: [Int]
        var figure: Int64
        var region: [ItemLogic.Term]
        var code: DiagnosticCode
        var limit: Int64
        var cap: Clamp?
        var score: Int64 { figure - limit }
    }

    var steps: [Step] = []
    var amounts: [Step] = []
    var compatible: [Int: Bool] = [:]
    var termCache: [ItemSet: [ItemLogic.Term]] = [:]
    var caps: [Clamp] = []
    var floors: [Clamp] = []
    // What `compatible` compares, per promo, worked out once.
    var eligibilities: [Eligibility] = []
    var fixed: [FixedConstraints.Constraints] = []
    var groups: [String?] = []
    var byCategory: [String: [Int]] = [:]
    var anywhere: [Int] = []
    var categories: [String] = []
    /// The lowest limit any chain can be held to.
    var lowest: Int64 = 0
    /// Find each line scope's largest figure, reported or not (`promo check --discounts`).
    var listing = false
    var listed: [WorstCase] = []

    init(program: Program, options: AnalysisOptions) {
        self.program = program
        self.options = options
    }

    mutating func run() {
        collect()
        guard !steps.isEmpty else { return }
        buildIndex()
        if listing { return list() }
        var findings: [(promos: Set<Int>, finding: Finding)] = []
        for anchor in steps.indices {
            // A promo already in a chain found is not searched from again.
            if findings.contains(where: { $0.promos.contains(steps[anchor].promo) }) { continue }
            guard let finding = worst(anchor: anchor) else { continue }
            findings.append((Set(finding.steps.map { steps[$0].promo }), finding))
        }
        // One finding per promo that takes a line past its limit: the same cause seen through
        // other chains adds nothing.
        var last: Set<Int> = []
        for (promos, finding) in findings.sorted(by: { $0.finding.figure - $0.finding.limit > $1.finding.figure - $1.finding.limit })
            where !findings.contains(where: { promos.isStrictSubset(of: $0.promos) }) {
            guard last.insert(steps[finding.steps.last!].promo).inserted else { continue }
            diagnostics.append(report(finding))
        }
    }

    // MARK: - The steps

    mutating func collect() {
        for (p, promo) in program.promos.enumerated() {
            for (e, effect) in promo.effects.enumerated() {
                let percent: Int64?
                let scope: ItemSet
                switch effect {
                case .discount(.percent(let x), _, let target):
                    (percent, scope) = (x.millionths, target.scope)
                case .discount(.money, _, let target), .fixedPrice(_, let target, _):
                    (percent, scope) = (nil, target.scope)
                case .buyGet(_, let of, _, let getOf, let reward, _, _):
                    scope = getOf ?? of
                    switch reward {
                    case .free: percent = Percent.hundred.millionths
                    case .percentOff(let x): percent = x.millionths
                    case .price: percent = nil
                    }
                case .bundle(let components, _, _):
                    (percent, scope) = (nil, .union(components.map(\.items)))
                default:
                    continue
                }
                guard let terms = terms(scope), !terms.isEmpty else { continue }
                let step = Step(promo: p, effect: e, percent: percent, original: promo.combination.basis == .original,
                                ignoresRestrictions: promo.combination.ignoreRestrictions, scope: scope, terms: terms)
                if percent.map({ $0 > 0 }) ?? false { steps.append(step) } else { amounts.append(step) }
            }
        }
        for (r, restriction) in program.restrictions.enumerated() {
            for rule in restriction.rules {
                switch (rule.subject, rule.bound) {
                case (.discount, .constant(.percent)): caps.append(Clamp(restriction: r, rule: rule))
                case (.price, _): floors.append(Clamp(restriction: r, rule: rule))
                default: break
                }
            }
        }
    }

    mutating func terms(_ set: ItemSet) -> [ItemLogic.Term]? {
        if let cached = termCache[set] { return cached }
        let terms = ItemLogic.dnf(set, negated: false)
        if let terms { termCache[set] = terms }
        return terms
    }

    /// The deepest category a term asks for, if any.
    static func category(_ term: ItemLogic.Term) -> String? {
        var deepest: String?
        for case .category(let c) in term.positive where deepest.map({ c.count > $0.count }) ?? true { deepest = c }
        return deepest
    }

    /// Steps by the deepest category of their terms, so that a step's neighbours (the steps whose
    /// lines can meet its own) are found without comparing it with every step.
    mutating func buildIndex() {
        eligibilities = program.promos.map(\.eligibility)
        fixed = program.promos.map { SetAnalysis.fixedCondition($0).map(FixedConstraints.constraints) ?? [:] }
        groups = program.promos.map(\.combination.bestOf)
        for (i, step) in steps.enumerated() {
            for term in step.terms {
                if let c = WorstCaseAnalysis.category(term) { byCategory[c, default: []].append(i) } else { anywhere.append(i); break }
            }
        }
        categories = byCategory.keys.sorted()
        lowest = listing ? 0 : lowestLimit
    }

    /// Steps whose lines may meet the lines of `step`: same category, an ancestor or a
    /// descendant of it, or no category at all; in application order, without repeats.
    func neighbours(of step: Step) -> [Int] {
        var found = Set(anywhere)
        for term in step.terms {
            guard let c = WorstCaseAnalysis.category(term) else { return Array(steps.indices) }
            var prefix = Substring(c)
            while true {
                found.formUnion(byCategory[String(prefix)] ?? [])
                guard let slash = prefix.lastIndex(of: "/") else { break }
                prefix = prefix[..<slash]
            }
            // Descendants sort between "c/" and "c0" ("0" follows "/").
            let low = c + "/", high = c + "0"
            var k = lowerBound(low)
            while k < categories.count, categories[k] < high {
                found.formUnion(byCategory[categories[k]]!)
                k += 1
            }
        }
        return found.sorted()
    }

    func lowerBound(_ key: String) -> Int {
        var (lo, hi) = (0, categories.count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if categories[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Whether some receipt can meet both promos' schedules, stores, channels and audiences.
    mutating func compatible(_ a: Int, _ b: Int) -> Bool {
        if a == b { return true }
        let key = min(a, b) * program.promos.count + max(a, b)
        if let known = compatible[key] { return known }
        // One best-of group gives one promo.
        var can = groups[a] == nil || groups[a] != groups[b]
        can = can && Eligibility.canOverlap(eligibilities[a], eligibilities[b])
            && !FixedConstraints.disjoint(fixed[a], fixed[b])
        compatible[key] = can
        return can
    }

    // MARK: - The search

    /// The most a line can be discounted by chains through `anchor`, when that is worth reporting.
    /// Chains end at their anchor: every chain is found from its last step, among the steps
    /// before it.
    mutating func worst(anchor: Int) -> Finding? {
        let a = steps[anchor]
        var candidates: [Int] = []
        for i in neighbours(of: a) where i < anchor {
            guard compatible(a.promo, steps[i].promo), !ItemLogic.product([a.terms, steps[i].terms]).isNilOrEmpty else { continue }
            candidates.append(i)
        }
        candidates.append(anchor)
        // Nothing to report when even every candidate together, unclamped, stays within the
        // lowest limit there is.
        var everything: Int64 = 0
        for i in candidates { everything = WorstCaseAnalysis.add(steps[i], to: everything) }
        guard everything > lowest else { return nil }

        var best: Finding?
        if candidates.count <= WorstCaseAnalysis.exhaustiveCandidates {
            // Few enough to try every chain (with pruning).
            var search = Search(anchor: anchor, candidates: candidates)
            let all = [ItemLogic.Term()]
            explore(&search, at: 0, chain: Chain(steps: [], lines: all, open: all, figure: 0))
            best = search.best
        } else {
            // Many: the best of two greedy chains, one taking the largest shares first and one
            // taking the nearest promos first.
            let byShare = candidates.dropLast().sorted { (steps[$0].percent ?? 0, $1) > (steps[$1].percent ?? 0, $0) }
            for order in [byShare, candidates.dropLast().reversed()] {
                guard let chain = greedyChain(anchor: anchor, order: order), let found = assess(chain) else { continue }
                if found.score > (best?.score ?? Int64.min) { best = found }
            }
        }
        // A listing is of the anchor's lines: the anchor stays in its chain.
        return best.map { minimal($0, keeping: listing ? anchor : nil) }
    }

    /// Past this many candidates a chain is built greedily rather than searched for.
    static let exhaustiveCandidates = 14

    /// A chain through `anchor` of the candidates taken in `order` when they can join it: their
    /// promos can all meet on one receipt and one line can be in all their scopes.
    mutating func greedyChain(anchor: Int, order: [Int]) -> Chain? {
        var chosen = [anchor]
        var region = steps[anchor].terms
        for i in order {
            guard chosen.allSatisfy({ compatible(steps[$0].promo, steps[i].promo) }),
                  let both = ItemLogic.product([region, steps[i].terms]), !both.isEmpty else { continue }
            chosen.append(i)
            region = both
        }
        // Built in application order, where locks and stops may still leave steps out.
        let all = [ItemLogic.Term()]
        var chain = Chain(steps: [], lines: all, open: all, figure: 0)
        for i in chosen.sorted() {
            guard joins(steps[i], chain), let next = extend(chain, with: i) else { continue }
            chain = next
        }
        return chain.steps.last == anchor ? chain : nil
    }

    var lowestLimit: Int64 {
        var limit = WorstCaseAnalysis.whole
        if let max = options.maxDiscount { limit = Swift.min(limit, max.millionths * 1_000_000) }
        if steps.contains(where: \.ignoresRestrictions) {
            for cap in caps {
                if case .constant(.percent(let p)) = cap.rule.bound { limit = Swift.min(limit, p.millionths * 1_000_000) }
            }
        }
        return limit
    }

    struct Search {
        var anchor: Int
        var candidates: [Int]
        var nodes = 0
        var best: Finding?
        var bestScore = Int64.min
    }

    /// A chain of steps being built: the lines all its steps reach, and the lines still open to
    /// later discounts (outside its locks).
    struct Chain {
        var steps: [Int]
        var lines: [ItemLogic.Term]
        var open: [ItemLogic.Term]
        /// Unclamped.
        var figure: Int64
    }

    mutating func explore(_ search: inout Search, at k: Int, chain: Chain) {
        search.nodes += 1
        if k == search.candidates.count || search.nodes > (listing ? WorstCaseAnalysis.nodeBudget / 10 : WorstCaseAnalysis.nodeBudget) {
            if chain.steps.contains(search.anchor) { evaluate(&search, chain) }
            return
        }
        // No chain from here on can pass its limit by more than the best one found.
        var bound = chain.figure
        for c in search.candidates[k...] where joins(steps[c], chain) { bound = WorstCaseAnalysis.add(steps[c], to: bound) }
        if bound - lowest <= max(search.bestScore, 0) { return }
        if !search.candidates[k...].contains(search.anchor) && !chain.steps.contains(search.anchor) { return }

        let i = search.candidates[k]
        if joins(steps[i], chain), let next = extend(chain, with: i) {
            explore(&search, at: k + 1, chain: next)
        }
        if i != search.anchor {
            explore(&search, at: k + 1, chain: chain)
        }
    }

    /// Whether a step's promo can apply together with the chain's promos, after them.
    mutating func joins(_ step: Step, _ chain: Chain) -> Bool {
        for j in chain.steps {
            let earlier = steps[j].promo
            if earlier == step.promo { continue }
            // A `stop` ends the chain.
            if program.promos[earlier].combination.stop { return false }
            if !compatible(earlier, step.promo) { return false }
        }
        return true
    }

    /// The chain with step `i` added, or nil when no line is left for it.
    mutating func extend(_ chain: Chain, with i: Int) -> Chain? {
        let step = steps[i]
        let samePromo = chain.steps.last.map { steps[$0].promo == step.promo } ?? false
        guard let lines = ItemLogic.product([samePromo ? chain.lines : chain.open, step.terms]), !lines.isEmpty else { return nil }
        var open = lines
        // Its locks keep later discounts off its lines: later steps reach only the lines outside.
        let promo = program.promos[step.promo]
        for lock in promo.combination.locks where lock.kinds.contains(.discounts) {
            let locked = lock.scope ?? SetAnalysis.changed(promo) ?? .all
            open = ItemLogic.dnf(locked, negated: true).flatMap { ItemLogic.product([open, $0]) } ?? []
        }
        return Chain(steps: chain.steps + [i], lines: lines, open: open, figure: WorstCaseAnalysis.add(step, to: chain.figure))
    }

    /// Scores the chain at the end of a branch: how far it passes its limit.
    mutating func evaluate(_ search: inout Search, _ chain: Chain) {
        guard let finding = assess(chain), finding.score > search.bestScore else { return }
        search.bestScore = finding.score
        search.best = finding
    }

    /// The chain without the steps that add nothing to how far it passes its limit.
    mutating func minimal(_ finding: Finding, keeping anchor: Int?) -> Finding {
        var best = finding
        var k = 0
        while k < best.steps.count && best.steps.count > 1 {
            if best.steps[k] == anchor { k += 1; continue }
            var rest = best.steps
            rest.remove(at: k)
            let all = [ItemLogic.Term()]
            var chain: Chain? = Chain(steps: [], lines: all, open: all, figure: 0)
            for i in rest {
                guard let c = chain, joins(steps[i], c) else { chain = nil; break }
                chain = extend(c, with: i)
            }
            if let chain, let smaller = assess(chain), smaller.score >= best.score {
                best = smaller
            } else {
                k += 1
            }
        }
        return best
    }

    /// How far a chain passes its limits, when it does.
    mutating func assess(_ chain: Chain) -> Finding? {
        let chosen = chain.steps, lines = chain.lines
        let involved = Set(chosen.map { steps[$0].promo })
        func applies(_ clamp: Clamp) -> Bool {
            let restriction = program.restrictions[clamp.restriction]
            guard involved.allSatisfy({ Eligibility.covers(restriction.eligibility, program.promos[$0].eligibility) }) else { return false }
            return WorstCaseAnalysis.covers(clamp.rule.scope ?? .all, lines)
        }
        let cap = caps.filter(applies).min { WorstCaseAnalysis.capValue($0) < WorstCaseAnalysis.capValue($1) }
        let floored = floors.contains(where: applies) || WorstCaseAnalysis.contains(.flag("excise"), lines)

        var figure: Int64 = 0
        for j in chosen {
            let after = WorstCaseAnalysis.add(steps[j], to: figure)
            if let cap, !steps[j].ignoresRestrictions {
                figure = max(figure, min(after, WorstCaseAnalysis.capValue(cap)))
            } else {
                figure = after
            }
        }
        var candidates: [(DiagnosticCode, Int64, Clamp?)] = []
        if !floored && figure > WorstCaseAnalysis.whole { candidates.append((.discountPastLimit, WorstCaseAnalysis.whole, nil)) }
        // A promo that ignores restrictions may pass a cap on its own: that is what it says. Only
        // what the stack adds beyond every single promo of it is reported.
        if let cap {
            let single = chosen.map { WorstCaseAnalysis.add(steps[$0], to: 0) }.max() ?? 0
            let limit = max(WorstCaseAnalysis.capValue(cap), single)
            if figure > limit { candidates.append((.discountPastLimit, limit, cap)) }
        }
        if let max = options.maxDiscount, figure > max.millionths * 1_000_000 {
            candidates.append((.discountPastPolicy, max.millionths * 1_000_000, nil))
        }
        if listing {
            return Finding(steps: chosen, figure: figure, region: lines, code: .discountPastPolicy, limit: 0, cap: cap)
        }
        var worst: Finding?
        for (code, limit, clamp) in candidates where figure - limit > (worst?.score ?? 0) {
            worst = Finding(steps: chosen, figure: figure, region: lines, code: code, limit: limit, cap: clamp)
        }
        return worst
    }

    static func capValue(_ cap: Clamp) -> Int64 {
        if case .constant(.percent(let p)) = cap.rule.bound { return p.millionths * 1_000_000 }
        return whole
    }

    /// The figure after one more step: a percent of what is left, or of the original price.
    static func add(_ step: Step, to figure: Int64) -> Int64 {
        guard let p = step.percent else { return figure }
        if step.original { return figure + p * 1_000_000 }
        let left = max(0, whole - figure)
        // Rounded up: a worst case.
        let (q, r) = (p * left).quotientAndRemainder(dividingBy: 1_000_000)
        return figure + q + (r > 0 ? 1 : 0)
    }

    /// Whether every line of the region is in `set`.
    static func contains(_ set: ItemSet, _ region: [ItemLogic.Term]) -> Bool {
        guard let outside = ItemLogic.dnf(set, negated: true) else { return false }
        guard let left = ItemLogic.product([region, outside]) else { return false }
        return left.isEmpty
    }

    /// Whether a restriction's scope covers the region, taking a line outside the region's
    /// flags for one without them: `all except alcohol` covers a yogurt, though without a catalog
    /// a yogurt could be excise (excise goods have their own legal floor).
    static func covers(_ set: ItemSet, _ region: [ItemLogic.Term]) -> Bool {
        guard let outside = ItemLogic.dnf(set, negated: true) else { return false }
        for r in region {
            for o in outside {
                let flags = o.positive.filter { if case .flag = $0 { true } else { false } }
                if !flags.allSatisfy(r.positive.contains) { continue }
                let merged = r.merged(with: o)
                if ItemLogic.isSatisfiable(merged) { return false }
            }
        }
        return true
    }

    // MARK: - The listing

    /// Each line scope's largest figure, the largest first.
    mutating func list() {
        var seen: Set<[Int]> = []
        var found: [Finding] = []
        for anchor in steps.indices {
            guard let finding = worst(anchor: anchor) else { continue }
            let promos = finding.steps.map { steps[$0].promo }
            guard seen.insert(promos).inserted else { continue }
            found.append(finding)
        }
        // A chain that is part of a longer one shows nothing the longer one does not.
        let sets = found.map { Set($0.steps.map { steps[$0].promo }) }
        found = found.indices.filter { k in !sets.contains { sets[k].isStrictSubset(of: $0) } }.map { found[$0] }
        found.sort { ($0.figure, $1.steps.count) > ($1.figure, $0.steps.count) }
        listed = found.map { finding in
            let chain = finding.steps.map { steps[$0] }
            var clamp: String?
            if let cap = finding.cap, finding.figure == WorstCaseAnalysis.capValue(cap) {
                clamp = "held by `\(program.restrictions[cap.restriction].name)`"
            }
            return WorstCase(figure: WorstCaseAnalysis.percentText(finding.figure), lines: describe(chain),
                             promos: chain.map { (program.promos[$0.promo].name, shareText($0) + ($0.ignoresRestrictions ? ", ignores restrictions" : "")) },
                             clamp: clamp)
        }
    }

    // MARK: - The report

    func report(_ finding: Finding) -> Diagnostic {
        let chain = finding.steps.map { steps[$0] }
        let last = chain.last!
        let names = orderedNames(chain)
        let figure = WorstCaseAnalysis.percentText(finding.figure)
        let limit = WorstCaseAnalysis.percentText(finding.limit)
        let lines = describe(chain)
        var message: String
        switch (finding.code, finding.cap) {
        case (.discountPastPolicy, _):
            message = "\(names) can take \(figure) off a line, more than the \(limit) allowed"
        case (_, let cap?):
            let capText = WorstCaseAnalysis.percentText(WorstCaseAnalysis.capValue(cap))
            message = "\(names) can take \(figure) off a line, past the \(capText) cap of restriction `\(program.restrictions[cap.restriction].name)`"
            if finding.limit > WorstCaseAnalysis.capValue(cap) { message += " and past the \(limit) one of them gives alone" }
        default:
            message = "\(names) can take \(figure) off a line, more than its price"
        }
        var d = Diagnostic(finding.code, message, at: span(of: last), label: "takes a line of \(lines) to \(figure) off")
        for step in chain.dropLast() {
            d = d.with(span(of: step), "`\(program.promos[step.promo].name)`: \(shareText(step))")
        }
        d = d.note("on \(lines): " + chain.map { "`\(program.promos[$0.promo].name)` \(shareText($0))" }.joined(separator: ", then ") + " = \(figure)")
        if chain.contains(where: { $0.original }) && chain.count > 1 {
            d = d.note("percents of the original price add up; percents of the current price take a share of what is left")
        }
        let amountNames = amountsOn(finding)
        if !amountNames.isEmpty {
            d = d.note("amounts off and fixed prices depend on the price and are not in the figure: " + amountNames.joined(separator: ", "))
        }
        switch (finding.code, finding.cap) {
        case (.discountPastPolicy, _):
            d.help = "lower a percent, give the promos one `best of` group so only one applies, or `lock discounts` on the first"
        case (_, let cap?):
            let ignoring = chain.filter(\.ignoresRestrictions).map { "`\(program.promos[$0.promo].name)`" }
            d = d.note("\(ignoring.joined(separator: ", ")) \(ignoring.count == 1 ? "ignores" : "ignore") restrictions, so `\(program.restrictions[cap.restriction].name)` cannot clamp \(ignoring.count == 1 ? "it" : "them")")
            d.help = "remove `ignore restrictions`, or put the promos in one `best of` group"
        default:
            d.help = "add a restriction that clamps these lines (`discount <= 50% on …`), put the promos in one `best of` group, or `lock discounts` on the first"
        }
        return d
    }

    func orderedNames(_ chain: [Step]) -> String {
        var names: [String] = []
        for step in chain where !names.contains(program.promos[step.promo].name) { names.append(program.promos[step.promo].name) }
        let quotedNames = names.map { "`\($0)`" }
        return quotedNames.count == 1 ? "promo " + quotedNames[0] : "promos " + quotedNames.dropLast().joined(separator: ", ") + " and " + quotedNames.last!
    }

    func span(of step: Step) -> Span {
        let promo = program.promos[step.promo]
        return step.effect < promo.effectSpans.count ? promo.effectSpans[step.effect] : promo.nameSpan
    }

    func shareText(_ step: Step) -> String {
        let p = step.percent.map { WorstCaseAnalysis.percentText($0 * 1_000_000) } ?? "?"
        return p + (step.original ? " of the original price" : "")
    }

    /// The lines the chain is about, in the words of its scopes.
    func describe(_ chain: [Step]) -> String {
        var sets: [ItemSet] = []
        for step in chain where !sets.contains(step.scope) {
            // A scope that contains another adds nothing.
            if sets.contains(where: { ItemLogic.contains(step.scope, $0) }) { continue }
            sets.removeAll { ItemLogic.contains($0, step.scope) }
            sets.append(step.scope)
        }
        let words = sets.map { set -> String in
            switch set {
            case .all: "every line"
            case .difference(.all, let b): "lines except \(b)"
            default: "\(set)"
            }
        }
        return words.count == 1 ? words[0] : "lines of " + words.joined(separator: " and ")
    }

    /// Promos with amounts or prices that can reach the finding's lines together with its chain.
    func amountsOn(_ finding: Finding) -> [String] {
        var names: [String] = []
        let involved = finding.steps.map { steps[$0].promo }
        for step in amounts where !names.contains("`\(program.promos[step.promo].name)`") {
            guard let both = ItemLogic.product([finding.region, step.terms]), !both.isEmpty else { continue }
            let x = program.promos[step.promo]
            guard involved.allSatisfy({ y in
                let other = program.promos[y]
                return Eligibility.canOverlap(x.eligibility, other.eligibility)
                    && !FixedConstraints.disjoint(SetAnalysis.fixedCondition(x), SetAnalysis.fixedCondition(other))
            }) else { continue }
            names.append("`\(x.name)`")
            if names.count == 3 { break }
        }
        return names
    }

    /// `44%`, `12.5%`: the figure as a percent, rounded up to 0.01%.
    static func percentText(_ figure: Int64) -> String {
        let hundredths = (figure + 99_999_999) / 100_000_000
        let whole = hundredths / 100, fraction = hundredths % 100
        if fraction == 0 { return "\(whole)%" }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)%" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)%"
    }
}

/// The largest discount a set can give a line of some scope: `promo check --discounts`.
public struct WorstCase: Sendable {
    /// `44%`.
    public var figure: String
    /// The lines, in the words of the promos' scopes.
    public var lines: String
    /// The promos in the order they apply, each with its share (`20%`, `30% of the original price`).
    public var promos: [(name: String, share: String)]
    /// The restriction that holds the figure, when one does.
    public var clamp: String?
}

extension Analysis {
    /// Every line scope's worst-case discount, the largest first: one entry per chain of promos.
    public static func worstCases(_ program: Program, options: AnalysisOptions = AnalysisOptions()) -> [WorstCase] {
        ItemLogic.$catalog.withValue(options.catalog) {
            var analysis = WorstCaseAnalysis(program: program, options: options)
            analysis.listing = true
            analysis.run()
            return analysis.listed
        }
    }
}

extension Optional where Wrapped == [ItemLogic.Term] {
    var isNilOrEmpty: Bool { self?.isEmpty ?? true }
}
