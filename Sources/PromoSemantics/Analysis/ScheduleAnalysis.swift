import PromoDiagnostics
import PromoSyntax

/// Schedules that no receipt can meet (P0503: the `active` period, `weekdays`, `days` and
/// `hours` never hold at one minute, or no store passes the `stores` filter) and schedules already
/// over on the day of the check (P0504, with `--today`).
///
/// A receipt's minute is checked the way the VM checks it: `active` against the minute stamp,
/// `hours` against the minute of the day, `weekdays` and `days` against the receipt's own
/// calendar day. An hours window past midnight (`22:00 .. 02:00`) therefore covers the early
/// minutes of a day under that day's weekday and day of the month, not the evening's before.
struct ScheduleAnalysis {
    let program: Program
    let today: DateLiteral?
    var diagnostics: [Diagnostic] = []

    init(program: Program, today: DateLiteral?) {
        self.program = program
        self.today = today
    }

    /// A promo, tier program or restriction: the units that have an eligibility.
    struct Unit {
        var kind: String
        var name: String
        var nameSpan: Span
        var eligibility: Eligibility
        /// Known for promos; found in the source for the others when a diagnostic needs them.
        var clauses: ClauseSpans?
    }

    /// The diagnostics of every promo, tier program and restriction of the program.
    static func run(_ program: Program, today: DateLiteral?) -> [Diagnostic] {
        var analysis = ScheduleAnalysis(program: program, today: today)
        analysis.run()
        return analysis.diagnostics
    }

    mutating func run() {
        for promo in program.promos {
            check(Unit(kind: "promo", name: promo.name, nameSpan: promo.nameSpan, eligibility: promo.eligibility,
                       clauses: promo.clauses))
        }
        for tier in program.tiers {
            check(Unit(kind: "tier program", name: tier.name, nameSpan: tier.nameSpan, eligibility: tier.eligibility))
        }
        for restriction in program.restrictions {
            check(Unit(kind: "restriction", name: restriction.name, nameSpan: restriction.nameSpan,
                       eligibility: restriction.eligibility))
        }
    }

    mutating func check(_ unit: Unit) {
        var unit = unit
        var empty = false
        if let reasons = ScheduleAnalysis.emptyScheduleReasons(unit.eligibility) {
            reportEmptySchedule(&unit, reasons)
            empty = true
        }
        if let stores = unit.eligibility.stores, let conflict = ScheduleAnalysis.storeConflict(stores) {
            reportEmptyStores(&unit, conflict)
        }
        // An empty schedule is the error to fix first; that it is also over says nothing more.
        if !empty, let today, let active = unit.eligibility.active,
           active.upperBound <= MinuteStamp(today.dayNumber) * 1440 {
            reportStale(&unit, active, today)
        }
    }

    // MARK: - Days of a schedule

    /// A schedule reduced to what the VM checks per minute.
    struct DayRule {
        /// Bit `w` (0 is Monday) for each weekday allowed; all seven without `weekdays`.
        var weekdays: UInt8 = 0x7F
        /// Bit `d` for day `d` of the month (1...31); bit `32 + k` for day `-k`, as the VM's mask.
        var days: UInt64?
        var hours: [Range<Int>] = []

        init(_ e: Eligibility) {
            if let set = e.weekdays { weekdays = set.reduce(0) { $0 | 1 << UInt8($1.rawValue) } }
            if let set = e.days {
                days = set.reduce(0) { mask, day in day > 0 ? mask | 1 << UInt64(day) : mask | 1 << UInt64(32 - day) }
            }
            hours = e.hours.flatMap(\.ranges)
        }

        func onWeekday(_ weekday: Int) -> Bool { weekdays >> UInt8(weekday) & 1 != 0 }

        func onDay(_ day: Int, monthLength: Int) -> Bool {
            guard let days else { return true }
            let fromEnd = monthLength - day + 1
            return days >> UInt64(day) & 1 != 0 || days >> UInt64(32 + fromEnd) & 1 != 0
        }

        /// Whether the hours meet the minutes `from..<to` of a day.
        func inHours(_ from: Int, _ to: Int) -> Bool {
            guard from < to else { return false }
            return hours.isEmpty || hours.contains { $0.overlaps(from..<to) }
        }
    }

    /// One calendar day of an `active` period, with the minutes of it the period covers.
    struct Day {
        var number: Int
        var date: DateLiteral
        /// 0 is Monday.
        var weekday: Int
        var monthLength: Int
        var from: Int
        var to: Int
    }

    /// Every day of the period in order until `body` returns false. Dates advance by counting,
    /// not by converting each day number.
    static func forEachDay(of active: Range<MinuteStamp>, _ body: (Day) -> Bool) {
        let first = floorDiv(active.lowerBound, 1440), last = floorDiv(active.upperBound - 1, 1440)
        var date = DateLiteral(dayNumber: Int(first))
        var weekday = Weekday(date: date).rawValue
        var length = DateLiteral.daysIn(month: date.month, year: date.year)
        var n = first
        while n <= last {
            let start = n * 1440
            let day = Day(number: Int(n), date: date, weekday: weekday, monthLength: length,
                          from: Int(max(active.lowerBound - start, 0)), to: Int(min(active.upperBound - start, 1440)))
            guard body(day) else { return }
            n += 1
            weekday = (weekday + 1) % 7
            date.day += 1
            if date.day > length {
                date.day = 1
                date.month += 1
                if date.month > 12 {
                    date.month = 1
                    date.year += 1
                }
                length = DateLiteral.daysIn(month: date.month, year: date.year)
            }
        }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// Days in 400 Gregorian years: a period this long holds every weekday on every day of the
    /// month in months of every length, so any non-empty `weekdays` and `days` meet in it.
    static let calendarCycle: Int64 = 146_097

    /// Why no minute of the schedule can match, or nil when some minute can.
    static func emptyScheduleReasons(_ e: Eligibility) -> ScheduleReasons? {
        // Without a period every weekday falls on every day of the month some time, and hours
        // windows are never empty; a period alone holds at least a minute (the checker saw to it).
        guard let active = e.active, e.weekdays != nil || e.days != nil || !e.hours.isEmpty else { return nil }
        // Sets left empty only after an error the checker already reported.
        if e.weekdays?.isEmpty == true || e.days?.isEmpty == true { return nil }
        if floorDiv(active.upperBound - 1, 1440) - floorDiv(active.lowerBound, 1440) >= calendarCycle { return nil }
        let rule = DayRule(e)
        var matches = false
        forEachDay(of: active) { day in
            matches = rule.inHours(day.from, day.to) && rule.onWeekday(day.weekday)
                && rule.onDay(day.date.day, monthLength: day.monthLength)
            return !matches
        }
        if matches { return nil }
        return ScheduleReasons(e, rule, active)
    }

    /// What the days of an empty schedule have, for saying why none matches.
    struct ScheduleReasons {
        var active: Range<MinuteStamp>
        /// Days whose covered minutes meet the hours.
        var inHours = 0
        var totalDays = 0
        var firstInHours: Day?
        var lastInHours: Day?
        /// Weekdays of the days in hours (bit 0 is Monday).
        var weekdaysInHours: UInt8 = 0
        /// Days in hours on one of the days of the month asked for.
        var onDays = 0
        /// The months the period touches, as (year, month).
        var months: [(year: Int, month: Int)] = []

        init(_ e: Eligibility, _ rule: DayRule, _ active: Range<MinuteStamp>) {
            self.active = active
            var inHours = 0, total = 0, onDays = 0
            var first: Day?, last: Day?
            var weekdaysInHours: UInt8 = 0
            var months: [(year: Int, month: Int)] = []
            ScheduleAnalysis.forEachDay(of: active) { day in
                total += 1
                if months.last.map({ $0.year != day.date.year || $0.month != day.date.month }) ?? true {
                    months.append((day.date.year, day.date.month))
                }
                guard rule.inHours(day.from, day.to) else { return true }
                inHours += 1
                if first == nil { first = day }
                last = day
                weekdaysInHours |= 1 << UInt8(day.weekday)
                if rule.onDay(day.date.day, monthLength: day.monthLength) { onDays += 1 }
                return true
            }
            self.inHours = inHours
            self.totalDays = total
            self.firstInHours = first
            self.lastInHours = last
            self.weekdaysInHours = weekdaysInHours
            self.onDays = onDays
            self.months = months
        }
    }

    // MARK: - Reporting an empty schedule

    mutating func reportEmptySchedule(_ unit: inout Unit, _ r: ScheduleReasons) {
        let e = unit.eligibility
        let rule = DayRule(e)
        let clauses = clauseSpans(&unit)
        let period = ScheduleAnalysis.describePeriod(r.active, months: r.months)
        let activeSpan = clauses["active"]
        var primary: (span: Span, label: String)?
        var secondary: [(Span?, String)] = []
        var notes: [String] = []
        var help: String

        func place(_ keyword: String, _ label: String) {
            let span = clauses[keyword]
            if primary == nil, let span { primary = (span, label) } else { secondary.append((span, label)) }
        }

        if r.inHours == 0 {
            let hours = e.hours.map { "\(time($0.start)) .. \(time($0.end))" }.joined(separator: ", ")
            place("hours", "only \(hours)")
            notes.append("\(period) has no minute within the hours \(hours)")
            help = "change `hours`, or widen `active`"
        } else {
            let weekdaysFail = r.weekdaysInHours & rule.weekdays == 0
            let daysFail = r.onDays == 0
            let trimmed = r.inHours < r.totalDays ? "within its hours, " : ""
            if weekdaysFail {
                let wanted = ScheduleAnalysis.describeWeekdays(rule.weekdays)
                place("weekdays", "only on \(wanted)")
                notes.append(trimmed + describeWeekdaysOf(r, period: period))
            }
            if daysFail {
                place("days", "only on \(ScheduleAnalysis.describeDays(e.days ?? []))")
                notes.append(trimmed + "\(period) has no \(ScheduleAnalysis.describeDays(e.days ?? []))")
            }
            if !weekdaysFail && !daysFail {
                // Each holds on some day, never both on the same day.
                let days = ScheduleAnalysis.describeDays(e.days ?? [])
                place("days", "only on \(days)")
                place("weekdays", "only on \(ScheduleAnalysis.describeWeekdays(rule.weekdays))")
                notes.append("\(trimmed)in \(period), \(days) is never \(ScheduleAnalysis.describeWeekdays(rule.weekdays, or: true))")
            }
            if let days = e.days, days.contains(where: { $0 < 0 }), daysFail || (!weekdaysFail && !daysFail) {
                notes.append("negative days count from the month's end: -1 is the last day")
            }
            switch (weekdaysFail, daysFail) {
            case (true, false): help = "change `weekdays` to days the period has, or widen `active`"
            case (false, true): help = "change `days` to days the period has (`-1` is the last day of any month), or widen `active`"
            default: help = "change `weekdays` or `days`, or widen `active`"
            }
        }
        // Under `active`: what the period has that the other clauses miss.
        var labelActive = r.months.count == 1 && !period.contains("..") ? period : "the period"
        if r.inHours > 0, r.weekdaysInHours & rule.weekdays == 0, let first = r.firstInHours, let last = r.lastInHours {
            let between = last.number - first.number == 1 ? "and" : "to"
            labelActive = first.number == last.number ? "a \(weekdayNames[first.weekday])"
                : "\(weekdayNames[first.weekday]) \(between) \(weekdayNames[last.weekday])"
        }
        let (span, label) = primary ?? (activeSpan ?? unit.nameSpan, labelActive)
        var d = Diagnostic(.emptySchedule, "the schedule of \(unit.kind) `\(unit.name)` matches no day", at: span, label: label)
        if primary != nil, let activeSpan { d = d.with(activeSpan, labelActive) }
        for (span, label) in secondary {
            if let span { d = d.with(span, label) }
        }
        if span != unit.nameSpan { d = d.with(unit.nameSpan, "can never apply") }
        for note in notes { d = d.note(note) }
        diagnostics.append(d.help(help))
    }

    static let weekdayNames = Weekday.allCases.map { $0.fullName.capitalizedFirst }
    var weekdayNames: [String] { ScheduleAnalysis.weekdayNames }

    func describeWeekdaysOf(_ r: ScheduleReasons, period: String) -> String {
        guard let first = r.firstInHours, let last = r.lastInHours else { return "" }
        let names = weekdayNames
        let count = last.number - first.number + 1
        if count == 1 { return "\(period) is a \(names[first.weekday])" }
        if count == 2 { return "\(period) are a \(names[first.weekday]) and a \(names[last.weekday])" }
        return "\(period) are \(names[first.weekday]) to \(names[last.weekday])"
    }

    func time(_ minutes: Int) -> String {
        TimeLiteral(hour: minutes / 60, minute: minutes % 60).description
    }

    /// `February 2027`, `2027-03-01`, `2027-03-01 .. 2027-03-05` or with times when the period
    /// does not start or end at midnight.
    static func describePeriod(_ active: Range<MinuteStamp>, months: [(year: Int, month: Int)]) -> String {
        let firstDay = floorDiv(active.lowerBound, 1440), endDay = floorDiv(active.upperBound, 1440)
        let first = DateLiteral(dayNumber: Int(firstDay))
        let wholeDays = active.lowerBound % 1440 == 0 && active.upperBound % 1440 == 0
        if wholeDays {
            let last = DateLiteral(dayNumber: Int(endDay) - 1)
            if months.count == 1, first.day == 1, last.day == DateLiteral.daysIn(month: last.month, year: last.year) {
                return "\(monthNames[first.month - 1]) \(first.year)"
            }
            return first == last ? "\(first)" : "\(first) .. \(last)"
        }
        func stamp(_ m: MinuteStamp) -> String {
            let day = floorDiv(m, 1440), minute = Int(m - day * 1440)
            return "\(DateLiteral(dayNumber: Int(day))) \(TimeLiteral(hour: minute / 60, minute: minute % 60))"
        }
        return "\(stamp(active.lowerBound)) .. \(stamp(active.upperBound))"
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]

    /// `Saturday and Sunday`, `Monday to Friday`, `Monday, Wednesday and Friday`; with `or`:
    /// `a Sunday or a Thursday`.
    static func describeWeekdays(_ mask: UInt8, or: Bool = false) -> String {
        let names = Weekday.allCases.map { $0.fullName.capitalizedFirst }
        let days = (0..<7).filter { mask >> UInt8($0) & 1 != 0 }
        if or { return list(days.map { "a \(names[$0])" }, "or") }
        return list(runs(days) { names[$0] }, "and")
    }

    /// Consecutive values of three or more as one `first to last`, the others one by one:
    /// `[1, 2, 3, 5]` is `1 to 3`, `5`.
    static func runs(_ values: [Int], _ name: (Int) -> String) -> [String] {
        var parts: [String] = []
        var k = 0
        while k < values.count {
            var end = k
            while end + 1 < values.count, values[end + 1] == values[end] + 1 { end += 1 }
            if end - k >= 2 {
                parts.append("\(name(values[k])) to \(name(values[end]))")
            } else {
                parts += values[k...end].map(name)
            }
            k = end + 1
        }
        return parts
    }

    /// `day 30 or 31`, `day 25 to 31`, `day -1`.
    static func describeDays(_ days: Set<Int>) -> String {
        let sorted = days.filter { $0 > 0 }.sorted() + days.filter { $0 < 0 }.sorted()
        return "day " + list(runs(sorted) { String($0) }, "or")
    }

    static func list(_ parts: [String], _ word: String) -> String {
        guard parts.count > 1 else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " \(word) " + parts.last!
    }

    // MARK: - Store filters

    /// A field the store filter asks two things of that no store has.
    struct StoreConflict {
        var field: StoreField
        /// The values each `==` or `in` part allows.
        var allowed: [Set<Constant>]
        var excluded: Set<Constant>
    }

    /// The field no store can satisfy, when the filter is a conjunction of equalities
    /// (``StoreConstraints``) and one of its fields can have no value. Groups are left alone: a
    /// store may be in several.
    static func storeConflict(_ filter: Value) -> StoreConflict? {
        guard let merged = StoreConstraints.constraints(filter) else { return nil }
        for field in StoreField.allCases where field != .group {
            guard let c = merged[field], let only = c.only, only.subtracting(c.excluded).isEmpty else { continue }
            var parts: [Value] = []
            func flatten(_ v: Value) {
                if case .and(let a, let b) = v { flatten(a); flatten(b) } else { parts.append(v) }
            }
            flatten(filter)
            let allowed = parts.compactMap { StoreConstraints.constraints($0)?[field]?.only }
            return StoreConflict(field: field, allowed: allowed, excluded: c.excluded)
        }
        return nil
    }

    mutating func reportEmptyStores(_ unit: inout Unit, _ c: StoreConflict) {
        let clauses = clauseSpans(&unit)
        let span = clauses["stores"] ?? unit.nameSpan
        let field = c.field.rawValue
        func show(_ values: Set<Constant>) -> [String] {
            values.map(ScheduleAnalysis.show).sorted()
        }
        let label: String, note: String, help: String
        let together = c.allowed.reduce(into: c.allowed.first ?? []) { $0.formIntersection($1) }
        if together.isEmpty {
            let asked = c.allowed.map { ScheduleAnalysis.list(show($0), "or") }
            label = "no store has \(field) " + asked.joined(separator: " and also ")
            note = "a store has one \(field)"
            let all = c.allowed.reduce(into: Set<Constant>()) { $0.formUnion($1) }.subtracting(c.excluded)
            help = "to accept any of them, write `\(field) in (\(show(all).joined(separator: ", ")))`"
        } else {
            label = "every \(field) it accepts is excluded"
            note = "it accepts \(field) \(ScheduleAnalysis.list(show(together), "or")) and excludes \(ScheduleAnalysis.list(show(c.excluded.intersection(together)), "and"))"
            help = "remove the `!=` or `not in` that excludes them"
        }
        var d = Diagnostic(.emptySchedule, "no store can run \(unit.kind) `\(unit.name)`", at: span, label: label)
        if span != unit.nameSpan { d = d.with(unit.nameSpan, "can never apply") }
        diagnostics.append(d.note(note).help(help))
    }

    static func show(_ c: Constant) -> String {
        switch c {
        case .string(let s): quoted(s)
        case .count(let n): "\(n)"
        default: "\(c)"
        }
    }

    // MARK: - Stale schedules

    mutating func reportStale(_ unit: inout Unit, _ active: Range<MinuteStamp>, _ today: DateLiteral) {
        let clauses = clauseSpans(&unit)
        let lastDay = DateLiteral(dayNumber: Int(ScheduleAnalysis.floorDiv(active.upperBound - 1, 1440)))
        let span = clauses["active"] ?? unit.nameSpan
        var d = Diagnostic(.staleSchedule, "\(unit.kind) `\(unit.name)` ended on \(lastDay)", at: span,
                           label: "over before \(today)")
        if span != unit.nameSpan { d = d.with(unit.nameSpan, "never applies again") }
        diagnostics.append(d.note("the set is checked as of \(today) (`--today`)")
            .help("remove it, or move it out of the checked files to an archive"))
    }

    // MARK: - Clause spans

    /// The clauses of a unit: a promo keeps them; for a tier program or a restriction they are
    /// read again from its source (only when a diagnostic needs them).
    func clauseSpans(_ unit: inout Unit) -> ClauseSpans {
        if let known = unit.clauses { return known }
        var spans = ClauseSpans()
        let (syntax, _) = Parser.parse(program.sources[unit.nameSpan.file])
        for declaration in syntax.declarations {
            let clauses: [Clause]
            switch declaration.kind {
            case .tiers(let t) where t.name.span == unit.nameSpan: clauses = t.clauses
            case .restriction(let r) where r.name.span == unit.nameSpan: clauses = r.clauses
            default: continue
            }
            for clause in clauses where spans[clause.keyword.text] == nil { spans[clause.keyword.text] = clause.span }
        }
        unit.clauses = spans
        return spans
    }
}

extension String {
    fileprivate var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
