/// Calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian).
public enum Calendar {
    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func dayNumber(_ d: LocalDate) -> Int {
        let y = d.month <= 2 ? d.year - 1 : d.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (d.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + d.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func date(dayNumber n: Int) -> LocalDate {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return LocalDate(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// 0 is Monday (1970-01-01 was a Thursday).
    public static func weekday(dayNumber n: Int) -> Int { ((n % 7) + 7 + 3) % 7 }

    /// The date `amount` months later, the day clamped to the month's length.
    public static func adding(months: Int, to d: LocalDate) -> LocalDate {
        let total = d.year * 12 + (d.month - 1) + months
        let year = total / 12, month = total % 12 + 1
        return LocalDate(year: year, month: month, day: min(d.day, daysIn(month: month, year: year)))
    }

    /// Days from `d` to the nearest anniversary of `birthday` (before or after), ignoring years.
    /// A 29 February birthday falls on 28 February in other years.
    public static func daysToAnniversary(of birthday: LocalDate, from d: LocalDate) -> Int {
        let today = dayNumber(d)
        var best = Int.max
        for year in (d.year - 1)...(d.year + 1) {
            let day = birthday.month == 2 && birthday.day == 29 && !isLeap(year) ? 28 : birthday.day
            let n = dayNumber(LocalDate(year: year, month: birthday.month, day: day))
            best = min(best, abs(n - today))
        }
        return best
    }
}

extension Calendar {
    /// Whether an anniversary of `birthday` lies from `months` calendar months before `d` to as
    /// many after it, both edges in (`customer.birthday within 2 months`). A window of a year or
    /// more each way holds one whatever the dates.
    public static func anniversary(of birthday: LocalDate, withinMonths months: Int64, of d: LocalDate) -> Bool {
        guard months < 12 else { return true }
        let first = dayNumber(adding(months: -Int(months), to: d)), last = dayNumber(adding(months: Int(months), to: d))
        for year in (d.year - 1)...(d.year + 1) {
            let day = birthday.month == 2 && birthday.day == 29 && !isLeap(year) ? 28 : birthday.day
            let n = dayNumber(LocalDate(year: year, month: birthday.month, day: day))
            if first <= n && n <= last { return true }
        }
        return false
    }
}
