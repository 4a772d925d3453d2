// Receipt JSON: every field decoded, every error naming its field, round trips through the
// encoder, and random mutations of the example receipt that never crash.

import PromoBytecode
import PromoJSON
@testable import PromoVM
import Testing

@Suite struct ReceiptJSONTests {
    func decode(_ text: String, decimals: Int = 2, tags: [String: ValueTag]? = nil) throws(EvaluationError) -> Receipt {
        try ReceiptJSON.decode(Array(text.utf8), decimals: decimals, factTags: tags)
    }

    func error(_ text: String, decimals: Int = 2, tags: [String: ValueTag]? = nil) -> EvaluationError? {
        do {
            _ = try decode(text, decimals: decimals, tags: tags)
            return nil
        } catch {
            return error
        }
    }

    /// A minimal receipt with `members` added to (or replacing members of) its one line.
    func withLine(_ members: String) -> String {
        #"{"at": "2026-12-02T10:00", "lines": [{"sku": 1, "price": "10.00", "# + members + "}]}"
    }

    // MARK: Fields

    @Test func theExampleReceipt() throws {
        let r = try ReceiptJSON.decode(JSONFixtures.exampleBytes, decimals: 2, factTags: JSONFixtures.exampleTags)
        #expect(r.date == LocalDate(year: 2026, month: 12, day: 2))
        #expect(r.minute == 600)
        #expect(r.store == Store(id: 751, format: "Supermarket", region: "Moscow", city: "Moscow", groups: ["North"]))
        #expect(r.channel == "pos")
        #expect(r.coupons == ["HALF-2026"])
        #expect(r.codes == [])
        #expect(r.redeem == 30_000)
        let c = try #require(r.customer)
        #expect(c.id == "81622988")
        #expect(c.card)
        #expect(c.name == "Anna")
        #expect(c.segments == ["VIP"])
        #expect(c.bonusBalance == 150_000)
        #expect(c.chips == 25)
        #expect(c.facts == [
            "purchases(last 90 days)": .number(3),
            "birthday": .date(LocalDate(year: 1990, month: 12, day: 4)),
            "registered": .date(LocalDate(year: 2026, month: 11, day: 10)),
            "spend(previous calendar week)": .number(750_000),
            "app": .bool(true),
            "region": .text("Moscow"),
        ])
        #expect(c.counters == ["coffees": 5000])
        #expect(c.usage == ["dairy_week": Usage(day: 1, week: 1, month: 2, year: 5, lifetime: 9, unitsDay: 6000)])
        #expect(c.levels == ["loyalty": "gold"])
        #expect(r.lines.count == 3)
        #expect(r.lines[0] == Line(sku: 1042, name: "Milk 1 L", category: "Food/Dairy/Milk", brand: "Farm", price: 10_000,
                                   quantity: 6000, amount: 60_000))
        #expect(r.lines[1] == Line(sku: 2001, name: "Cheese", category: "Food/Dairy/Cheese", price: 89_990, quantity: 350,
                                   weighed: true, flags: ["local"]))
        #expect(r.lines[2] == Line(sku: 3050, name: "Vodka 0.5 L", category: "Drinks/Spirits", price: 49_900, excise: true,
                                   minPrice: 34_900))
    }

    @Test func defaultsOfAMinimalReceipt() throws {
        let r = try decode(#"{"at": "2026-01-31T23:59", "lines": [{"sku": 7, "price": "0.99"}]}"#)
        #expect(r == Receipt(date: LocalDate(year: 2026, month: 1, day: 31), minute: 23 * 60 + 59,
                             lines: [Line(sku: 7, price: 99, quantity: 1000)]))
        let empty = try decode(#"{"at": "2026-01-31T00:00", "lines": []}"#)
        #expect(empty.lines.isEmpty)
    }

    @Test func nullIsTheSameAsMissing() throws {
        let r = try decode("""
        {"at": "2026-12-02T10:00", "store": null, "channel": null, "coupons": null, "codes": null, "redeem": null,
         "customer": null, "lines": [{"sku": 1, "price": "1.00", "qty": null, "amount": null, "name": null,
         "excise": null, "min_price": null, "flags": null}]}
        """)
        #expect(r == Receipt(date: LocalDate(year: 2026, month: 12, day: 2), minute: 600, lines: [Line(sku: 1, price: 100)]))
    }

    @Test func unknownMembersAreIgnored() throws {
        let r = try decode("""
        {"at": "2026-12-02T10:00", "till": 5, "cashier": {"name": "Olga"}, "store": {"id": "12", "manager": "x"},
         "lines": [{"sku": "42", "price": "1.00", "discount_card": [1, 2]}]}
        """)
        #expect(r.store.id == 12)
        #expect(r.lines == [Line(sku: 42, price: 100)])
    }

    @Test func numbersAreAcceptedWhereTextIs() throws {
        let r = try decode(withLine(#""qty": 0.35, "amount": 3.5"#).replacingOccurrences(#""10.00""#, with: "10"))
        #expect(r.lines[0].price == 1000)
        #expect(r.lines[0].quantity == 350)
        #expect(r.lines[0].amount == 350)
    }

    @Test(arguments: [
        ("2026-12-02T10:00", 600), ("2026-12-02 10:00", 600), ("2026-12-02T10:00:59", 600), ("2024-02-29T00:00", 0),
        ("2026-12-02T23:59", 1439),
    ])
    func dateAndTime(text: String, minute: Int) throws {
        let r = try decode(#"{"at": ""# + text + #"", "lines": []}"#)
        #expect(r.minute == minute)
    }

    @Test func currencyMustBeTheBundles() throws {
        let rub = #"{"at": "2026-12-02T10:00", "currency": "RUB", "lines": []}"#
        #expect(try ReceiptJSON.decode(Array(rub.utf8), decimals: 2, currency: "RUB").lines.isEmpty)
        // Without a bundle's code any well-formed code is read.
        #expect(try ReceiptJSON.decode(Array(rub.utf8), decimals: 2).lines.isEmpty)
        #expect(throws: EvaluationError(field: "currency", message: "the receipt is in RUB but the bundle's prices are in KZT")) {
            try ReceiptJSON.decode(Array(rub.utf8), decimals: 2, currency: "KZT")
        }
        for bad in [#""rub""#, #""RUR1""#, #""Р""#, "643"] {
            let text = #"{"at": "2026-12-02T10:00", "currency": "# + bad + #", "lines": []}"#
            #expect(throws: EvaluationError.self, "\(bad)") { try ReceiptJSON.decode(Array(text.utf8), decimals: 2, currency: "RUB") }
        }
        let lower = #"{"at": "2026-12-02T10:00", "currency": "rub", "lines": []}"#
        #expect(throws: EvaluationError(field: "currency", message: #"unknown currency "rub"; expected a code of three capital letters like "RUB""#)) {
            try ReceiptJSON.decode(Array(lower.utf8), decimals: 2, currency: "RUB")
        }
    }

    @Test func channels() throws {
        for name in ["pos", "sco", "web", "app", "delivery"] {
            #expect(try decode(#"{"at": "2026-12-02T10:00", "channel": ""# + name + #"", "lines": []}"#).channel == name)
        }
    }

    @Test func currenciesWithOtherDecimals() throws {
        #expect(try decode(withLine(#""amount": "1000""#).replacingOccurrences(#""10.00""#, with: #""1000""#), decimals: 0)
            .lines[0].price == 1000)
        #expect(try decode(withLine(#""qty": "2""#).replacingOccurrences(#""10.00""#, with: #""1.250""#), decimals: 3)
            .lines[0].price == 1250)
    }

    // MARK: Facts

    @Test func typedFacts() throws {
        let tags: [String: ValueTag] = [
            "spend(last 7 days)": .money, "average_receipt(all time)": .money, "purchases(last 90 days)": .count, "age": .count,
            "weight": .quantity, "share": .percent, "registered": .date, "birthday": .anniversary, "born": .anniversary,
            "app": .bool, "region": .string, "code": .string, "opens": .time, "last_visit": .dateTime, "gap": .duration,
        ]
        let r = try decode("""
        {"at": "2026-12-02T10:00", "lines": [], "customer": {"id": "1", "facts": {
          "spend(last 7 days)": "7500", "average_receipt(all time)": 812.5, "purchases(last 90 days)": "3", "age": 41,
          "weight": "0.350", "share": "12.5", "registered": "2026-11-10", "birthday": "--02-29", "born": "1990-12-04",
          "app": false, "region": "77", "code": "", "opens": "08:30", "last_visit": "1970-01-02T00:01", "gap": 14,
          "not_in_manifest": "12.50", "also_unknown": null
        }}}
        """, tags: tags)
        let f = try #require(r.customer?.facts)
        #expect(f["spend(last 7 days)"] == .number(750_000), "a money fact written whole is still money")
        #expect(f["average_receipt(all time)"] == .number(81_250))
        #expect(f["purchases(last 90 days)"] == .number(3))
        #expect(f["age"] == .number(41))
        #expect(f["weight"] == .number(350))
        #expect(f["share"] == .number(125_000))
        #expect(f["registered"] == .date(LocalDate(year: 2026, month: 11, day: 10)))
        #expect(f["birthday"] == .date(LocalDate(year: 2000, month: 2, day: 29)))
        #expect(f["born"] == .date(LocalDate(year: 1990, month: 12, day: 4)))
        #expect(f["app"] == .bool(false))
        #expect(f["region"] == .text("77"))
        #expect(f["code"] == .text(""))
        #expect(f["opens"] == .number(510))
        #expect(f["last_visit"] == .number(1441))
        #expect(f["gap"] == .number(14))
        #expect(f["not_in_manifest"] == .number(1250), "an unknown key is kept, read untyped")
        #expect(f["also_unknown"] == nil, "null is no value")
        #expect(f.count == 16)
    }

    @Test func untypedFacts() throws {
        let r = try decode("""
        {"at": "2026-12-02T10:00", "lines": [], "customer": {"id": 81622988, "facts": {
          "a": "7500.00", "b": 3, "c": "3", "d": "1990-12-04", "e": true, "f": "Moscow", "g": "1.23456", "h": 1.5,
          "i": "1990-02-30", "j": 1e3, "k": "99999999999999999999"
        }}}
        """)
        #expect(r.customer?.id == "81622988")
        let f = try #require(r.customer?.facts)
        #expect(f["a"] == .number(750_000), "with a fraction: money")
        #expect(f["b"] == .number(3), "whole: as it is")
        #expect(f["c"] == .number(3))
        #expect(f["d"] == .date(LocalDate(year: 1990, month: 12, day: 4)))
        #expect(f["e"] == .bool(true))
        #expect(f["f"] == .text("Moscow"))
        #expect(f["g"] == .text("1.23456"), "more decimals than money has: text")
        #expect(f["h"] == .number(150))
        #expect(f["i"] == .text("1990-02-30"), "not a real date: text")
        #expect(f["j"] == .number(1000))
        #expect(f["k"] == .text("99999999999999999999"))
    }

    @Test func decodingWithABundle() throws {
        let bundle = try JSONFixtures.bundle()
        #expect(ReceiptJSON.factTags(of: bundle) == JSONFixtures.exampleTags)
        let r = try ReceiptJSON.decode(JSONFixtures.exampleBytes, bundle: bundle)
        #expect(r == (try ReceiptJSON.decode(JSONFixtures.exampleBytes, decimals: 2, factTags: JSONFixtures.exampleTags)))
        #expect(r.customer?.facts["spend(previous calendar week)"] == .number(750_000))
    }

    // MARK: Errors

    /// (document, field, message)
    static let errors: [(String, String, String)] = [
        // Malformed JSON
        (#"{"at": "2026-12-02T10:00", "lines": [}"#, "lines[0]", "invalid JSON at line 1, column 38: expected a value, found `}`"),
        ("{\n  \"at\": \"2026-12-02T10:00\",\n  \"lines\": [],\n}", "", "invalid JSON at line 4, column 1: a trailing comma is not allowed before `}`"),
        ("[1] x", "", "invalid JSON at line 1, column 5: unexpected text after the JSON value, found `x`"),
        // The receipt
        ("[]", "", "expected a receipt object, found an empty array"),
        (#"{"lines": []}"#, "at", #"this required field is missing; expected the local date and time like "2026-12-02T10:00""#),
        (#"{"at": "2026-12-02T10:00"}"#, "lines", #"this required field is missing; expected an array of lines like [{"sku": 1042, "price": "100.00", "qty": "1"}]"#),
        (#"{"at": "2026-12-02T10:00", "lines": {}}"#, "lines", "expected an array of lines, found an object"),
        (#"{"at": 20261202, "lines": []}"#, "at", #"expected a local date and time like "2026-12-02T10:00", found 20261202"#),
        (#"{"at": "2026-12-02", "lines": []}"#, "at", #"expected a local date and time like "2026-12-02T10:00", found "2026-12-02""#),
        (#"{"at": "2026-02-30T10:00", "lines": []}"#, "at", #""2026-02-30T10:00" is not a valid date: February 2026 has 28 days"#),
        (#"{"at": "2026-13-01T10:00", "lines": []}"#, "at", #""2026-13-01T10:00" is not a valid date: month 13 does not exist"#),
        (#"{"at": "0000-01-01T10:00", "lines": []}"#, "at", #""0000-01-01T10:00" is not a valid date: year 0 does not exist"#),
        (#"{"at": "2026-12-02T24:00", "lines": []}"#, "at", #""2026-12-02T24:00" is not a valid time: hour 24 does not exist"#),
        (#"{"at": "2026-12-02T10:60", "lines": []}"#, "at", #""2026-12-02T10:60" is not a valid time: minute 60 does not exist"#),
        (#"{"at": "2026-12-02T10:00Z", "lines": []}"#, "at", #"expected a local date and time like "2026-12-02T10:00" in the store's local time, without a time zone or fractions of a second, found "2026-12-02T10:00Z""#),
        (#"{"at": "2026-12-02T1000", "lines": []}"#, "at", #"expected a local date and time like "2026-12-02T10:00", found "2026-12-02T1000""#),
        (#"{"at": "2026-12-02T10:00", "channel": "tv", "lines": []}"#, "channel", #"unknown channel "tv"; expected one of pos, sco, web, app, delivery"#),
        (#"{"at": "2026-12-02T10:00", "channel": 1, "lines": []}"#, "channel", "expected text in double quotes, found 1"),
        (#"{"at": "2026-12-02T10:00", "coupons": "A", "lines": []}"#, "coupons", #"expected an array of texts like ["a", "b"], found "A""#),
        (#"{"at": "2026-12-02T10:00", "codes": ["A", 5], "lines": []}"#, "codes[1]", "expected text in double quotes, found 5"),
        (#"{"at": "2026-12-02T10:00", "redeem": "-1.00", "lines": []}"#, "redeem", #"a bonus payment cannot be negative, found "-1.00""#),
        (#"{"at": "2026-12-02T10:00", "redeem": "1.001", "lines": []}"#, "redeem", #"a bonus payment has at most 2 decimals, found "1.001""#),
        // The store
        (#"{"at": "2026-12-02T10:00", "store": 751, "lines": []}"#, "store", "expected a store object, found 751"),
        (#"{"at": "2026-12-02T10:00", "store": {"id": "A1"}, "lines": []}"#, "store.id", #"expected a whole number, found "A1""#),
        (#"{"at": "2026-12-02T10:00", "store": {"id": 7.5}, "lines": []}"#, "store.id", "a store id is a whole number, found 7.5"),
        (#"{"at": "2026-12-02T10:00", "store": {"groups": [1]}, "lines": []}"#, "store.groups[0]", "expected text in double quotes, found 1"),
        // The customer
        (#"{"at": "2026-12-02T10:00", "customer": true, "lines": []}"#, "customer", "expected a customer object (or null for an anonymous receipt), found true"),
        (#"{"at": "2026-12-02T10:00", "customer": {}, "lines": []}"#, "customer.id", #"this required field is missing; expected the customer's id, like "81622988""#),
        (#"{"at": "2026-12-02T10:00", "customer": {"id": ""}, "lines": []}"#, "customer.id", #"expected the customer's id as text or a whole number, found """#),
        (#"{"at": "2026-12-02T10:00", "customer": {"id": "1", "card": "yes"}, "lines": []}"#, "customer.card", #"expected true or false, found "yes""#),
        (#"{"at": "2026-12-02T10:00", "customer": {"id": "1", "bonus_balance": "-5.00"}, "lines": []}"#, "customer.bonus_balance", #"a bonus balance cannot be negative, found "-5.00""#),
        (#"{"at": "2026-12-02T10:00", "customer": {"id": "1", "chips": "2.5"}, "lines": []}"#, "customer.chips", #"a number of chips is a whole number, found "2.5""#),
        (#"{"at": "2026-12-02T10:00", "customer": {"id": "1", "facts": []}, "lines": []}"#, "customer.facts", "expected an object of facts by their manifest keys, found an empty array"),
        (#"{"at": "2026-12-02T10:00", "customer": {"id": "1", "facts": {"x": [1]}}, "lines": []}"#, "customer.facts.x", #"expected a fact value (true or false, a number, a date like "2026-12-02" or text), found an array"#),
        (#"{"at": "2026-12-02T10:00", "customer": {"id": "1", "counters": {"coffees": "x"}}, "lines": []}"#, "customer.counters.coffees", #"expected a quantity like "0.350", found "x""#),
        (#"{"at": "2026-12-02T10:00", "customer": {"id": "1", "usage": {"dairy_week": {"day": -1}}}, "lines": []}"#, "customer.usage.dairy_week.day", "a number of uses cannot be negative, found -1"),
        (#"{"at": "2026-12-02T10:00", "customer": {"id": "1", "usage": {"dairy_week": {"units_day": "0.0001"}}}, "lines": []}"#, "customer.usage.dairy_week.units_day", #"a quantity of goods has at most 3 decimals, found "0.0001""#),
        (#"{"at": "2026-12-02T10:00", "customer": {"id": "1", "usage": {"dairy_week": 3}}, "lines": []}"#, "customer.usage.dairy_week", #"expected an object like {"day": 1, "week": 1, "month": 2, "year": 5, "lifetime": 9}, found 3"#),
        (#"{"at": "2026-12-02T10:00", "customer": {"id": "1", "levels": {"loyalty": 3}}, "lines": []}"#, "customer.levels.loyalty", "expected text in double quotes, found 3"),
        // Lines
        (#"{"at": "2026-12-02T10:00", "lines": [7]}"#, "lines[0]", #"expected a line object like {"sku": 1042, "price": "100.00", "qty": "1"}, found 7"#),
        (#"{"at": "2026-12-02T10:00", "lines": [{"price": "1.00"}]}"#, "lines[0].sku", "this required field is missing; expected the SKU, a whole number"),
        (#"{"at": "2026-12-02T10:00", "lines": [{"sku": 1}]}"#, "lines[0].price", #"this required field is missing; expected the price of one unit, like "100.00""#),
        (#"{"at": "2026-12-02T10:00", "lines": [{"sku": "abc", "price": "1.00"}]}"#, "lines[0].sku", #"expected a whole number, found "abc""#),
        (#"{"at": "2026-12-02T10:00", "lines": [{"sku": 10.5, "price": "1.00"}]}"#, "lines[0].sku", "a SKU is a whole number, found 10.5"),
        (#"{"at": "2026-12-02T10:00", "lines": [{"sku": -3, "price": "1.00"}]}"#, "lines[0].sku", "a SKU cannot be negative, found -3"),
        (#"{"at": "2026-12-02T10:00", "lines": [{"sku": 99999999999999999999, "price": "1.00"}]}"#, "lines[0].sku", "a SKU is too large: at most 9223372036854775807, found 99999999999999999999"),
    ]

    /// More error cases on the one line of `withLine`: (members, field, message).
    static let lineErrors: [(String, String, String)] = [
        (#""qty": "abc""#, "lines[0].qty", #"expected a quantity like "0.350", found "abc""#),
        (#""qty": "0""#, "lines[0].qty", #"the quantity must be more than 0, found "0""#),
        (#""qty": "-1""#, "lines[0].qty", #"the quantity must be more than 0, found "-1""#),
        (#""qty": "0.3505""#, "lines[0].qty", #"a quantity has at most 3 decimals, found "0.3505""#),
        (#""qty": "1e3""#, "lines[0].qty", #"expected a quantity like "0.350", found "1e3""#),
        (#""qty": true"#, "lines[0].qty", #"expected a quantity like "0.350", found true"#),
        (#""qty": "1000000.001""#, "lines[0].qty", #"a quantity is too large: at most 1000000, found "1000000.001""#),
        (#""qty": "10000000000""#, "lines[0].qty", #"a quantity is too large: at most 1000000, found "10000000000""#),
        (#""qty": "99999999999999999999""#, "lines[0].qty", #"a quantity is too large: at most 1000000, found "99999999999999999999""#),
        (#""qty": "-1000000.001""#, "lines[0].qty", #"the quantity must be more than 0, found "-1000000.001""#),
        (#""qty": "-abc""#, "lines[0].qty", #"expected a quantity like "0.350", found "-abc""#),
        (#""qty": -0"#, "lines[0].qty", "the quantity must be more than 0, found -0"),
        (#""price": "-1.00""#, "lines[0].price", #"a price cannot be negative, found "-1.00""#),
        (#""price": "1.234""#, "lines[0].price", #"a price has at most 2 decimals, found "1.234""#),
        (#""price": "1,50""#, "lines[0].price", #"expected money like "100.00", found "1,50""#),
        (#""price": 1e30"#, "lines[0].price", "a price is too large: at most 100000000000.00, found 1e30"),
        (#""price": "100000000000.01""#, "lines[0].price", #"a price is too large: at most 100000000000.00, found "100000000000.01""#),
        (#""price": "99999999999.99", "qty": "2""#, "lines[0].qty", "price 99999999999.99 × quantity 2 is more than the largest line amount, 100000000000.00"),
        (#""price": "100000000000.00", "qty": "1.001""#, "lines[0].qty", "price 100000000000.00 × quantity 1.001 is more than the largest line amount, 100000000000.00"),
        (#""amount": "100000000000.01""#, "lines[0].amount", #"an amount is too large: at most 100000000000.00, found "100000000000.01""#),
        (#""amount": "-0.01""#, "lines[0].amount", #"an amount cannot be negative, found "-0.01""#),
        (#""min_price": {}"#, "lines[0].min_price", #"expected money like "100.00", found an object"#),
        (#""excise": 1"#, "lines[0].excise", "expected true or false, found 1"),
        (#""weighed": "true""#, "lines[0].weighed", #"expected true or false, found "true""#),
        (#""flags": ["a", null]"#, "lines[0].flags[1]", "expected text in double quotes, found null"),
        (#""name": 5"#, "lines[0].name", "expected text in double quotes, found 5"),
        (#""category": ["Food"]"#, "lines[0].category", "expected text in double quotes, found an array"),
        (#""brand": false"#, "lines[0].brand", "expected text in double quotes, found false"),
    ]

    @Test(arguments: 0..<Self.errors.count)
    func receiptErrors(index: Int) {
        let (document, field, message) = Self.errors[index]
        let e = error(document)
        #expect(e == EvaluationError(field: field, message: message), "\(document)")
    }

    @Test(arguments: 0..<Self.lineErrors.count)
    func lineFieldErrors(index: Int) {
        let (members, field, message) = Self.lineErrors[index]
        let document = members.contains(#""price""#)
            ? #"{"at": "2026-12-02T10:00", "lines": [{"sku": 1, "# + members + "}]}"
            : withLine(members)
        #expect(error(document) == EvaluationError(field: field, message: message), "\(document)")
    }

    @Test func moneyDecimalsFollowTheCurrency() {
        let whole = #"{"at": "2026-12-02T10:00", "lines": [{"sku": 1, "price": "10.5"}]}"#
        #expect(error(whole, decimals: 0) == EvaluationError(field: "lines[0].price", message: #"a price is a whole number, found "10.5""#))
        #expect(error(whole, decimals: 1) == nil)
        let three = #"{"at": "2026-12-02T10:00", "lines": [{"sku": 1, "price": "10.5000"}]}"#
        #expect(error(three, decimals: 3) == EvaluationError(field: "lines[0].price", message: #"a price has at most 3 decimals, found "10.5000""#))
        let money = #"{"at": "2026-12-02T10:00", "lines": [{"sku": 1, "price": "x"}]}"#
        #expect(error(money, decimals: 0)?.message == #"expected money like "100", found "x""#)
        #expect(error(money, decimals: 3)?.message == #"expected money like "100.000", found "x""#)
    }

    @Test func typedFactErrors() {
        let tags: [String: ValueTag] = [
            "spend(last 7 days)": .money, "purchases(last 90 days)": .count, "registered": .date, "birthday": .anniversary,
            "app": .bool, "region": .string, "opens": .time, "share": .percent,
        ]
        func factError(_ key: String, _ value: String) -> EvaluationError? {
            var key_ = ""
            JSONValue.quote(key, into: &key_)
            return error(#"{"at": "2026-12-02T10:00", "lines": [], "customer": {"id": "1", "facts": {"# + key_ + ": " + value + "}}}",
                         tags: tags)
        }
        #expect(factError("spend(last 7 days)", #""abc""#)
            == EvaluationError(field: #"customer.facts["spend(last 7 days)"]"#, message: #"expected money like "100.00", found "abc""#))
        #expect(factError("spend(last 7 days)", #""7.505""#)?.message == #"money has at most 2 decimals, found "7.505""#)
        #expect(factError("purchases(last 90 days)", "3.5")
            == EvaluationError(field: #"customer.facts["purchases(last 90 days)"]"#, message: "a count is a whole number, found 3.5"))
        #expect(factError("registered", #""1990-13-01""#)
            == EvaluationError(field: "customer.facts.registered", message: #""1990-13-01" is not a valid date: month 13 does not exist"#))
        #expect(factError("registered", #""--12-04""#)?.message == #"expected a date like "2026-12-02", found "--12-04""#)
        #expect(factError("birthday", #""12/04""#)?.message
                == #"expected a date like "1990-12-04" (or "--12-04" without the year), found "12/04""#)
        #expect(factError("app", #""yes""#) == EvaluationError(field: "customer.facts.app", message: #"expected true or false, found "yes""#))
        #expect(factError("region", "77") == EvaluationError(field: "customer.facts.region", message: "expected text in double quotes, found 77"))
        #expect(factError("opens", #""25:00""#)?.message == #"expected a time like "10:00", found "25:00""#)
        #expect(factError("share", #""12.34567""#)?.message == #"a percent has at most 4 decimals, found "12.34567""#)
    }

    @Test func tooManyLines() {
        let line = JSONValue.object([("sku", .int(1)), ("price", .string("1.00"))])
        func receipt(_ n: Int) -> JSONValue {
            .object([("at", .string("2026-12-02T10:00")), ("lines", .array(Array(repeating: line, count: n)))])
        }
        #expect((try? ReceiptJSON.decode(receipt(100_000), decimals: 2))?.lines.count == 100_000)
        #expect(throws: EvaluationError(field: "lines", message: "a receipt has at most 100000 lines, found 100001")) {
            try ReceiptJSON.decode(receipt(100_001), decimals: 2)
        }
    }

    // MARK: Many receipts

    @Test func manyReceipts() throws {
        let two = "[" + JSONFixtures.exampleReceipt + "," + #"{"at": "2026-12-03T09:15", "lines": [{"sku": 5, "price": "2.00"}]}"# + "]"
        let receipts = try ReceiptJSON.decodeMany(Array(two.utf8), decimals: 2, factTags: JSONFixtures.exampleTags)
        #expect(receipts.count == 2)
        #expect(receipts[1].minute == 555)
        #expect(try ReceiptJSON.decodeMany(JSONFixtures.exampleBytes, decimals: 2).count == 1, "one object is one receipt")
        #expect(try ReceiptJSON.decodeMany(Array("[]".utf8), decimals: 2).isEmpty)
        let bad = #"[{"at": "2026-12-03T09:15", "lines": []}, {"at": "2026-12-03T09:15", "lines": [{"sku": 5, "price": "2.001"}]}]"#
        #expect(throws: EvaluationError(field: "[1].lines[0].price", message: #"a price has at most 2 decimals, found "2.001""#)) {
            try ReceiptJSON.decodeMany(Array(bad.utf8), decimals: 2)
        }
        #expect(throws: EvaluationError(field: "", message: "expected an array of receipts or one receipt object, found a string")) {
            try ReceiptJSON.decodeMany(Array(#""x""#.utf8), decimals: 2)
        }
    }

    // MARK: Round trips

    @Test func encodeThenDecodeGivesTheReceiptBack() throws {
        let r = try ReceiptJSON.decode(JSONFixtures.exampleBytes, decimals: 2, factTags: JSONFixtures.exampleTags)
        let json = ReceiptJSON.encode(r, decimals: 2, factTags: JSONFixtures.exampleTags)
        let text = json.serialized(pretty: true)
        #expect(try ReceiptJSON.decode(Array(text.utf8), decimals: 2, factTags: JSONFixtures.exampleTags) == r)
        #expect(json["customer"]?["facts"]?["spend(previous calendar week)"] == .string("7500.00"))
        #expect(json["lines"]?[1]?["qty"] == .string("0.35"))
        // Without tags numbers go out whole and come back the same.
        let untyped = ReceiptJSON.encode(r, decimals: 2)
        #expect(try ReceiptJSON.decode(untyped, decimals: 2) == r)
    }

    @Test func encodeThenDecodeOfTypedFacts() throws {
        let tags: [String: ValueTag] = ["m": .money, "q": .quantity, "p": .percent, "t": .time, "dt": .dateTime, "c": .count,
                                        "d": .date, "s": .string]
        var c = Customer(id: "9")
        c.facts = ["m": .number(-150), "q": .number(1250), "p": .number(125_000), "t": .number(75), "dt": .number(-1),
                   "c": .number(7), "d": .date(LocalDate(year: 2026, month: 1, day: 5)), "s": .text("2026-01-05")]
        c.counters = ["x": -2500]
        let r = Receipt(date: LocalDate(year: 2026, month: 1, day: 5), minute: 0, customer: c)
        let json = ReceiptJSON.encode(r, decimals: 2, factTags: tags)
        #expect(json["customer"]?["facts"]?["dt"] == .string("1969-12-31T23:59"))
        #expect(try ReceiptJSON.decode(json, decimals: 2, factTags: tags) == r)
    }

    // MARK: Fuzz

    /// Byte mutations of the example: always a receipt or an error; errors name a field or,
    /// for malformed JSON, a line and column.
    @Test func byteMutationsNeverCrash() {
        var rng = SeededGenerator(seed: 0x0EC0_1D7)
        let original = JSONFixtures.exampleBytes
        let interesting = Array(#"{}[]:,"\-.0123456789eEtfn"#.utf8) + [0x00, 0x0A, 0xFF, 0xC3]
        var decoded = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                guard !bytes.isEmpty else { break }
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: bytes[at] = interesting.randomElement(using: &rng)!
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(interesting.randomElement(using: &rng)!, at: at)
                case 3: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...30, using: &rng)))
                default:
                    let end = min(bytes.count, at + Int.random(in: 1...40, using: &rng))
                    bytes.insert(contentsOf: bytes[at..<end], at: Int.random(in: 0...bytes.count, using: &rng))
                }
            }
            do {
                _ = try ReceiptJSON.decode(bytes, decimals: 2, factTags: JSONFixtures.exampleTags)
                decoded += 1
            } catch {
                #expect(!error.field.isEmpty || error.message.hasPrefix("invalid JSON at line "), "\(error)")
                #expect(!error.message.isEmpty)
            }
        }
        #expect(decoded > 0)
    }

    /// Mutations of the example's values: every one gives a receipt or an error that names a field.
    @Test func valueMutationsNameAField() throws {
        var rng = SeededGenerator(seed: 0x7EE_5EED)
        let original = try JSONParser.parse(JSONFixtures.exampleBytes)
        let replacements: [JSONValue] = [
            .null, .bool(true), .bool(false), .number("0"), .number("-1"), .number("1.5"), .number("1e400"), .number("-0.001"),
            .number("99999999999999999999"), .string(""), .string("abc"), .string("-5.00"), .string("0.350"),
            .string("2026-02-29"), .string("2026-12-02T10:00"), .string("1.234"), .array([]), .array([.string("x")]),
            .object([]), .object([("day", .number("1"))]),
        ]
        var failures = 0
        for _ in 0..<4000 {
            var value = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                value = mutate(value, &rng, replacements, depth: 0)
            }
            do {
                _ = try ReceiptJSON.decode(value, decimals: 2, factTags: JSONFixtures.exampleTags)
            } catch {
                failures += 1
                #expect(!error.field.isEmpty, "\(error)")
                let top = ["at", "store", "channel", "coupons", "codes", "redeem", "customer", "lines"]
                #expect(top.contains { error.field == $0 || error.field.hasPrefix($0 + ".") || error.field.hasPrefix($0 + "[") },
                        "\(error)")
            }
        }
        #expect(failures > 0)
    }

    /// Replaces one node below the root with a random value, or drops a member.
    func mutate(_ v: JSONValue, _ rng: inout SeededGenerator, _ replacements: [JSONValue], depth: Int) -> JSONValue {
        switch v {
        case .object(var fields) where !fields.isEmpty:
            let i = Int.random(in: 0..<fields.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where depth > 0 || Bool.random(using: &rng): fields.remove(at: i)
            case 1: fields[i].1 = replacements.randomElement(using: &rng)!
            default: fields[i].1 = mutate(fields[i].1, &rng, replacements, depth: depth + 1)
            }
            return .object(fields)
        case .array(var items) where !items.isEmpty:
            let i = Int.random(in: 0..<items.count, using: &rng)
            if Bool.random(using: &rng) {
                items[i] = replacements.randomElement(using: &rng)!
            } else {
                items[i] = mutate(items[i], &rng, replacements, depth: depth + 1)
            }
            return .array(items)
        default:
            return depth == 0 ? v : replacements.randomElement(using: &rng)!
        }
    }
}

private extension String {
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

private extension Substring {
    func range(of target: String) -> Range<Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}
