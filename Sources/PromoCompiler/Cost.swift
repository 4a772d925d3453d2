import PromoBytecode
import PromoDiagnostics
import PromoSemantics

// The worst-case cost of evaluating a receipt, in the VM's steps, as a function of the
// receipt's number of lines `n`: `base + perLine × n`. The figure is sound for the VM's own
// count (`EvaluationResult.steps`), which adds
//
// - one step per instruction the interpreter dispatches, or that an eligibility prologue checked
//   before it would have (`Evaluator+Gates.swift` counts what the interpreter would have);
//   jumps only go forward, so a unit's code runs each instruction at most once a run;
// - one step per line a discount is given to or cut on (`discount(_:_:units:)`, and the lines
//   of a receipt amount given their shares directly);
// - for a bundle, the lines of each set it forms, besides their discounts;
// - `program length × words of 64 lines` for each item set, computed once per receipt.
//
// Everything else the VM does per line (binding, sums over a set, locks, finishing) is not
// counted as steps, so it is not part of the figure either.

/// A number of steps as a function of the receipt's lines: `base + perLine × n`.
public struct StepFigure: Hashable, Sendable, CustomStringConvertible {
    public var base: Int64
    public var perLine: Int64

    public init(base: Int64 = 0, perLine: Int64 = 0) {
        self.base = base
        self.perLine = perLine
    }

    public static let zero = StepFigure()

    /// The figure for a receipt of `lines` lines (saturating, never negative).
    public func steps(lines: Int) -> Int64 {
        StepFigure.add(base, StepFigure.multiply(perLine, Int64(max(0, lines))))
    }

    public static func + (a: StepFigure, b: StepFigure) -> StepFigure {
        StepFigure(base: add(a.base, b.base), perLine: add(a.perLine, b.perLine))
    }

    public static func += (a: inout StepFigure, b: StepFigure) { a = a + b }

    /// Each coefficient the larger of the two: a figure at least as large as either.
    public static func larger(_ a: StepFigure, _ b: StepFigure) -> StepFigure {
        StepFigure(base: max(a.base, b.base), perLine: max(a.perLine, b.perLine))
    }

    /// `base + perLine·n`.
    public var description: String { "\(base) + \(perLine)·n" }

    static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (v, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : v
    }

    static func multiply(_ a: Int64, _ b: Int64) -> Int64 {
        let (v, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : v
    }
}

/// The worst-case steps of one unit of a bundle (a promo, a tier program or a restriction) each
/// time it runs: its instructions and what its effects may count.
public struct UnitCost: Hashable, Sendable {
    /// The promo's, tier program's or restriction's name.
    public var name: String
    public var kind: UnitKind
    /// Its index among the bundle's units.
    public var unit: Int
    /// Its instructions: each runs at most once.
    public var instructions: Int64
    /// The whole figure: the instructions and the effects.
    public var figure: StepFigure
    /// Where it is declared (its name), when the cost was computed from the checked program.
    public var span: Span?

    public var base: Int64 { figure.base }
    public var perLine: Int64 { figure.perLine }

    /// The figure at `lines` lines.
    public func steps(lines: Int) -> Int64 { figure.steps(lines: lines) }
}

/// A part of the cost that belongs to no single unit.
public struct SharedCost: Hashable, Sendable {
    /// What it is: "item sets", or "best of `group` rerun" (the member of a best-of group run a second time).
    public var name: String
    public var figure: StepFigure

    public var base: Int64 { figure.base }
    public var perLine: Int64 { figure.perLine }
}

/// The worst-case steps of one evaluation with a bundle: the sum of its units' figures (each
/// unit runs at most once per receipt) and of the shared part. The bundle's step budget
/// (`stepBase`, `stepPerLine`) is this figure.
public struct BundleCost: Hashable, Sendable {
    /// Restrictions first, then the promos and tier programs, in the order the VM applies them.
    public var units: [UnitCost]
    public var shared: [SharedCost]

    /// The whole bundle: every unit and the shared part.
    public var figure: StepFigure {
        units.reduce(shared.reduce(StepFigure.zero) { $0 + $1.figure }) { $0 + $1.figure }
    }
    public var base: Int64 { figure.base }
    public var perLine: Int64 { figure.perLine }

    /// The bundle's worst case at `lines` lines.
    public func steps(lines: Int) -> Int64 { figure.steps(lines: lines) }

    /// The units, costliest at `lines` lines first (ties in application order).
    public func costliest(lines: Int) -> [UnitCost] {
        units.enumerated().sorted { a, b in
            let (x, y) = (a.element.steps(lines: lines), b.element.steps(lines: lines))
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }

    /// The cost of a compiled bundle (without source places).
    public init(model m: BundleModel) {
        let calculator = CostCalculator(model: m)
        units = calculator.order.map { u in
            UnitCost(name: m.strings[Int(m.units[u].name)], kind: m.units[u].kind, unit: u,
                     instructions: Int64(m.units[u].codeEnd) - Int64(m.units[u].codeStart),
                     figure: calculator.figure(ofUnit: u), span: nil)
        }
        shared = calculator.shared(units: units)
    }
}

extension BundleCompiler {
    /// The worst-case cost of a checked program's bundle, with the place of each unit.
    public static func cost(_ program: Program) -> BundleCost {
        cost(program, model: compile(program))
    }

    /// The worst-case cost of `model`, the bundle compiled from `program`: the same figures
    /// as ``BundleCost/init(model:)``, with the place of each unit.
    public static func cost(_ program: Program, model: BundleModel) -> BundleCost {
        var cost = BundleCost(model: model)
        // The units were compiled in this order: promos, tier programs, restrictions.
        let spans = program.promos.map(\.nameSpan) + program.tiers.map(\.nameSpan) + program.restrictions.map(\.nameSpan)
        for k in cost.units.indices where cost.units[k].unit < spans.count {
            cost.units[k].span = spans[cost.units[k].unit]
        }
        return cost
    }
}

/// Works out the figures of a bundle's units from its code and effect tables.
struct CostCalculator {
    let m: BundleModel

    /// A bundle effect forms at most this many sets on one receipt (`Evaluator.maxBundleSets`
    /// in the VM: the two must agree).
    static let maxBundleSets: Int64 = 10_000
    /// Where a figure has two sound forms (a constant, or so much per line), the one smaller at
    /// this many lines is kept.
    static let referenceLines: Int64 = 100

    init(model: BundleModel) {
        m = model
    }

    /// Restrictions (the VM applies them first), then the promos and tier programs by priority
    /// (tier programs without one last), ties in the bundle's order: as `LoadedBundle` orders them.
    var order: [Int] {
        let restrictions = m.units.indices.filter { m.units[$0].kind == .restriction }
        let runnable = m.units.indices.filter { m.units[$0].kind != .restriction }
            .sorted { (m.units[$0].priority, $0) < (m.units[$1].priority, $1) }
        return restrictions + runnable
    }

    /// The instructions of unit `u`, decoded; unknown words are left out (the verifier refuses them).
    func instructions(ofUnit u: Int) -> [Instruction] {
        let info = m.units[u]
        let start = Int(info.codeStart), end = min(Int(info.codeEnd), m.code.count)
        guard start < end else { return [] }
        return m.code[start..<end].compactMap { Instruction(word: $0) }
    }

    /// How many times a repeating effect of unit `u` may apply on one receipt: its per-receipt
    /// use limits (as `LoadedBundle.repeatLimits`).
    func repeatLimit(ofUnit u: Int) -> Int64 {
        var limit = Int64.max
        for ins in instructions(ofUnit: u) where ins.opcode == .limit && Int(ins.a) < m.limits.count {
            let l = m.limits[Int(ins.a)]
            if l.perReceipt && !l.units { limit = min(limit, l.count) }
        }
        return limit
    }

    /// Unit `u`'s figure: each instruction once, and its effects (a tier program: the effects
    /// of its costliest level).
    func figure(ofUnit u: Int) -> StepFigure {
        let code = instructions(ofUnit: u)
        let limit = repeatLimit(ofUnit: u)
        var figure = StepFigure(base: Int64(code.count))
        for ins in code {
            switch ins.opcode {
            case .effect where Int(ins.a) < m.effects.count:
                figure += effectFigure(m.effects[Int(ins.a)], repeatLimit: limit)
            case .applyTier where Int(ins.a) < m.tiers.count:
                var costliest = StepFigure.zero
                for level in m.tiers[Int(ins.a)].levels {
                    var levelFigure = StepFigure.zero
                    let start = Int(level.effectStart), end = min(start + Int(level.effectCount), m.effects.count)
                    for e in start..<max(start, end) { levelFigure += effectFigure(m.effects[e], repeatLimit: limit) }
                    costliest = .larger(costliest, levelFigure)
                }
                figure += costliest
            default:
                break
            }
        }
        return figure
    }

    /// `k` steps for each of at most `count` lines: `k × min(n, count)`, as a constant or per
    /// line, whichever is smaller at ``referenceLines``.
    static func atMost(_ count: Int64, lines k: Int64) -> StepFigure {
        count <= referenceLines ? StepFigure(base: StepFigure.multiply(k, max(0, count))) : StepFigure(perLine: k)
    }

    /// What an effect may count: a step per line it gives a discount to, and for a bundle the
    /// lines of each set it forms.
    func effectFigure(_ effect: EffectInfo, repeatLimit: Int64) -> StepFigure {
        switch effect {
        case .discount(_, _, _, let target), .fixedPrice(_, let target, _):
            switch target.kind {
            // Each line of the set (every line but the excepted ones) once.
            case .lines, .receipt:
                if case .fixedPrice = effect, target.kind == .receipt { return .zero }
                return StepFigure(perLine: 1)
            // The picked units lie on at most `count` lines.
            case .cheapest, .mostExpensive:
                return CostCalculator.atMost(target.count, lines: 1)
            }
        case .buyGet(_, _, let get, _, _, _, _, let repeating):
            // The rewarded units: `get` for each application, at most `repeatLimit` of them.
            let applications = repeating ? repeatLimit : 1
            return CostCalculator.atMost(StepFigure.multiply(max(0, get), applications), lines: 1)
        case .round:
            return StepFigure(perLine: 1)
        case .bundle(let components, _, let repeating):
            return CostCalculator.bundleFigure(components, repeating: repeating, repeatLimit: repeatLimit)
        case .accrue, .redeemChips, .gift, .issueCoupon:
            // Accruals are worked out when the receipt is finished, which counts no steps.
            return .zero
        }
    }

    /// A bundle counts, for each set it forms, the set's lines and a discount on each of them:
    /// `2 × L` for `L` lines in the set. With `S` sets at most and `C` units in one set:
    /// a set's lines are at most `min(n, C)`; and across the sets, each of the `k` components
    /// takes from a line it then leaves with no free unit, or from the one line it stops on,
    /// so the sets hold at most `k × (n + S)` lines in all. The smaller of the forms
    /// `2·S·C`, `2·S·n` and `2k·S + 2k·n` at ``referenceLines`` is kept.
    static func bundleFigure(_ components: [BundleComponentInfo], repeating: Bool, repeatLimit: Int64) -> StepFigure {
        let sets = repeating ? max(0, min(repeatLimit, maxBundleSets)) : 1
        let units = components.reduce(Int64(0)) { StepFigure.add($0, max(0, $1.count)) }
        let k = Int64(components.filter { $0.count > 0 }.count)
        let twice = StepFigure.multiply(2, sets)
        let forms = [
            StepFigure(base: StepFigure.multiply(twice, units)),
            StepFigure(perLine: twice),
            StepFigure(base: StepFigure.multiply(twice, k), perLine: 2 * k),
        ]
        return forms.min { a, b in
            let (x, y) = (a.steps(lines: Int(referenceLines)), b.steps(lines: Int(referenceLines)))
            return x != y ? x < y : a.perLine < b.perLine
        }!
    }

    /// What belongs to no unit: the item sets (each computed once per receipt, `length × words`
    /// steps with `words = ⌈n / 64⌉`, at least 1, so at most `length + ⌈length / 64⌉·n`), and
    /// in each best-of group the member the VM runs a second time (the best one, when it is
    /// not the last tried): the larger of the figures of the members but the last.
    func shared(units: [UnitCost]) -> [SharedCost] {
        var shared: [SharedCost] = []
        let length = m.itemSets.reduce(Int64(0)) { $0 + Int64($1.count) }
        shared.append(SharedCost(name: "item sets", figure: StepFigure(base: length, perLine: (length + 63) / 64)))
        var groups: [Int32] = []
        for cost in units where m.units[cost.unit].group >= 0 && !groups.contains(m.units[cost.unit].group) {
            groups.append(m.units[cost.unit].group)
        }
        for group in groups {
            // The last member in the order never runs twice: tried last, it stands when it is
            // the best.
            let members = units.filter { m.units[$0.unit].group == group }.dropLast()
            guard !members.isEmpty else { continue }
            let again = members.reduce(StepFigure.zero) { .larger($0, $1.figure) }
            let name = Int(group) < m.strings.count ? m.strings[Int(group)] : "\(group)"
            shared.append(SharedCost(name: "best of `\(name)` rerun", figure: again))
        }
        return shared
    }
}
