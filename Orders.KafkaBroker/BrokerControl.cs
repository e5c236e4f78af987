using Orders.KafkaBroker.Embedded;

namespace Orders.KafkaBroker;

/// <summary>
/// Fault controls of a running broker, one command a line on its standard input: <c>down</c> makes every broker
/// refuse connections (its state kept), <c>up</c> takes them back. A chaos run makes Kafka unreachable this way without
/// killing the process, which holds every topic and offset in its memory. End of input just ends the controls.
/// </summary>
public static class BrokerControl
{
    public static Thread Start(EmbeddedKafkaBroker broker, TextReader commands, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(log);
        var thread = new Thread(() => Run(broker, commands, log)) { IsBackground = true, Name = "broker-control" };
        thread.Start();
        return thread;
    }

    private static void Run(EmbeddedKafkaBroker broker, TextReader commands, TextWriter log)
    {
        try
        {
            while (commands.ReadLine() is { } line)
            {
                var command = line.Trim();
                if (command.Length == 0)
                    continue;
                for (var id = 1; id <= broker.BrokerCount; id++)
                {
                    if (command == "down")
                        broker.SetBrokerDown(id);
                    else if (command == "up")
                        broker.SetBrokerUp(id);
                }
                log.WriteLine(command is "down" or "up" ? $"broker control: {command}" : $"broker control: unknown command '{command}' (down, up)");
                log.Flush();
            }
        }
        catch (ObjectDisposedException)
        {
            // The broker stopped while a command was read.
        }
    }
}
