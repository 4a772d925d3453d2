// PromoCompiler
