import Testing
@testable import PromoSemantics

@Suite struct ItemLogicTests {
    let dairy = ItemSet.category("Food/Dairy")
    let milk = ItemSet.category("Food/Dairy/Milk")
    let bakery = ItemSet.category("Food/Bakery")

    @Test func categoriesFormATree() {
        #expect(ItemLogic.overlaps(dairy, milk))
        #expect(ItemLogic.overlaps(milk, dairy))
        #expect(!ItemLogic.overlaps(dairy, bakery))
        // A prefix of the name is not an ancestor.
        #expect(!ItemLogic.overlaps(.category("Food/Dairy"), .category("Food/DairyFree")))
        #expect(ItemLogic.contains(dairy, milk))
        #expect(!ItemLogic.contains(milk, dairy))
    }

    @Test func exceptRemovesSubtrees() {
        #expect(!ItemLogic.overlaps(.difference(dairy, milk), .category("Food/Dairy/Milk/Organic")))
        #expect(ItemLogic.overlaps(.difference(dairy, milk), .category("Food/Dairy/Yogurt")))
        #expect(!ItemLogic.overlaps(.difference(.all, .flag("excise")), .flag("excise")))
        #expect(ItemLogic.contains(.all, .difference(.all, .flag("excise"))))
    }

    @Test func skusAndBrands() {
        #expect(!ItemLogic.overlaps(.sku(1), .sku(2)))
        // Without a catalog a SKU may be in any category.
        #expect(ItemLogic.overlaps(.sku(1), dairy))
        #expect(ItemLogic.overlaps(.brand("A"), dairy))
        #expect(!ItemLogic.overlaps(.intersection([.brand("A"), dairy]), .brand("B")))
        #expect(!ItemLogic.overlaps(.difference(dairy, .brand("A")), .intersection([milk, .brand("A")])))
        #expect(ItemLogic.contains(.union([.sku(1), .sku(2)]), .sku(2)))
    }
}
