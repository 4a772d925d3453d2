import PromoCommands

PromoCommand.main()
