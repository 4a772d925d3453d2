import CPromoVM
import Foundation
import Synchronization
import PromoBytecode
import PromoJSON
import PromoVM
import PromoVMC
import Testing

/// The C interface (promo_vm.h), called as a C till calls it: bundles, evaluation of JSON and of
/// structs, the accessors, errors, slots and versions.
@Suite struct CABITests {
    static let bytes: [UInt8] = try! promosBundleBytes()
    static let loaded = try! LoadedBundle(bytes: bytes)

    /// A receipt of Examples/pos-c: milk at its fixed price and three yogurts.
    static let dairyJSON = """
        {"at": "2026-11-20T12:00", "store": {"id": 751, "format": "Supermarket"}, "lines": [
          {"sku": 1001, "category": "Food/Dairy/Milk", "price": "79.90", "qty": "2"},
          {"sku": 3001, "category": "Food/Dairy/Yogurt", "price": "55.00", "qty": "2"},
          {"sku": 3002, "category": "Food/Dairy/Yogurt", "price": "49.00", "qty": "1"}]}
        """

    @Test func versionsAreTheHeadersAndTheFormats() {
        #expect(promo_abi_version() == UInt32(PROMO_VM_ABI_VERSION))
        #expect(promo_bundle_format_version() == UInt32(BundleFormat.version))
        #expect(String(cString: promo_version()) == "promo VM, C ABI 1, bundle format \(BundleFormat.version)")
    }

    @Test func aBundleTellsItsCurrencyUnitsAndHash() throws {
        let bundle = try CBundle(Self.bytes)
        defer { withExtendedLifetime(bundle) {} }
        #expect(String(cString: promo_bundle_currency(bundle.handle)) == "RUB")
        #expect(promo_bundle_currency_decimals(bundle.handle) == 2)
        let count = promo_bundle_unit_count(bundle.handle)
        #expect(count == Self.loaded.model.units.count)
        let names = (0..<count).map { String(cString: promo_bundle_unit_name(bundle.handle, $0)) }
        #expect(names.contains("milk_price") && names.contains("loyalty") && names.contains("alcohol_floor"))
        #expect(names == (0..<count).map { Self.loaded.name(ofUnit: $0) })
        #expect(promo_bundle_unit_name(bundle.handle, count) == nil)
        #expect(Array(UnsafeBufferPointer(start: promo_bundle_hash(bundle.handle), count: 32)) == Self.loaded.contentHash)
    }

    @Test func aJSONReceiptIsEvaluatedAndReadThroughTheAccessors() throws {
        let bundle = try CBundle(Self.bytes)
        let evaluator = CEvaluator(bundle)
        defer { withExtendedLifetime(evaluator) {} }  // results and texts live as long as their evaluator
        let result = try evaluator.json(Self.dairyJSON).get()
        // 2 × 79.90 + 2 × 55.00 + 49.00 = 318.80; milk 59.90 a carton (-40.00), the cheapest yogurt free (-49.00).
        #expect(promo_result_original_total(result) == 31_880)
        #expect(promo_result_discount_total(result) == 8_900)
        #expect(promo_result_final_total(result) == 22_980)
        #expect(promo_result_line_count(result) == 3)
        var line = promo_line_result()
        #expect(promo_result_line(result, 0, &line) == PROMO_OK)
        #expect((line.sku, line.original_amount, line.final_amount, line.discount, line.discount_count) == (1001, 15_980, 11_980, 4_000, 1))
        var discount = promo_line_discount()
        #expect(promo_result_line_discount(result, 0, 0, &discount) == PROMO_OK)
        #expect(String(cString: discount.promo) == "milk_price" && discount.amount == 4_000)
        #expect(promo_result_line(result, 2, &line) == PROMO_OK)
        #expect((line.sku, line.final_amount, line.discount_count) == (3002, 0, 1))
        #expect(promo_result_line(result, 1, &line) == PROMO_OK)
        #expect((line.sku, line.final_amount, line.discount_count) == (3001, 11_000, 0))

        let applied = (0..<promo_result_applied_count(result)).map { i -> (String, Int64) in
            var a = promo_applied()
            #expect(promo_result_applied(result, i, &a) == PROMO_OK)
            return (String(cString: a.promo), a.discount)
        }
        // (chips applies on every receipt: 318.80 earns no chip yet.)
        #expect(applied.map(\.0) == ["yogurt_3_for_2", "milk_price", "chips"])
        #expect(applied.map(\.1) == [4_900, 4_000, 0])

        // Out of range: an argument error, `out` untouched.
        line.sku = -7
        #expect(promo_result_line(result, 3, &line) == PROMO_ERROR_ARGUMENT)
        #expect(line.sku == -7)
        #expect(promo_result_line_discount(result, 1, 0, &discount) == PROMO_ERROR_ARGUMENT)
        #expect(promo_result_applied(result, 3, nil) == PROMO_ERROR_ARGUMENT)
        #expect(promo_result_line_count(nil) == 0 && promo_result_final_total(nil) == 0)
    }

    @Test func bonusesCouponsGiftsAndMessagesAreRead() throws {
        let bundle = try CBundle(Self.bytes)
        let evaluator = CEvaluator(bundle)
        defer { withExtendedLifetime(evaluator) {} }  // results and texts live as long as their evaluator
        let result = try evaluator.json("""
            {"at": "2026-11-20T17:00", "store": {"id": 751, "format": "Supermarket"},
             "customer": {"id": "5550008", "card": true, "facts": {"spend(previous calendar week)": "7500.00"}},
             "lines": [{"sku": 5001, "category": "Household/Cleaning", "price": "2500.00", "qty": "1"}]}
            """).get()
        // Gold (7500.00 last week): 6% of 2500.00 = 150.00; 1 chip per 500.00: 5; NEXT10 for 14 days.
        #expect(promo_result_bonus_accrued(result) == 15_000)
        #expect(promo_result_chips_accrued(result) == 5)
        var accruals: [String: (Bool, Int64)] = [:]
        for i in 0..<promo_result_accrual_count(result) {
            var a = promo_accrual()
            #expect(promo_result_accrual(result, i, &a) == PROMO_OK)
            accruals[String(cString: a.promo)] = (a.chips != 0, a.points)
            #expect((a.activates.year, a.activates.month, a.activates.day) == (2026, 11, 20))
        }
        #expect(accruals["loyalty"]! == (false, 15_000))
        #expect(accruals["chips"]! == (true, 5))
        #expect(promo_result_coupon_count(result) == 1)
        var coupon = promo_coupon()
        #expect(promo_result_coupon(result, 0, &coupon) == PROMO_OK)
        #expect(String(cString: coupon.code) == "NEXT10" && String(cString: coupon.promo) == "next_visit")
        #expect(coupon.is_percent == 1 && coupon.value == 100_000 && coupon.valid_until_set == 1)
        #expect((coupon.valid_until.year, coupon.valid_until.month, coupon.valid_until.day) == (2026, 12, 4))

        let gifted = try evaluator.json("""
            {"at": "2027-08-12T15:00", "store": {"id": 751, "format": "Supermarket"}, "lines": [
              {"sku": 12501, "category": "Cosmetics/Face", "price": "1000.00", "qty": "1"},
              {"sku": 12502, "category": "Cosmetics/Lips", "price": "250.00", "qty": "2"}]}
            """).get()
        #expect(promo_result_gift_count(gifted) == 1)
        var gift = promo_gift()
        #expect(promo_result_gift(gifted, 0, &gift) == PROMO_OK)
        #expect(String(cString: gift.promo) == "c_aug_cosmetics_gift" && gift.sku == 12591 && gift.count == 1)
        #expect(promo_result_message_count(gifted) == 1)
        var message = promo_message()
        #expect(promo_result_message(gifted, 0, &message) == PROMO_OK)
        #expect(String(cString: message.target) == "cashier")
        #expect(String(cString: message.text) == "Выдайте косметичку (арт. 12591)")
    }

    /// Receipts with every field: the same result given as JSON, as C structs, and through the
    /// Swift API, down to the last byte of the result JSON.
    @Test func structsJSONAndTheSwiftAPIGiveTheSameResult() throws {
        let bundle = try CBundle(Self.bytes)
        let evaluator = CEvaluator(bundle)
        defer { withExtendedLifetime(evaluator) {} }  // results and texts live as long as their evaluator
        let tags = ReceiptJSON.factTags(of: Self.loaded)
        var swift = Evaluator(bundle: Self.loaded)
        for receipt in Self.richReceipts {
            let json = ReceiptJSON.encode(receipt, decimals: 2, factTags: tags).serialized()
            let expected = ResultJSON.encode(try swift.evaluate(receipt), receipt: receipt, bundle: Self.loaded).serialized()
            let fromJSON = resultJSON(try evaluator.json(json).get())
            let fromStructs = resultJSON(try evaluator.structs(receipt).get())
            #expect(fromJSON == expected)
            #expect(fromStructs == expected)
        }
        // The receipts reach promos of every kind (not only the empty result).
        let discounts = try Self.richReceipts.map { try swift.evaluate($0).discountTotal }
        #expect(discounts.allSatisfy { $0 > 0 })
    }

    /// With the trace of applied promos only, every result is the full one with the promos that
    /// did not apply left out of its trace: through the Swift API, and through C (where an
    /// evaluator following a slot keeps the setting for the next bundle).
    @Test func aTraceOfAppliedPromosOnlyChangesNothingElse() throws {
        var full = Evaluator(bundle: Self.loaded)
        var lean = Evaluator(bundle: Self.loaded)
        lean.traceDetail = .applied
        #expect(full.traceDetail == .all)
        var turnedAway = 0
        for receipt in Self.richReceipts {
            let all = try full.evaluate(receipt)
            var expected = all
            expected.trace = all.trace.filter(\.applied)
            turnedAway += all.trace.count - expected.trace.count
            let applied = try lean.evaluate(receipt)
            #expect(applied == expected)
            #expect(applied.trace.allSatisfy(\.applied) && !applied.trace.isEmpty)
        }
        // The full trace does list promos that did not apply (so the two really differ).
        #expect(turnedAway > 0)

        let bundle = try CBundle(Self.bytes)
        let slot = try #require(promo_slot_new(bundle.handle))
        defer { promo_slot_free(slot) }
        let evaluator = CEvaluator(slot: slot)
        defer { withExtendedLifetime(evaluator) {} }
        #expect(promo_evaluator_set_trace(evaluator.handle, Int32(PROMO_TRACE_APPLIED), nil) == PROMO_OK)
        let tags = ReceiptJSON.factTags(of: Self.loaded)
        for receipt in Self.richReceipts {
            let expected = ResultJSON.encode(try lean.evaluate(receipt), receipt: receipt, bundle: Self.loaded).serialized()
            #expect(resultJSON(try evaluator.structs(receipt).get()) == expected)
            let json = ReceiptJSON.encode(receipt, decimals: 2, factTags: tags).serialized()
            #expect(resultJSON(try evaluator.json(json).get()) == expected)
        }
        // The same bundle again in the slot: the evaluator made for it keeps the setting.
        let again = try CBundle(Self.bytes)
        #expect(withExtendedLifetime(again) { promo_slot_replace(slot, again.handle, nil) } == PROMO_OK)
        let receipt = Self.richReceipts[0]
        let expected = ResultJSON.encode(try lean.evaluate(receipt), receipt: receipt, bundle: Self.loaded).serialized()
        #expect(resultJSON(try evaluator.structs(receipt).get()) == expected)
        #expect(promo_evaluator_set_trace(evaluator.handle, Int32(PROMO_TRACE_ALL), nil) == PROMO_OK)
        let all = ResultJSON.encode(try full.evaluate(receipt), receipt: receipt, bundle: Self.loaded).serialized()
        #expect(resultJSON(try evaluator.structs(receipt).get()) == all)

        var error: OpaquePointer?
        #expect(promo_evaluator_set_trace(evaluator.handle, 7, &error) == PROMO_ERROR_ARGUMENT)
        #expect(CError(error, status: promo_status(PROMO_ERROR_ARGUMENT)).message.contains("unknown detail 7"))
        #expect(promo_evaluator_set_trace(nil, Int32(PROMO_TRACE_ALL), nil) == PROMO_ERROR_ARGUMENT)
    }

    /// One customer after another through one evaluator, their texts the same C strings (as a
    /// till's are): facts read in place when the keys are the last customer's, and placed anew
    /// when fewer, more, other or out of order, give the Swift API's results.
    @Test func customersOneAfterAnotherAreReadInPlace() throws {
        let bundle = try CBundle(Self.bytes)
        let evaluator = CEvaluator(bundle)
        defer { withExtendedLifetime(evaluator) {} }  // results and texts live as long as their evaluator
        var swift = Evaluator(bundle: Self.loaded)
        let arena = CStructArena()
        let base = Self.richReceipts[0]
        let spend = "spend(previous calendar week)"
        // (Keys in order as a till's manifest lists them, but for the fourth.)
        let variants: [[(String, FactValue)]] = [
            [("app", .bool(true)), ("gender", .text("f")), (spend, .number(1_200_000))],
            [("app", .bool(false)), ("gender", .text("m")), (spend, .number(300_000))],
            [("app", .bool(true)), (spend, .number(1_200_000))],
            [(spend, .number(750_000)), ("gender", .text("f"))],
            [("app", .bool(true)), ("gender", .text("f")), ("registered", .date(LocalDate(year: 2020, month: 5, day: 1))),
             (spend, .number(750_000))],
            [],
            [("app", .bool(true)), ("gender", .text("f")), (spend, .number(1_200_000))],
            [("app", .bool(true)), ("gender", .text("f")), (spend, .number(750_000))],
        ]
        var results: Set<String> = []
        for facts in variants + variants.reversed() {
            var receipt = base
            receipt.customer!.facts = Facts()
            for (key, value) in facts { receipt.customer!.facts[key] = value }
            receipt.customer!.levels = [:]
            var c = arena.receipt(receipt)
            // The facts in the order given (the arena's customer lists them by key).
            var customer = c.customer!.pointee
            customer.facts = arena.array(facts.map { key, value in
                var f = promo_fact()
                f.key = arena.text(key)
                switch value {
                case .number(let n): f.kind = Int32(PROMO_FACT_NUMBER); f.number = n
                case .bool(let b): f.kind = Int32(PROMO_FACT_BOOL); f.number = b ? 1 : 0
                case .text(let t): f.kind = Int32(PROMO_FACT_TEXT); f.text = arena.text(t)
                case .date(let d): f.kind = Int32(PROMO_FACT_DATE); f.date = arena.date(d)
                }
                return f
            })
            customer.fact_count = facts.count
            c.customer = arena.array([customer])
            let expected = try swift.evaluate(receipt)
            let json = ResultJSON.encode(expected, receipt: receipt, bundle: Self.loaded).serialized()
            #expect(resultJSON(try evaluator.structs(&c).get()) == json)
            results.insert(json)
        }
        // The facts change the result (the bonus of a tier by last week's spend, the app's promos).
        #expect(results.count >= 4)
    }

    static let richReceipts: [Receipt] = [
        Receipt(date: LocalDate(year: 2026, month: 11, day: 20), minute: 8 * 60 + 15,
                store: Store(id: 751, format: "Supermarket", region: "Moscow", city: "Moscow", groups: ["center"]),
                channel: "pos",
                customer: Customer(id: "5550004", card: true, name: "Anna", segments: ["VIP"],
                                   facts: ["spend(previous calendar week)": .number(1_200_000), "gender": .text("f"),
                                           "registered": .date(LocalDate(year: 2020, month: 5, day: 1)), "app": .bool(true)],
                                   counters: ["coffees": 5_000], usage: ["welcome": Usage(day: 1, lifetime: 3)],
                                   bonusBalance: 50_000, chips: 12),
                coupons: ["HALF-123"], codes: ["SUMMER"], redeem: 1_000,
                lines: [Line(sku: 8001, name: "Cappuccino", category: "Drinks/Coffee", price: 15_000, quantity: 1_000),
                        Line(sku: 1001, category: "Food/Dairy/Milk", brand: "Prostokvashino", price: 7_990, quantity: 3_000,
                             flags: ["organic"]),
                        Line(sku: 10200, category: "Food/Cheese/Weighed", price: 89_990, quantity: 350, weighed: true),
                        Line(sku: 7001, category: "Alcohol/Wine", price: 60_000, quantity: 1_000, amount: 60_000, excise: true,
                             minPrice: 35_000)]),
        Receipt(date: LocalDate(year: 2027, month: 8, day: 12), minute: 15 * 60, store: Store(id: 751, format: "Supermarket"),
                lines: [Line(sku: 12501, category: "Cosmetics/Face", price: 100_000, quantity: 1_000),
                        Line(sku: 3001, category: "Food/Dairy/Yogurt", price: 4_500, quantity: 7_000)]),
        Receipt(date: LocalDate(year: 2026, month: 11, day: 20), minute: 17 * 60, store: Store(id: 751, format: "Supermarket"),
                customer: Customer(id: "5550008", card: true, facts: ["spend(previous calendar week)": .number(750_000)],
                                   levels: ["loyalty": "gold"]),
                lines: [Line(sku: 1001, category: "Food/Dairy/Milk", price: 7_990, quantity: 2_000),
                        Line(sku: 5001, category: "Household/Cleaning", price: 250_000, quantity: 1_000)]),
    ]

    @Test func badReceiptsAreErrorsNamingTheField() throws {
        let bundle = try CBundle(Self.bytes)
        let evaluator = CEvaluator(bundle)
        defer { withExtendedLifetime(evaluator) {} }  // results and texts live as long as their evaluator
        func error(_ json: String) -> CError? {
            if case .failure(let e) = evaluator.json(json) { return e }
            return nil
        }
        let notJSON = try #require(error(#"{"at": "2026-11-20T12:00", "lines": [{"sku": 1, "qty": 01}]}"#))
        #expect(notJSON.code == PROMO_ERROR_JSON)
        #expect(notJSON.message.contains("line 1, column") && notJSON.message.contains("leading zero"))
        #expect(error("")?.code == Int32(PROMO_ERROR_JSON))

        let mistyped = try #require(error(#"{"at": "2026-11-20T12:00", "lines": [{"sku": 1, "price": "1.00", "qty": "two"}]}"#))
        #expect(mistyped.code == PROMO_ERROR_RECEIPT && mistyped.field == "lines[0].qty")
        #expect(mistyped.message.hasPrefix("lines[0].qty: "))
        let missing = try #require(error(#"{"lines": []}"#))
        #expect(missing.code == PROMO_ERROR_RECEIPT && missing.field == "at")
        let overflow = try #require(error(#"{"at": "2026-11-20T12:00", "lines": [{"sku": 1, "price": "1.00", "qty": "99999999999999999999"}]}"#))
        #expect(overflow.code == PROMO_ERROR_RECEIPT && overflow.field == "lines[0].qty")
        let currency = try #require(error(#"{"at": "2026-11-20T12:00", "currency": "EUR", "lines": []}"#))
        #expect(currency.code == PROMO_ERROR_RECEIPT && currency.field == "currency")
        #expect(currency.message.contains("EUR") && currency.message.contains("RUB"))
        #expect(error(#"{"at": "2026-11-20T12:00", "currency": "rub", "lines": []}"#)?.field == "currency")

        // After errors the evaluator goes on.
        #expect(promo_result_final_total(try evaluator.json(Self.dairyJSON).get()) == 22_980)

        // 10,000 lines are evaluated.
        let lines = (0..<10_000).map { #"{"sku": \#(100_000 + $0), "category": "Food/Dairy/Milk", "price": "1.00", "qty": "1"}"# }
        let big = try evaluator.json(#"{"at": "2026-11-20T12:00", "lines": ["# + lines.joined(separator: ",") + "]}").get()
        #expect(promo_result_line_count(big) == 10_000 && promo_result_original_total(big) == 1_000_000)
    }

    @Test func badStructsAreErrorsNamingTheField() throws {
        let bundle = try CBundle(Self.bytes)
        let evaluator = CEvaluator(bundle)
        defer { withExtendedLifetime(evaluator) {} }  // results and texts live as long as their evaluator
        let arena = CStructArena()
        let base = Receipt(date: LocalDate(year: 2026, month: 11, day: 20), minute: 720, store: Store(id: 751, format: "Supermarket"),
                           lines: [Line(sku: 1001, category: "Food/Dairy/Milk", price: 7_990, quantity: 2_000)])
        func error(_ change: (inout promo_receipt) -> Void) -> CError? {
            var c = arena.receipt(base)
            change(&c)
            if case .failure(let e) = evaluator.structs(&c) { return e }
            return nil
        }
        #expect(error { _ in } == nil)
        let qty = try #require(error { c in
            var l = c.lines![0]
            l.quantity = Int64.max
            c.lines = arena.array([l])
        })
        #expect(qty.code == PROMO_ERROR_RECEIPT && qty.field == "lines[0].qty")
        #expect(error { c in
            var l = c.lines![0]
            l.price = -1
            c.lines = arena.array([l])
        }?.field == "lines[0].price")
        #expect(error { $0.date.month = 13 }?.field == "at")
        #expect(error { $0.minute = 1440 }?.field == "at")
        #expect(error { $0.currency = arena.text("USD") }?.field == "currency")
        #expect(error { $0.channel = arena.text("fax") }?.field == "channel")
        let nullLines = try #require(error { $0.lines = nil })
        #expect(nullLines.code == PROMO_ERROR_RECEIPT && nullLines.field == "lines" && nullLines.message.contains("NULL"))
        #expect(error { $0.line_count = 100_001 }?.message == "lines: 100001 entries is more than 100000")
        #expect(error { $0.line_count = -1 }?.message == "lines: 18446744073709551615 entries is more than 100000")  // (size_t)-1
        #expect(error { $0.coupon_count = Int.min }?.field == "coupons")
        // Text that is not UTF-8.
        let bad = UnsafeMutablePointer<CChar>.allocate(capacity: 3)
        defer { bad.deallocate() }
        bad[0] = CChar(bitPattern: 0xC3); bad[1] = CChar(bitPattern: 0x28); bad[2] = 0
        #expect(error { c in
            var l = c.lines![0]
            l.category = UnsafePointer(bad)
            c.lines = arena.array([l])
        }?.field == "lines[0].category")
        // A fact of a kind the header does not have, and one of the wrong type for the manifest.
        var customer = arena.customer(Customer(id: "1", card: true))
        var fact = promo_fact()
        fact.key = arena.text("age")
        fact.kind = 9
        customer.facts = arena.array([fact])
        customer.fact_count = 1
        #expect(error { $0.customer = arena.array([customer]) }?.field == "customer.facts.age")
        fact.kind = Int32(PROMO_FACT_TEXT)
        fact.text = arena.text("forty")
        customer.facts = arena.array([fact])
        #expect(error { $0.customer = arena.array([customer]) }?.field == "customer.facts.age")
        customer.id = nil
        #expect(error { $0.customer = arena.array([customer]) }?.field == "customer.id")

        // NULL arguments.
        var result: OpaquePointer?
        var e: OpaquePointer?
        let status = promo_evaluate(evaluator.handle, nil, &result, &e)
        #expect(CError(e, status: status).code == PROMO_ERROR_ARGUMENT)
        #expect(promo_evaluate_json(nil, "{}", 2, &result, nil) == PROMO_ERROR_ARGUMENT)
        #expect(promo_evaluator_new(nil) == nil && promo_slot_new(nil) == nil)
    }

    /// The string cache reads a text anew when the caller's buffer is reused for another text.
    @Test func aReusedTextBufferIsReadAnew() throws {
        let bundle = try CBundle(Self.bytes)
        let evaluator = CEvaluator(bundle)
        defer { withExtendedLifetime(evaluator) {} }  // results and texts live as long as their evaluator
        let arena = CStructArena()
        let category = UnsafeMutablePointer<CChar>.allocate(capacity: 32)
        defer { category.deallocate() }
        var c = arena.receipt(Receipt(date: LocalDate(year: 2026, month: 11, day: 20), minute: 720,
                                      store: Store(id: 751, format: "Supermarket"),
                                      lines: [Line(sku: 3001, price: 4_500, quantity: 3_000)]))
        var line = c.lines![0]
        line.category = UnsafePointer(category)
        c.lines = arena.array([line])
        func evaluate(_ text: String) throws -> Int64 {
            _ = text.withCString { strcpy(category, $0) }
            return promo_result_discount_total(try evaluator.structs(&c).get())
        }
        // Three yogurts at 45.00: one free. The same buffer then says household goods: nothing.
        #expect(try evaluate("Food/Dairy/Yogurt") == 4_500)
        #expect(try evaluate("Household/Cleaning") == 0)
        #expect(try evaluate("Food/Dairy/Yogurt") == 4_500)
        #expect(try evaluate("Food/Dairy/Yogurx") == 0)
    }

    /// Texts whose addresses fall on one place of the evaluator's text cache (three of them, for
    /// two places) push one another out in turn: each receipt is still read with its own texts.
    @Test func textsAtCollidingAddressesAreEachReadRight() throws {
        let bundle = try CBundle(Self.bytes)
        let evaluator = CEvaluator(bundle)
        defer { withExtendedLifetime(evaluator) {} }
        // Three 64-byte spots of one buffer whose addresses give the same place in the cache.
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: 1 << 22)
        defer { buffer.deallocate() }
        func place(_ p: UnsafeMutablePointer<CChar>) -> Int { StringCache.slot(p) }
        var spots: [UnsafeMutablePointer<CChar>] = []
        var offset = 0
        while spots.count < 3, offset + 64 <= 1 << 22 {
            if spots.isEmpty || place(buffer + offset) == place(spots[0]) { spots.append(buffer + offset) }
            offset += 64
        }
        try #require(spots.count == 3)
        // (The last is longer than a place holds in itself: its copy is kept apart.)
        let texts = ["Food/Dairy/Yogurt", "Household/Cleaning", "Food/Dairy/Yogurt/Greek/Strained/Full fat 10%"]
        for (spot, text) in zip(spots, texts) { _ = text.withCString { strcpy(spot, $0) } }
        let arena = CStructArena()
        var c = arena.receipt(Receipt(date: LocalDate(year: 2026, month: 11, day: 20), minute: 720,
                                      store: Store(id: 751, format: "Supermarket"),
                                      lines: [Line(sku: 3001, price: 4_500, quantity: 3_000)]))
        var swift = Evaluator(bundle: Self.loaded)
        // Three yogurts at 45.00: one free; household goods get nothing.
        var seen: Set<Int64> = []
        for k in 0..<12 {
            let i = [0, 1, 2, 0, 2, 1][k % 6]
            var line = c.lines![0]
            line.category = UnsafePointer(spots[i])
            c.lines = arena.array([line])
            let expected = try swift.evaluate(Receipt(date: LocalDate(year: 2026, month: 11, day: 20), minute: 720,
                                                      store: Store(id: 751, format: "Supermarket"),
                                                      lines: [Line(sku: 3001, category: texts[i], price: 4_500, quantity: 3_000)]))
            let discount = promo_result_discount_total(try evaluator.structs(&c).get())
            #expect(discount == expected.discountTotal, "receipt \(k): \(texts[i])")
            seen.insert(discount)
        }
        #expect(seen.contains(4_500) && seen.contains(0))
    }

    /// Lines borrow the texts cache's strings. Five line names at addresses of one place pair
    /// push one another out while a single receipt is read, yet every name is right in the
    /// result JSON; receipts as structs, as JSON and refused ones mixed on one evaluator, and
    /// the evaluator freed, keep every text right (and nothing released twice).
    @Test func borrowedLineTextsOutliveTheirPlaceInTheCache() throws {
        let bundle = try CBundle(Self.bytes)
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: 1 << 22)
        defer { buffer.deallocate() }
        var spots: [UnsafeMutablePointer<CChar>] = []
        var offset = 0
        while spots.count < 5, offset + 64 <= 1 << 22 {
            if spots.isEmpty || StringCache.slot(buffer + offset) == StringCache.slot(spots[0]) { spots.append(buffer + offset) }
            offset += 64
        }
        try #require(spots.count == 5)
        // Longer than a small string, so that each is a string of its own in memory.
        let names = (0..<5).map { "Milk 3.2% from the farm, bottle of one litre, no. \($0)" }
        for (spot, name) in zip(spots, names) { _ = name.withCString { strcpy(spot, $0) } }
        let day = LocalDate(year: 2026, month: 11, day: 20)
        let lines = (0..<5).map { Line(sku: 1001 + Int64($0), category: "Food/Dairy/Milk", price: 7_990, quantity: 2_000) }
        let arena = CStructArena()
        var c = arena.receipt(Receipt(date: day, minute: 720, store: Store(id: 751, format: "Supermarket"), lines: lines))
        var cLines = Array(UnsafeBufferPointer(start: c.lines!, count: 5))
        for k in 0..<5 { cLines[k].name = UnsafePointer(spots[k]) }
        c.lines = arena.array(cLines)

        /// The names of the result JSON's lines.
        func resultNames(_ result: OpaquePointer) throws -> [String?] {
            let document = try JSONParser.parse(Array(resultJSON(result).utf8))
            guard case .array(let out)? = document["lines"] else { return [] }
            return out.map { if case .string(let s)? = $0["name"] { s } else { nil } }
        }
        var named = lines
        for k in 0..<5 { named[k].name = names[k] }
        let receipt = Receipt(date: day, minute: 720, store: Store(id: 751, format: "Supermarket"), lines: named)
        var swift = Evaluator(bundle: Self.loaded)
        let expected = ResultJSON.encode(try swift.evaluate(receipt), receipt: receipt, bundle: Self.loaded).serialized()
        do {
            let evaluator = CEvaluator(bundle)
            for round in 0..<3 {
                let result = try evaluator.structs(&c).get()
                #expect(try resultNames(result) == names, "round \(round)")
                let same = resultJSON(result) == expected
                #expect(same, "round \(round): the result JSON is not the Swift API's")
                // A receipt as JSON in between, then one refused halfway through its lines.
                _ = try evaluator.json(Self.dairyJSON).get()
                var broken = cLines
                broken[3].extra_flag_count = 2
                broken[3].extra_flags = nil
                var bad = c
                bad.lines = arena.array(broken)
                #expect(throws: CError.self) { try evaluator.structs(&bad).get() }
            }
            // The evaluator goes with its last receipt's lines borrowing (freed at the end of the scope).
            _ = try evaluator.structs(&c).get()
        }
        // Another evaluator reads the same names again from scratch.
        let again = CEvaluator(bundle)
        #expect(try resultNames(again.structs(&c).get()) == names)
    }

    @Test func badBundlesAndSignaturesAreRefused() throws {
        #expect(throws: CError(code: Int32(PROMO_ERROR_BUNDLE), message: BundleError.notABundle.description, field: "")) {
            try CBundle(Array("not a bundle at all".utf8))
        }
        var none: OpaquePointer?
        #expect(Self.bytes.withUnsafeBytes { promo_bundle_open($0.baseAddress, -1, nil, &none, nil) } == PROMO_ERROR_BUNDLE)
        #expect(promo_bundle_open(nil, 10, nil, &none, nil) == PROMO_ERROR_BUNDLE && none == nil)
        #expect(promo_bundle_open(nil, 10, nil, nil, nil) == PROMO_ERROR_ARGUMENT)
        var truncated = Self.bytes
        truncated.removeLast(100)
        #expect(throws: CError.self) { try CBundle(truncated) }
        do {
            _ = try CBundle(truncated)
        } catch {
            #expect(error.code == PROMO_ERROR_BUNDLE)
        }

        let (privateKey, publicKey) = BundleSignature.generateKey()
        let signed = try BundleSignature.sign(Self.bytes, privateKey: privateKey)
        let good = CEvaluator(try CBundle(signed, key: publicKey))
        defer { withExtendedLifetime(good) {} }
        #expect(promo_result_final_total(try good.json(Self.dairyJSON).get()) == 22_980)

        var tampered = signed
        tampered[tampered.count / 2] ^= 0x01
        let refused = CError(code: Int32(PROMO_ERROR_SIGNATURE), message: BundleError.badSignature.description, field: "")
        #expect(throws: refused) { try CBundle(tampered, key: publicKey) }
        #expect(throws: refused) { try CBundle(signed, key: BundleSignature.generateKey().publicKey) }
        #expect(throws: CError(code: Int32(PROMO_ERROR_SIGNATURE), message: BundleError.unsigned.description, field: "")) {
            try CBundle(Self.bytes, key: publicKey)
        }

        // From files: the bundle, a missing file, the public key file and a private key in its place.
        let folder = FileManager.default.temporaryDirectory.path + "/cabi-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(signed).write(to: URL(fileURLWithPath: folder + "/promos.bundle"))
        try Data(KeyText.encode(kind: KeyText.publicKind, key: publicKey).utf8).write(to: URL(fileURLWithPath: folder + "/ci.pub"))
        try Data(KeyText.encode(kind: KeyText.privateKind, key: privateKey).utf8).write(to: URL(fileURLWithPath: folder + "/ci.key"))

        var key = [UInt8](repeating: 0, count: 32)
        var e: OpaquePointer?
        #expect(promo_public_key_read(folder + "/ci.pub", &key, &e) == PROMO_OK)
        #expect(key == publicKey)
        let status = promo_public_key_read(folder + "/ci.key", &key, &e)
        let wrongKind = CError(e, status: status)
        #expect(wrongKind.code == PROMO_ERROR_KEY)
        #expect(wrongKind.message == "`\(folder)/ci.key` is not a public key file (it is a private key): expected one line `promo-ed25519-public BASE64`")

        _ = try CBundle(path: folder + "/promos.bundle", key: publicKey)
        #expect(throws: CError(code: Int32(PROMO_ERROR_IO), message: "cannot read \(folder)/none.bundle: No such file or directory", field: "")) {
            try CBundle(path: folder + "/none.bundle")
        }
    }

    @Test func aSlotSwapsBundlesUnderAnEvaluator() throws {
        // Bundle B: one promo, 10% on milk.
        guard let other = compileBundleBytes("""
            currency RUB
            promo milk_10 "10% on milk" {
              priority 1
              discount 10% on category "Food/Dairy/Milk"
            }
            """) else { return }
        let a = try CBundle(Self.bytes)
        let b = try CBundle(other)
        let slot = try #require(promo_slot_new(a.handle))
        defer { promo_slot_free(slot) }
        let evaluator = CEvaluator(slot: slot)
        defer { withExtendedLifetime(evaluator) {} }
        #expect(promo_result_discount_total(try evaluator.json(Self.dairyJSON).get()) == 8_900)
        #expect(promo_slot_replace(slot, b.handle, nil) == PROMO_OK)
        // 10% of 159.80 = 15.98; nothing else in bundle B.
        let result = try evaluator.json(Self.dairyJSON).get()
        #expect(promo_result_discount_total(result) == 1_598)
        var applied = promo_applied()
        #expect(promo_result_applied(result, 0, &applied) == PROMO_OK)
        #expect(String(cString: applied.promo) == "milk_10")
        #expect(promo_slot_replace(slot, nil, nil) == PROMO_ERROR_ARGUMENT)
    }

    /// Checkout threads evaluate through a slot while another thread swaps two bundles in it:
    /// every result is wholly one bundle's (89.00 off with promos/, 15.98 with the milk promo).
    @Test func evaluationsDuringSwapsSeeOneBundleOrTheOther() throws {
        guard let other = compileBundleBytes("""
            currency RUB
            promo milk_10 "10% on milk" {
              priority 1
              discount 10% on category "Food/Dairy/Milk"
            }
            """) else { return }
        let a = try CBundle(Self.bytes), b = try CBundle(other)
        nonisolated(unsafe) let slot = try #require(promo_slot_new(a.handle))
        nonisolated(unsafe) let bundles = (a.handle, b.handle)
        defer { promo_slot_free(slot) }
        let seen = Mutex<[Int64: Int]>([:])
        let done = DispatchGroup()
        for _ in 0..<2 {
            done.enter()
            Thread.detachNewThread {
                let evaluator = promo_evaluator_new_for_slot(slot)
                for _ in 0..<150 {
                    var result: OpaquePointer?
                    let status = Self.dairyJSON.withCString { promo_evaluate_json(evaluator, $0, strlen($0), &result, nil) }
                    let discount = status == PROMO_OK ? promo_result_discount_total(result) : -1
                    seen.withLock { $0[discount, default: 0] += 1 }
                }
                promo_evaluator_free(evaluator)
                done.leave()
            }
        }
        done.enter()
        Thread.detachNewThread {
            for i in 0..<300 { _ = promo_slot_replace(slot, i % 2 == 0 ? bundles.1 : bundles.0, nil) }
            done.leave()
        }
        done.wait()
        withExtendedLifetime((a, b)) {}
        let counts = seen.withLock { $0 }
        #expect(Set(counts.keys).isSubset(of: [8_900, 1_598]), "results: \(counts)")
        #expect(counts.values.reduce(0, +) == 300)
    }

    @Test func handlesMayBeFreedInAnyOrder() throws {
        var bundle: OpaquePointer?
        #expect(Self.bytes.withUnsafeBytes { promo_bundle_open($0.baseAddress, $0.count, nil, &bundle, nil) } == PROMO_OK)
        let slot = promo_slot_new(bundle)
        let evaluator = promo_evaluator_new_for_slot(slot)
        promo_bundle_free(bundle)
        promo_slot_free(slot)
        var result: OpaquePointer?
        let status = Self.dairyJSON.withCString { promo_evaluate_json(evaluator, $0, strlen($0), &result, nil) }
        #expect(status == PROMO_OK)
        #expect(promo_result_final_total(result) == 22_980)
        promo_evaluator_free(evaluator)
        promo_bundle_free(nil)
        promo_error_free(nil)
    }
}
