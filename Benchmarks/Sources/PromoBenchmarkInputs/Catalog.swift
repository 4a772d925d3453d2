/// The made-up assortment, regions and wording the generated promos draw on.

/// A named item set of the shared file, with a receipt line that matches it (for test blocks).
struct SharedItemSet {
    var name: String
    var definition: String
    /// A category of the line a test puts on the receipt; nil when no plain line matches the set.
    var lineCategory: String?
    /// Shelf price of one unit, in kopecks (whole roubles, so percent discounts stay exact).
    var unitPrice: Int
    /// A short label for titles.
    var label: String
    var labelRu: String
}

enum Assortment {
    static let itemSets: [SharedItemSet] = [
        .init(name: "dairy", definition: #"category "Food/Dairy" except brand "Premium Farm""#,
              lineCategory: "Food/Dairy/Milk", unitPrice: 9_900, label: "dairy", labelRu: "молочные продукты"),
        .init(name: "yogurt", definition: #"category "Food/Dairy/Yogurt""#,
              lineCategory: "Food/Dairy/Yogurt", unitPrice: 5_900, label: "yogurts", labelRu: "йогурты"),
        .init(name: "cheese", definition: #"category "Food/Dairy/Cheese""#,
              lineCategory: "Food/Dairy/Cheese", unitPrice: 39_900, label: "cheese", labelRu: "сыры"),
        .init(name: "kefir", definition: #"category "Food/Dairy/Kefir""#,
              lineCategory: "Food/Dairy/Kefir", unitPrice: 8_900, label: "kefir", labelRu: "кефир"),
        .init(name: "bakery", definition: #"category "Food/Bakery""#,
              lineCategory: "Food/Bakery/Bread", unitPrice: 5_500, label: "bakery", labelRu: "выпечка"),
        .init(name: "meat", definition: #"category "Food/Meat""#,
              lineCategory: "Food/Meat/Beef", unitPrice: 64_900, label: "meat", labelRu: "мясо"),
        .init(name: "poultry", definition: #"category "Food/Meat/Poultry""#,
              lineCategory: "Food/Meat/Poultry", unitPrice: 32_900, label: "poultry", labelRu: "птица"),
        .init(name: "sausages", definition: #"category "Food/Meat/Sausages" except brand "Deli Gold""#,
              lineCategory: "Food/Meat/Sausages", unitPrice: 27_900, label: "sausages", labelRu: "колбасы"),
        .init(name: "fish", definition: #"category "Food/Fish""#,
              lineCategory: "Food/Fish/Fresh", unitPrice: 54_900, label: "fish", labelRu: "рыба"),
        .init(name: "fruit", definition: #"category "Food/Fruit""#,
              lineCategory: "Food/Fruit/Apples", unitPrice: 14_900, label: "fruit", labelRu: "фрукты"),
        .init(name: "vegetables", definition: #"category "Food/Vegetables""#,
              lineCategory: "Food/Vegetables/Tomatoes", unitPrice: 19_900, label: "vegetables", labelRu: "овощи"),
        .init(name: "produce", definition: #"category "Food/Fruit", category "Food/Vegetables""#,
              lineCategory: "Food/Fruit/Citrus", unitPrice: 17_900, label: "fruit and vegetables", labelRu: "овощи и фрукты"),
        .init(name: "grocery", definition: #"category "Food/Grocery""#,
              lineCategory: "Food/Grocery/Rice", unitPrice: 11_900, label: "grocery", labelRu: "бакалея"),
        .init(name: "pasta", definition: #"category "Food/Grocery/Pasta""#,
              lineCategory: "Food/Grocery/Pasta", unitPrice: 8_900, label: "pasta", labelRu: "макароны"),
        .init(name: "cereals", definition: #"category "Food/Grocery/Cereals""#,
              lineCategory: "Food/Grocery/Cereals", unitPrice: 15_900, label: "cereals", labelRu: "хлопья"),
        .init(name: "sweets", definition: #"category "Food/Sweets""#,
              lineCategory: "Food/Sweets/Cookies", unitPrice: 12_900, label: "sweets", labelRu: "сладости"),
        .init(name: "chocolate", definition: #"category "Food/Sweets/Chocolate""#,
              lineCategory: "Food/Sweets/Chocolate", unitPrice: 9_900, label: "chocolate", labelRu: "шоколад"),
        .init(name: "frozen", definition: #"category "Food/Frozen""#,
              lineCategory: "Food/Frozen/Dumplings", unitPrice: 34_900, label: "frozen food", labelRu: "заморозка"),
        .init(name: "ice_cream", definition: #"category "Food/Frozen/Ice Cream""#,
              lineCategory: "Food/Frozen/Ice Cream", unitPrice: 7_900, label: "ice cream", labelRu: "мороженое"),
        .init(name: "fries", definition: #"category "Food/Fries""#,
              lineCategory: "Food/Fries", unitPrice: 9_900, label: "fries", labelRu: "картофель фри"),
        .init(name: "soda", definition: #"category "Drinks/Soda""#,
              lineCategory: "Drinks/Soda", unitPrice: 8_900, label: "soda", labelRu: "газировка"),
        .init(name: "juice", definition: #"category "Drinks/Juice""#,
              lineCategory: "Drinks/Juice", unitPrice: 12_900, label: "juice", labelRu: "соки"),
        .init(name: "water", definition: #"category "Drinks/Water""#,
              lineCategory: "Drinks/Water", unitPrice: 4_900, label: "water", labelRu: "вода"),
        .init(name: "soft_drinks", definition: #"category "Drinks/Soda", category "Drinks/Juice", category "Drinks/Water""#,
              lineCategory: "Drinks/Juice", unitPrice: 11_900, label: "soft drinks", labelRu: "напитки"),
        .init(name: "coffee", definition: #"category "Drinks/Coffee""#,
              lineCategory: "Drinks/Coffee", unitPrice: 44_900, label: "coffee", labelRu: "кофе"),
        .init(name: "tea", definition: #"category "Drinks/Tea""#,
              lineCategory: "Drinks/Tea", unitPrice: 19_900, label: "tea", labelRu: "чай"),
        .init(name: "alcohol", definition: "excise",
              lineCategory: nil, unitPrice: 69_900, label: "alcohol", labelRu: "алкоголь"),
        .init(name: "wine", definition: #"category "Alcohol/Wine""#,
              lineCategory: nil, unitPrice: 89_900, label: "wine", labelRu: "вино"),
        .init(name: "tobacco", definition: #"category "Tobacco""#,
              lineCategory: nil, unitPrice: 19_900, label: "tobacco", labelRu: "табак"),
        .init(name: "household", definition: #"category "Household""#,
              lineCategory: "Household/Cleaning", unitPrice: 24_900, label: "household goods", labelRu: "бытовая химия"),
        .init(name: "paper", definition: #"category "Household/Paper""#,
              lineCategory: "Household/Paper", unitPrice: 29_900, label: "paper goods", labelRu: "бумажная продукция"),
        .init(name: "cosmetics", definition: #"category "Cosmetics""#,
              lineCategory: "Cosmetics/Skin", unitPrice: 39_900, label: "cosmetics", labelRu: "косметика"),
        .init(name: "hair_care", definition: #"category "Cosmetics/Hair""#,
              lineCategory: "Cosmetics/Hair", unitPrice: 34_900, label: "hair care", labelRu: "уход за волосами"),
        .init(name: "pet_food", definition: #"category "Pets""#,
              lineCategory: "Pets/Dogs", unitPrice: 29_900, label: "pet food", labelRu: "корма"),
        .init(name: "cat_food", definition: #"category "Pets/Cats""#,
              lineCategory: "Pets/Cats", unitPrice: 4_900, label: "cat food", labelRu: "корм для кошек"),
        .init(name: "baby", definition: #"category "Baby""#,
              lineCategory: "Baby/Food", unitPrice: 8_900, label: "baby food", labelRu: "детское питание"),
        .init(name: "diapers", definition: #"category "Baby/Diapers""#,
              lineCategory: "Baby/Diapers", unitPrice: 129_900, label: "diapers", labelRu: "подгузники"),
        .init(name: "non_food", definition: #"category "Household", category "Cosmetics""#,
              lineCategory: "Household/Paper", unitPrice: 29_900, label: "non-food", labelRu: "непродовольственные товары"),
    ]

    /// Item sets a promo may discount (not the excise or tobacco ones).
    static let discountable: [SharedItemSet] = itemSets.filter { $0.lineCategory != nil }

    /// Leaf categories for inline `category "…"` targets, with a shelf price.
    static let leafCategories: [(path: String, ru: String, price: Int)] = [
        ("Food/Dairy/Butter", "сливочное масло", 18_900), ("Food/Dairy/Cottage Cheese", "творог", 12_900),
        ("Food/Bakery/Pastry", "выпечку", 7_900), ("Food/Meat/Pork", "свинину", 49_900),
        ("Food/Fish/Frozen", "замороженную рыбу", 39_900), ("Food/Fish/Canned", "рыбные консервы", 14_900),
        ("Food/Fruit/Bananas", "бананы", 13_900), ("Food/Vegetables/Potatoes", "картофель", 6_900),
        ("Food/Vegetables/Cucumbers", "огурцы", 19_900), ("Food/Grocery/Oil", "растительное масло", 21_900),
        ("Food/Grocery/Rice", "рис", 11_900), ("Food/Sweets/Candy", "конфеты", 34_900),
        ("Food/Frozen/Vegetables", "замороженные овощи", 18_900), ("Drinks/Tea/Green", "зелёный чай", 24_900),
        ("Drinks/Coffee/Beans", "кофе в зёрнах", 89_900), ("Household/Cleaning", "чистящие средства", 24_900),
        ("Household/Laundry", "средства для стирки", 59_900), ("Cosmetics/Skin", "уход за кожей", 39_900),
        ("Pets/Dogs", "корм для собак", 29_900), ("Baby/Food", "детское питание", 8_900),
    ]

    static let brands = [
        "Prostokvashino", "Domik v Derevne", "Vkusnoteevo", "Savushkin", "Milka", "Alpen Gold", "Barilla",
        "Makfa", "Jacobs", "Lavazza", "Greenfield", "Whiskas", "Purina", "Pampers", "Huggies", "Nivea",
        "Fairy", "Zewa", "Dobry", "Rich", "Агуша", "Красная цена", "Вкусвилл", "Бабаевский", "Мираторг",
        "Черкизово", "Сибирская коллекция", "Фрутоняня",
    ]

    /// Campaign files: one per region, as a chain splits its promo set.
    static let regions: [(slug: String, file: String, name: String)] = [
        ("msk", "moscow", "Москва"), ("spb", "saint-petersburg", "Санкт-Петербург"), ("kzn", "kazan", "Казань"),
        ("nsk", "novosibirsk", "Новосибирск"), ("ekb", "yekaterinburg", "Екатеринбург"),
        ("nnov", "nizhny-novgorod", "Нижний Новгород"), ("sam", "samara", "Самара"),
        ("rnd", "rostov-on-don", "Ростов-на-Дону"), ("krd", "krasnodar", "Краснодар"), ("vrn", "voronezh", "Воронеж"),
        ("prm", "perm", "Пермь"), ("ufa", "ufa", "Уфа"), ("chel", "chelyabinsk", "Челябинск"), ("omsk", "omsk", "Омск"),
        ("vlg", "volgograd", "Волгоград"), ("krsk", "krasnoyarsk", "Красноярск"), ("tmn", "tyumen", "Тюмень"),
        ("irk", "irkutsk", "Иркутск"), ("yar", "yaroslavl", "Ярославль"), ("tula", "tula", "Тула"),
    ]

    static let storeFormats = ["Supermarket", "Hypermarket", "Convenience", "Discounter"]

    static let weekdayRanges: [(text: String, days: ClosedRange<Int>)] = [
        ("mon .. fri", 0...4), ("sat .. sun", 5...6), ("mon .. thu", 0...3), ("fri .. sun", 4...6),
        ("tue .. thu", 1...3), ("mon .. wed", 0...2),
    ]

    static let hourRanges: [(text: String, from: Int, to: Int)] = [
        ("08:00 .. 22:00", 8, 22), ("08:00 .. 12:00", 8, 12), ("10:00 .. 14:00", 10, 14),
        ("16:00 .. 20:00", 16, 20), ("19:00 .. 23:00", 19, 23), ("07:00 .. 11:00", 7, 11),
        ("12:00 .. 16:00", 12, 16),
    ]
}
