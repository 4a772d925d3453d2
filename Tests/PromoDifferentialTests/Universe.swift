/// The small world every generated promo set and receipt is drawn from: a few dozen products
/// in a shallow category tree, a handful of brands, stores, CRM segments, coupons and codes.
/// Keeping it small is what makes generated promos actually fire on generated receipts.
enum Universe {
    struct Product {
        var sku: Int64
        var category: String
        var brand: String?
        /// The shelf price of one unit (a piece, a kilogram), in kopecks.
        var price: Int64
        var weighed = false
        var excise = false
        /// The legal minimum price of one unit, for excise goods.
        var minPrice: Int64?
        var flags: [String] = []
    }

    static let products: [Product] = [
        Product(sku: 1001, category: "Food/Dairy/Milk", brand: "Valley", price: 79_90),
        Product(sku: 1002, category: "Food/Dairy/Milk", brand: "Premium Farm", price: 129_90),
        Product(sku: 1011, category: "Food/Dairy/Yogurt", brand: "Valley", price: 45_90, flags: ["promo"]),
        Product(sku: 1012, category: "Food/Dairy/Yogurt", brand: "Brisk", price: 39_99),
        Product(sku: 1021, category: "Food/Dairy/Cheese", brand: "Premium Farm", price: 899_90, weighed: true),
        Product(sku: 1031, category: "Food/Bakery", brand: "Brisk", price: 49_90),
        Product(sku: 1032, category: "Food/Bakery/Cakes", price: 350_00, flags: ["local"]),
        Product(sku: 2001, category: "Drinks/Coffee", brand: "Acme", price: 599_90),
        Product(sku: 2002, category: "Drinks/Coffee", brand: "Brisk", price: 1_199_00, weighed: true),
        Product(sku: 2003, category: "Drinks/Coffee", brand: "Valley", price: 149_90, flags: ["promo"]),
        Product(sku: 2011, category: "Drinks/Soda", brand: "Acme", price: 89_90),
        Product(sku: 3001, category: "Alcohol/Wine", brand: "Valley", price: 799_00, excise: true, minPrice: 349_00),
        Product(sku: 3002, category: "Alcohol/Vodka", price: 450_00, excise: true, minPrice: 300_00),
        Product(sku: 3011, category: "Tobacco", price: 210_00, excise: true, minPrice: 180_00),
        Product(sku: 4001, category: "Household/Cleaning", brand: "Acme", price: 249_90),
        Product(sku: 4002, category: "Household/Paper/Towels", brand: "Brisk", price: 159_90, flags: ["promo"]),
        Product(sku: 4003, category: "Householdware", brand: "Acme", price: 1_490_00),
        Product(sku: 5001, category: "Beauty/Hair", brand: "Valley", price: 399_90),
        Product(sku: 5002, category: "Beauty/Skin", brand: "Premium Farm", price: 2_350_00),
        Product(sku: 6001, category: "Fruit", price: 149_90, weighed: true, flags: ["local"]),
        Product(sku: 6002, category: "Fruit", price: 99_90, weighed: true),
        Product(sku: 7001, category: "Gifts", brand: "Acme", price: 1_00),
    ]

    static let categories = [
        "Food", "Food/Dairy", "Food/Dairy/Milk", "Food/Dairy/Yogurt", "Food/Dairy/Cheese", "Food/Bakery",
        "Drinks", "Drinks/Coffee", "Drinks/Soda", "Alcohol", "Alcohol/Wine", "Tobacco", "Household",
        "Household/Paper", "Householdware", "Beauty", "Fruit",
    ]
    static let brands = ["Valley", "Premium Farm", "Brisk", "Acme"]
    static let flags = ["promo", "local"]
    static var skus: [Int64] { products.map(\.sku) }

    static let formats = ["Supermarket", "Discounter", "Hypermarket", "Convenience"]
    static let regions = ["Moscow", "Kazan"]
    static let cities = ["Moscow", "Kazan", "Tver"]
    static let groups = ["North", "South"]
    static let storeIDs: [Int64] = [1, 2, 3, 751, 752]
    static let channels = ["pos", "sco", "web", "app", "delivery"]
    static let crmSegments = ["VIP", "Staff", "PetClub"]
    static let genders = ["female", "male"]
    static let rfmClasses = ["champions", "at_risk", "hibernating"]
    static let customerNames = ["Анна", "Ivan"]

    /// Coupon patterns with codes that match them and one that does not.
    static let coupons: [(pattern: String, matching: [String])] = [
        ("HALF-*", ["HALF-1", "half-77"]),
        ("NEXT10", ["NEXT10"]),
        ("SALE?-*", ["SALE?-X"]),
        ("CB*", ["CB", "cb15"]),
    ]
    static let strayCoupons = ["HALF", "NOPE-1"]
    static let codes = ["SUMMER", "SUN30", "Зима"]
    static let strayCodes = ["WINTER"]

    /// The window receipts and schedules live in.
    static let firstDay = (year: 2026, month: 12, day: 1)
}

extension Int64 {
    /// Kopecks as a money literal: `1234` is `12.34`.
    var money: String {
        let sign = self < 0 ? "-" : ""
        let v = Swift.abs(self)
        let cents = v % 100
        return "\(sign)\(v / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Thousandths as a quantity literal: `350` is `0.350`.
    var quantity: String {
        let whole = self / 1000, rest = self % 1000
        let digits = String(rest)
        return "\(whole).\(String(repeating: "0", count: 3 - digits.count))\(digits)"
    }
}
