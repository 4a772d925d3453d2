import PromoDiagnostics
import PromoSyntax
import Testing
@testable import PromoSemantics

/// Empty schedules (P0503) and schedules already over (P0504), through `Frontend.check` on small
/// sources: the calendar's edges (leap years, days counted from the month's end, hours past
/// midnight, periods that start or end inside a day) and the cases that must not be reported.
@Suite struct ScheduleAnalysisTests {
    /// The schedule diagnostics of one promo with the given clauses.
    func schedule(_ clauses: String, today: DateLiteral? = nil) -> [Diagnostic] {
        let text = "currency RUB\npromo p {\n  priority 1\n" + clauses + "\n  discount 5% on all\n}\n"
        let result = Frontend.check([SourceInput(path: "t.promo", text: text)], options: FrontendOptions(today: today))
        let other = result.diagnostics.filter { $0.code != .emptySchedule && $0.code != .staleSchedule }
        #expect(other.isEmpty, "unexpected: \(other.map(\.message))")
        return result.diagnostics.filter { $0.code == .emptySchedule || $0.code == .staleSchedule }
    }

    func isEmpty(_ clauses: String) -> Bool {
        schedule(clauses).contains { $0.code == .emptySchedule }
    }

    @Test func leapYears() {
        #expect(isEmpty("active 2027-02-01 .. 2027-02-28\ndays 29"))
        #expect(!isEmpty("active 2028-02-01 .. 2028-02-29\ndays 29"))
        #expect(isEmpty("active 2028-02-01 .. 2028-02-29\ndays 30"))
        // 2100 is not a leap year, 2000 was.
        #expect(isEmpty("active 2100-02-01 .. 2100-02-28\ndays 29"))
        #expect(!isEmpty("active 2000-02-01 .. 2000-02-29\ndays 29"))
        // 29 February 2028 is a Tuesday.
        #expect(!isEmpty("active 2028-02-29 .. 2028-02-29\nweekdays tue"))
        #expect(isEmpty("active 2028-02-29 .. 2028-02-29\nweekdays wed"))
    }

    @Test func negativeDaysCountFromTheMonthsEnd() {
        #expect(!isEmpty("active 2027-02-01 .. 2027-02-28\ndays -1"))
        // Day -28 of February 2027 is its first day; there is no day -29 in it.
        #expect(!isEmpty("active 2027-02-01 .. 2027-02-01\ndays -28"))
        #expect(isEmpty("active 2027-02-01 .. 2027-02-28\ndays -29"))
        #expect(!isEmpty("active 2028-02-01 .. 2028-02-01\ndays -29"))
        // April has 30 days, March 31.
        #expect(isEmpty("active 2027-04-01 .. 2027-04-30\ndays -31"))
        #expect(!isEmpty("active 2027-03-01 .. 2027-03-01\ndays -31"))
        // The last day of a period over a month's end: 28 February, not 1 March.
        #expect(!isEmpty("active 2027-02-27 .. 2027-03-01\ndays -1"))
        #expect(isEmpty("active 2027-02-27 .. 2027-03-01\ndays 30"))
        #expect(isEmpty("active 2027-03-02 .. 2027-03-30\ndays -1, 1"))
        // 31 December 2027 is a Friday and the year's only Friday the 31st; -1 is the same day.
        #expect(!isEmpty("active 2027-01-01 .. 2027-12-31\nweekdays fri\ndays -1 .. -1, 31"))
        #expect(isEmpty("active 2027-01-01 .. 2027-12-30\nweekdays fri\ndays 31"))
    }

    @Test func hoursAreMinutesOfTheReceiptsOwnDay() {
        // The period is the hour around midnight; hours must meet it.
        let night = "active 2027-03-01 23:00 .. 2027-03-02 01:00\n"
        #expect(isEmpty(night + "hours 08:00 .. 20:00"))
        #expect(!isEmpty(night + "hours 00:30 .. 01:30"))
        #expect(!isEmpty(night + "hours 22:30 .. 23:01"))
        // 22:00 .. 23:00 ends at 22:59, before the period starts; 01:00 .. 02:00 starts as it ends.
        #expect(isEmpty(night + "hours 22:00 .. 23:00"))
        #expect(isEmpty(night + "hours 01:00 .. 02:00"))
        // Friday 22:00 to Saturday 02:00: the small hours are Saturday's, as the VM sees them.
        let weekendNight = "active 2027-03-05 22:00 .. 2027-03-06 02:00\nhours 22:00 .. 02:00\n"
        #expect(!isEmpty(weekendNight + "weekdays sat"))
        #expect(!isEmpty(weekendNight + "weekdays fri"))
        #expect(isEmpty("active 2027-03-05 22:00 .. 2027-03-06 02:00\nhours 00:00 .. 02:00\nweekdays fri"))
        // A night window on a single day covers that day's early minutes too.
        #expect(!isEmpty("active 2027-03-05 .. 2027-03-05\nweekdays fri\nhours 22:00 .. 02:00"))
        #expect(isEmpty("active 2027-03-05 .. 2027-03-05\nweekdays sat\nhours 22:00 .. 02:00"))
    }

    @Test func theErrorSaysWhyNoDayMatches() throws {
        let february = try #require(schedule("active 2027-02-01 .. 2027-02-28\ndays 30, 31").first)
        #expect(february.message == "the schedule of promo `p` matches no day")
        #expect(february.severity == .error)
        #expect(february.labels.map(\.message) == ["only on day 30 or 31", "February 2027", "can never apply"])
        #expect(february.notes == ["February 2027 has no day 30 or 31"])

        let week = try #require(schedule("active 2027-03-01 .. 2027-03-05\nweekdays sat .. sun").first)
        #expect(week.notes == ["2027-03-01 .. 2027-03-05 are Monday to Friday"])
        #expect(week.labels.map(\.message) == ["only on Saturday and Sunday", "Monday to Friday", "can never apply"])
        let monday = try #require(schedule("active 2027-03-01 .. 2027-03-01\nweekdays tue, thu, sat").first)
        #expect(monday.notes == ["2027-03-01 is a Monday"])
        #expect(monday.labels.map(\.message) == ["only on Tuesday, Thursday and Saturday", "a Monday", "can never apply"])

        let weekend = try #require(schedule("active 2027-03-06 .. 2027-03-07\nweekdays mon .. fri").first)
        #expect(weekend.notes == ["2027-03-06 .. 2027-03-07 are a Saturday and a Sunday"])
        #expect(weekend.labels.map(\.message) == ["only on Monday to Friday", "Saturday and Sunday", "can never apply"])

        let friday = try #require(schedule("active 2027-01-01 .. 2027-03-31\nweekdays fri\ndays 31").first)
        #expect(friday.notes == ["in 2027-01-01 .. 2027-03-31, day 31 is never a Friday"])
        #expect(friday.labels.map(\.message) == ["only on day 31", "the period", "only on Friday", "can never apply"])

        let negative = try #require(schedule("active 2027-04-01 .. 2027-04-30\ndays -31, 31").first)
        #expect(negative.notes == ["April 2027 has no day 31 or -31",
                                   "negative days count from the month's end: -1 is the last day"])

        let hours = try #require(schedule("active 2027-03-01 23:00 .. 2027-03-02 01:00\nhours 08:00 .. 20:00").first)
        #expect(hours.notes == ["2027-03-01 23:00 .. 2027-03-02 01:00 has no minute within the hours 08:00 .. 20:00"])
    }

    @Test func storeFiltersNoStorePasses() throws {
        func stores(_ filter: String) -> [String] {
            schedule("stores " + filter).filter { $0.code == .emptySchedule }.map { $0.labels[0].message }
        }
        #expect(stores("id == 5 and id == 6") == ["no store has id 5 and also 6"])
        #expect(stores(#"format == "A" and format == "B""#) == [#"no store has format "A" and also "B""#])
        #expect(stores(#"format in ("A", "B") and format != "A" and format != "B""#) == ["every format it accepts is excluded"])
        #expect(stores(#"format in ("A", "B") and format == "B""#).isEmpty)
        #expect(stores("5, 6").isEmpty)
        #expect(stores(#"format == "A" and region == "B""#).isEmpty)
        // A store can be in several groups.
        #expect(stores(#"group == "A" and group == "B""#).isEmpty)
        #expect(stores(#"format == "A" or format == "B""#).isEmpty)
    }

    @Test func tierProgramsAndRestrictionsToo() throws {
        let text = """
            currency RUB
            restriction february_cap {
              active 2027-02-01 .. 2027-02-28
              days   31
              discount <= 20% on all
            }
            """
        let result = Frontend.check([SourceInput(path: "t.promo", text: text)])
        let d = try #require(result.diagnostics.first { $0.code == .emptySchedule })
        #expect(d.message == "the schedule of restriction `february_cap` matches no day")
        // The label sits under the restriction's own `days` clause.
        let source = result.sources[d.span.file]
        #expect(source.text(of: d.span) == "days   31")
    }

    @Test func longPeriodsStayFast() throws {
        // A hundred years with a rare combination, and a period longer than the calendar's
        // 400-year cycle: decided without walking every day.
        let long = try #require(program("""
            currency RUB
            promo century {
              priority 1
              active   2000-01-01 .. 2099-12-31
              weekdays fri
              days     31
              hours    23:00 .. 23:30
              discount 5% on all
            }
            promo ages {
              priority 2
              active   0001-01-01 .. 9999-12-31
              weekdays sun
              days     -29
              discount 5% on all
            }
            """))
        let clock = ContinuousClock()
        var found: [Diagnostic] = []
        let elapsed = clock.measure {
            for _ in 0..<100 { found += ScheduleAnalysis.run(long, today: nil) }
        }
        #expect(found.isEmpty)
        #expect(elapsed < .milliseconds(500), "100 runs took \(elapsed)")
    }

    @Test func stalePromosEndedBeforeToday() throws {
        let feb = "active 2027-02-01 .. 2027-02-28"
        #expect(schedule(feb, today: DateLiteral(year: 2027, month: 2, day: 28)).isEmpty)
        #expect(schedule(feb).isEmpty)
        #expect(schedule("weekdays mon", today: DateLiteral(year: 2027, month: 6, day: 1)).isEmpty)
        let over = try #require(schedule(feb, today: DateLiteral(year: 2027, month: 3, day: 1)).first)
        #expect(over.code == .staleSchedule)
        #expect(over.severity == .warning)
        #expect(over.message == "promo `p` ended on 2027-02-28")
        // An end at midnight is the end of the day before.
        let midnight = try #require(schedule("active 2027-02-01 .. 2027-03-01 00:00", today: DateLiteral(year: 2027, month: 3, day: 1)).first)
        #expect(midnight.message == "promo `p` ended on 2027-02-28")
        #expect(schedule("active 2027-02-01 .. 2027-03-01 00:01", today: DateLiteral(year: 2027, month: 3, day: 1)).isEmpty)
    }
}
