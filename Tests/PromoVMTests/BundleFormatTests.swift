import Foundation
import PromoBytecode
import PromoVM
import Testing

@Suite struct BundleFormatTests {
    @Test func theSameSourcesGiveTheSameBytes() throws {
        let a = try promosBundleBytes(), b = try promosBundleBytes()
        #expect(a == b)
        #expect(Array(a[0..<8]) == Array("PROMOBDL".utf8))
        let model = try BundleFormat.decode(a)
        try Verifier(model).verify()
        #expect(BundleFormat.encode(model) == a)
    }

    /// The VM reads an instruction's opcode byte as the `Opcode` case itself, which holds only
    /// while every case's raw value is its position; a verified bundle has no other byte.
    @Test func opcodeRawValuesAreTheirCaseNumbers() {
        for (position, opcode) in Opcode.allCases.enumerated() {
            #expect(Int(opcode.rawValue) == position, "\(opcode)")
        }
        #expect(Opcode(rawValue: UInt8(Opcode.allCases.count)) == nil)
    }

    @Test func truncatedBundlesAreRefused() throws {
        let bytes = try promosBundleBytes()
        var refused = 0
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            #expect(throws: BundleError.self) { _ = try LoadedBundle(bytes: Array(bytes[0..<cut])) }
            refused += 1
        }
        #expect(refused >= 300)
    }

    @Test func corruptedBundlesAreRefusedByTheirHash() throws {
        let bytes = try promosBundleBytes()
        var generator = SplitMix(seed: 7)
        for _ in 0..<300 {
            var copy = bytes
            let at = BundleFormat.headerSize + Int(generator.next() % UInt64(bytes.count - BundleFormat.headerSize))
            copy[at] ^= UInt8(1 + generator.next() % 255)
            #expect(throws: BundleError.hashMismatch) { _ = try LoadedBundle(bytes: copy) }
        }
    }

    /// Corruption with a recomputed hash reaches the decoder and the verifier, which must refuse
    /// whatever does not hold together, and never crash.
    @Test func corruptedPayloadsWithAValidHashAreRefusedOrSound() throws {
        let bytes = try promosBundleBytes()
        var generator = SplitMix(seed: 11)
        var refused = 0, accepted = 0
        for round in 0..<600 {
            var payload = Array(bytes[BundleFormat.headerSize...])
            let changes = 1 + Int(generator.next() % 4)
            for _ in 0..<changes {
                let at = Int(generator.next() % UInt64(payload.count))
                switch round % 3 {
                case 0: payload[at] ^= UInt8(1 << (generator.next() % 8))
                case 1: payload[at] = UInt8(truncatingIfNeeded: generator.next())
                default: payload[at] = [0x00, 0xFF, 0x7F, 0x80][Int(generator.next() % 4)]
                }
            }
            let rebuilt = rehashed(payload)
            do {
                let bundle = try LoadedBundle(bytes: rebuilt)
                accepted += 1
                // What verifies must evaluate without trapping.
                var evaluator = Evaluator(bundle: bundle)
                _ = try? evaluator.evaluate(sampleReceipt)
            } catch {
                refused += 1
            }
        }
        #expect(refused > 300)
        #expect(refused + accepted == 600)
    }

    @Test(arguments: [
        ([UInt8](), BundleError.notABundle),
        (Array("NOTABNDL".utf8) + [UInt8](repeating: 0, count: 60), .notABundle),
    ])
    func wrongFilesAreRefused(bytes: [UInt8], error: BundleError) {
        #expect(throws: error) { _ = try LoadedBundle(bytes: bytes) }
    }

    @Test func anotherVersionIsRefusedWithBothVersions() throws {
        var bytes = try promosBundleBytes()
        bytes[8] = 9
        bytes[9] = 0
        #expect(throws: BundleError.unsupportedVersion(found: 9, supported: BundleFormat.version)) { _ = try LoadedBundle(bytes: bytes) }
        let message = BundleError.unsupportedVersion(found: 9, supported: 1).description
        #expect(message.contains("version 9") && message.contains("version 1"))
    }

    @Test func theVerifierRefusesBadIndices() throws {
        let model = try BundleFormat.decode(try promosBundleBytes())
        var badRegister = model
        // A jump backwards, a register past the unit's, an effect past the table.
        let unit = badRegister.units[3]
        badRegister.code[Int(unit.codeStart)] = Instruction(.move, UInt32(unit.registers) + 5, 0).word
        #expect(throws: BundleError.self) { try Verifier(badRegister).verify() }
        var badJump = model
        badJump.code[Int(unit.codeStart) + 1] = Instruction(.jump, unit.codeStart).word
        #expect(throws: BundleError.self) { try Verifier(badJump).verify() }
        var badEffect = model
        badEffect.code[Int(unit.codeStart)] = Instruction(.effect, UInt32(model.effects.count)).word
        #expect(throws: BundleError.self) { try Verifier(badEffect).verify() }
        var badSet = model
        badSet.itemSets[0] = [ItemSetOp.word(.and)]
        #expect(throws: BundleError.self) { try Verifier(badSet).verify() }
        var open = model
        open.code[Int(unit.codeEnd) - 1] = Instruction(.loadImmediate, 0, 1).word
        #expect(throws: BundleError.self) { try Verifier(open).verify() }
        try Verifier(model).verify()
    }

    @Test func theDisassemblyNamesEveryUnit() throws {
        let model = try BundleFormat.decode(try promosBundleBytes())
        let listing = Disassembler.listing(model)
        for unit in model.units {
            #expect(listing.contains(model.strings[Int(unit.name)]))
        }
        #expect(listing.contains("WEEKDAYS  mask 0b11111"))
        #expect(listing.contains("category \"Food/Dairy\" except brand \"Premium Farm\""))
    }

    func rehashed(_ payload: [UInt8]) -> [UInt8] {
        var model = BundleModel()
        model.currencyCode = "RUB"
        // Reuse the encoder's header layout: magic, version, flags, length, hash.
        let header = Array(BundleFormat.encode(model)[0..<12])
        var out = header
        let n = UInt32(payload.count)
        out += [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24)]
        out += SHA.hash(payload)
        out += payload
        return out
    }

    var sampleReceipt: Receipt {
        receipt([Line(sku: 1042, category: "Food/Dairy/Milk", price: 10000, quantity: 6000),
                 Line(sku: 3001, category: "Food/Dairy/Yogurt", price: 4500, quantity: 7000),
                 Line(sku: 7001, category: "Drinks/Wine", price: 70000, excise: true, minPrice: 30000)],
                customer: Customer(id: "1", card: true, facts: ["days_since_last_purchase": .number(120)]))
    }
}

/// SplitMix64, for repeatable random cases.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Crypto

enum SHA {
    static func hash(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
}
