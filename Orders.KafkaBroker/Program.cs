using Orders.KafkaBroker;

return BrokerCommand.Run(args, Console.Out, Console.Error);
