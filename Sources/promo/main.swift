import PromoCommands

PromoCommand.runAndExit()
