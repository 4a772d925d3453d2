extension RegressionCase {
    /// Every mismatch the differential run has found, oldest first.
    static let all: [RegressionCase] = [
        RegressionCase(
            name: "seed 2, case 1831, receipt 0: a best-of group whose first member is no candidate (the index drops it) is decided later on the VM",
            source: """
            currency RUB

            items goods1 = category "Food/Bakery" and excise

            restriction r1 {
              price >= line.min_price on excise
            }

            restriction r2 {
              price >= 0.10 on category "Food/Dairy/Milk"
              active 2026-11-28 .. 2027-01-10
            }

            restriction r3 {
              price >= 0.30 on all
            }

            restriction r4 {
              discount <= 5% of total
              active 2026-11-28 .. 2027-01-10
            }

            promo p1 {
              priority 58
              use chips_per_step(1, 4.50)
            }

            promo p2 {
              discount 1.10 each on 2 cheapest of category "Alcohol"
              buy 3 of goods1 get 2 at 16% off most expensive
              best of weekly
              ignore restrictions
              on original prices
              priority 4
              limit 2 per receipt
            }

            promo p3 {
              audience customer.days_since_last_purchase >= 48
              stores 751, 752
              priority 543
              message display "Вы сэкономили {saved}"
              best of weekly
              code "SUN30"
              accrue 179 bonus expires after 3 days
            }

            promo p4 {
              priority 865
              use second_at_percent(50%, goods1)
            }

            promo p5 "Promo 5" {
              limit 1 per customer per day
              message display "{promo}: {accrued} bonuses, balance {balance}"
              redeem 5 chips
              priority 848
            }
            """,
            receipt: """
            {
              "at": "2026-12-08T16:26",
              "store": {
                "id": 752,
                "format": "Discounter",
                "region": "Moscow",
                "city": null,
                "groups": []
              },
              "channel": "sco",
              "coupons": [],
              "codes": [
                "SUN30"
              ],
              "redeem": "314.00",
              "customer": {
                "id": "c67",
                "card": true,
                "name": null,
                "segments": [
                  "Staff",
                  "PetClub"
                ],
                "bonus_balance": "580.85",
                "chips": null,
                "facts": {
                  "days_since_last_purchase": 55
                },
                "counters": {
                  "stamps": "3"
                },
                "usage": {
                  "p2": {
                    "day": 3,
                    "week": 3,
                    "month": 4,
                    "year": 5,
                    "lifetime": 6,
                    "units_day": "3",
                    "units_week": "3",
                    "units_month": "4",
                    "units_year": "5",
                    "units_lifetime": "6"
                  }
                },
                "levels": {}
              },
              "lines": [
                {
                  "sku": 7001,
                  "name": null,
                  "category": "Gifts",
                  "brand": "Acme",
                  "price": "1.00",
                  "qty": "2",
                  "amount": null,
                  "excise": false,
                  "weighed": false,
                  "min_price": null,
                  "flags": []
                },
                {
                  "sku": 2002,
                  "name": null,
                  "category": "Drinks/Coffee",
                  "brand": "Brisk",
                  "price": "1170.13",
                  "qty": "2.088",
                  "amount": null,
                  "excise": false,
                  "weighed": true,
                  "min_price": null,
                  "flags": []
                },
                {
                  "sku": 1012,
                  "name": null,
                  "category": "Food/Dairy/Yogurt",
                  "brand": "Brisk",
                  "price": "49.31",
                  "qty": "6",
                  "amount": null,
                  "excise": false,
                  "weighed": false,
                  "min_price": null,
                  "flags": []
                },
                {
                  "sku": 5002,
                  "name": null,
                  "category": "Beauty/Skin",
                  "brand": "Premium Farm",
                  "price": "2350.00",
                  "qty": "2",
                  "amount": null,
                  "excise": false,
                  "weighed": false,
                  "min_price": null,
                  "flags": []
                }
              ]
            }
            """),
        RegressionCase(
            name: "the same, reduced: the group's winner must apply at its first member's place (priority 4), before the 30.00 off at 58",
            source: """
            currency RUB

            promo opener {
              priority 4
              discount 10% on category "Alcohol"
              best of g
            }

            promo middle {
              priority 58
              discount 30.00 on category "Food"
            }

            promo member {
              priority 543
              discount 10% on receipt
              best of g
            }
            """,
            receipt: """
            {"at": "2026-12-08T12:00", "lines": [{"sku": 1, "category": "Food/Bakery", "price": "100.00", "qty": "1"}]}
            """),
        RegressionCase(
            name: "seed 7 (the run crashed): a best-of member reached after a stop was traced a second time; reduced",
            source: """
            currency RUB

            promo a {
              priority 10
              discount 10% on category "Y"
              best of g
            }

            promo s {
              priority 15
              discount 1.00 on category "Z"
              stop
            }

            promo b {
              priority 20
              discount 5% on category "Y"
              best of g
            }
            """,
            receipt: """
            {"at": "2026-12-02T10:00", "lines": [{"sku": 1, "category": "Y", "price": "100.00", "qty": "1"},
                                                 {"sku": 2, "category": "Z", "price": "10.00", "qty": "1"}]}
            """),
        RegressionCase(
            name: "the reference's tests: customer.birthday within 1 months never held on the VM",
            source: """
            currency RUB

            promo birthday_month {
              priority 10
              audience customer.birthday within 1 months
              discount 10% on all
            }
            """,
            receipt: """
            {"at": "2026-12-02T10:00", "customer": {"id": "1", "facts": {"birthday": "1990-12-30"}},
             "lines": [{"sku": 1, "category": "Y", "price": "100.00", "qty": "1"}]}
            """),
        RegressionCase(
            name: "the reference's tests: a price for chips spent them though only the promo's other effect changed a line",
            source: """
            currency RUB

            promo knife {
              priority 10
              discount 10% on category "A"
              price 1.00 on 1 cheapest of sku 9001 for 20 chips
            }
            """,
            receipt: """
            {"at": "2026-12-02T10:00", "customer": {"id": "1", "chips": 25},
             "lines": [{"sku": 1, "category": "A", "price": "100.00", "qty": "1"}]}
            """),
    ]
}
