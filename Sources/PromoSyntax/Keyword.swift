/// Every word the language gives a meaning to.
///
/// Keywords are contextual: the lexer marks a word with the keyword it spells, and the parser
/// decides from context whether it is one. Only the ``isReserved`` words cannot be used as
/// names, because an expression could not tell them apart.
public enum Keyword: String, CaseIterable, Sendable {
    // Declarations
    case currency, items, segment, promo, tiers, restriction, test, template, library, figure

    // Promo clauses
    case priority, active, hours, weekdays, days, stores, channels, audience, when, coupon, code
    case discount, price, bundle, buy, round, accrue, redeem, gift, issue, message, counter, then
    case lock, forbid, stop, best, on, limit, ignore, use

    // Words inside clauses
    case of, get, free, cheapest, most, expensive, at, off, per, each, unit, receipt
    case original, current, prices, discounts, accrual, redemption, restrictions
    case bonus, bonuses, chip, chips, activates, after, expires, excluding, redeemed
    case valid, to, down, half, up, `for`, once, slip, cashier, display, from, level, measure, over
    case uses, units, day, week, month, year, lifetime

    // Test blocks
    case line, given, expect, applied, by, because, accrued, redeemable, spent, until

    // Expressions
    case and, or, not, except, `in`, within, `true`, `false`, all, time, last, previous, calendar
    case category, sku, brand, excise, weighed, flag, customer, total, spend, qty, count

    /// Words that cannot name a declaration: operators, item atoms and built-in values.
    public var isReserved: Bool {
        switch self {
        case .and, .or, .not, .except, .in, .within, .true, .false, .all, .last, .previous,
             .category, .sku, .brand, .excise, .weighed, .flag, .customer, .total, .spend, .qty,
             .count, .counter, .receipt, .line:
            true
        default:
            false
        }
    }

    /// The group a keyword belongs to, for editor highlighting and completion.
    public var group: Group {
        switch self {
        case .currency, .items, .segment, .promo, .tiers, .restriction, .test, .template, .library, .figure:
            .declaration
        case .and, .or, .not, .except, .in, .within:
            .operator
        case .true, .false:
            .constant
        case .category, .sku, .brand, .excise, .weighed, .flag, .all, .customer, .total, .spend,
             .qty, .count, .receipt, .line:
            .builtin
        default:
            .clause
        }
    }

    public enum Group: String, Sendable, CaseIterable {
        case declaration, clause, `operator`, constant, builtin
    }

    private static let table: [String: Keyword] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// The keyword a word spells.
    public static func lookup(_ word: String) -> Keyword? { table[word] }
}
