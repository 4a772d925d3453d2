// PromoTestRunner
