import CommandLineInterface

Orderctl.runAsMain()
