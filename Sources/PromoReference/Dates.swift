import PromoVM

// The calendar of the reference evaluator: the proleptic Gregorian calendar counted in days from
// 1970-01-01, written out plainly (by months and years) rather than by formula.

enum Dates {
    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func days(inYear year: Int) -> Int { isLeap(year) ? 366 : 365 }

    /// Whether the date exists (years 1 to 9999).
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...9999).contains(year) && (1...12).contains(month) && day >= 1 && day <= days(inMonth: month, year: year)
    }

    /// Days in 400 Gregorian years: the calendar repeats after them.
    static let daysIn400Years = 146_097

    /// `a / b` rounded toward minus infinity.
    static func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Days from 1970-01-01 to the date (negative before it): whole 400-year cycles, then the
    /// years, then the months of its year.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let cycles = floorDivide(year - 1970, 400)
        var n = cycles * daysIn400Years
        for y in (1970 + cycles * 400)..<year { n += days(inYear: y) }
        for m in 1..<max(1, month) { n += days(inMonth: m, year: year) }
        return n + day - 1
    }

    static func dayNumber(_ d: LocalDate) -> Int { dayNumber(year: d.year, month: d.month, day: d.day) }

    /// The date `n` days after 1970-01-01: whole 400-year cycles, then years, then months.
    static func date(dayNumber n: Int) -> LocalDate {
        let cycles = floorDivide(n, daysIn400Years)
        var year = 1970 + cycles * 400, rest = n - cycles * daysIn400Years
        while rest >= days(inYear: year) {
            rest -= days(inYear: year)
            year += 1
        }
        var month = 1
        while rest >= days(inMonth: month, year: year) {
            rest -= days(inMonth: month, year: year)
            month += 1
        }
        return LocalDate(year: year, month: month, day: rest + 1)
    }

    /// 0 for Monday … 6 for Sunday: 1970-01-01 was a Thursday (3).
    static func weekday(dayNumber n: Int) -> Int {
        let r = (n + 3) % 7
        return r < 0 ? r + 7 : r
    }

    /// The date `months` calendar months after `d` (before, when negative), its day held to the
    /// length of the month it lands in (mechanics.md: "months/years as calendar months").
    static func adding(months: Int, to d: LocalDate) -> LocalDate {
        let index = d.year * 12 + (d.month - 1) + months
        let year = floorDivide(index, 12), month = index - year * 12 + 1
        return LocalDate(year: year, month: month, day: min(d.day, days(inMonth: month, year: year)))
    }

    /// Days between `d` and the nearest anniversary of `birthday` (last year's, this year's or
    /// next year's); a 29 February birthday falls on 28 February in other years (mechanics.md,
    /// "Birthday").
    static func daysToAnniversary(of birthday: LocalDate, from d: LocalDate) -> Int {
        let today = dayNumber(d)
        return anniversaries(of: birthday, around: d.year).map { abs($0 - today) }.min() ?? Int.max
    }

    /// The day numbers of the anniversaries of `birthday` in the year before `year`, in `year`
    /// and in the year after; a 29 February birthday falls on 28 February in other years.
    static func anniversaries(of birthday: LocalDate, around year: Int) -> [Int] {
        ((year - 1)...(year + 1)).map { y in
            let day = birthday.month == 2 && birthday.day == 29 && !isLeap(y) ? 28 : birthday.day
            return dayNumber(year: y, month: birthday.month, day: day)
        }
    }
}
