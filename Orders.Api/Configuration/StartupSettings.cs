using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Orders.Api.Extensions;
using Orders.Api.Operations;
using Orders.Kafka.Configuration;
using Orders.Persistence.Retention;
using Orders.StateMachine.Checkout;

namespace Orders.Api.Configuration;

/// <summary>
/// Checks every section of settings before anything starts, so a setting that cannot work stops the process with
/// one line naming it (exit code 2) instead of a stack trace from deep inside the start.
/// </summary>
public static partial class StartupSettings
{
    /// <summary>
    /// Writes one line naming the settings that cannot work and returns false. The <c>migrate</c> command needs only
    /// the database (checked by TryAddOrderStorage), so its other settings are not checked.
    /// </summary>
    public static bool TryValidateSettings(this WebApplicationBuilder builder, string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(error);
        if (StorageExtensions.IsMigrateCommand(args))
            return true;
        var problem = FindProblem(builder.Configuration);
        if (problem is null)
            return true;
        error.WriteLine(problem);
        return false;
    }

    /// <summary>The problems of the settings, on one line; null when all can be used.</summary>
    public static string? FindProblem(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var failures = new List<string>();
        Check(configuration, CheckoutOptions.Section, new CheckoutOptionsValidator(), failures);
        Check(configuration, RetentionOptions.Section, new RetentionOptionsValidator(), failures);
        Check(configuration, OperationsOptions.Section, new OperationsOptionsValidator(), failures);
        CheckKafka(configuration, allowEmbedded: true, failures);
        return Join(failures);
    }

    /// <summary>The problems of the Kafka settings alone, on one line; null when they can be used.</summary>
    public static string? FindKafkaProblem(IConfiguration configuration, bool allowEmbedded)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var failures = new List<string>();
        CheckKafka(configuration, allowEmbedded, failures);
        return Join(failures);
    }

    private static string? Join(List<string> failures) => failures.Count == 0 ? null : string.Join("; ", failures);

    private static void CheckKafka(IConfiguration configuration, bool allowEmbedded, List<string> failures)
    {
        var kafka = Bind<KafkaOptions>(configuration, KafkaOptions.Section, failures);
        if (kafka is null)
            return;

        var key = SettingAliases.BootstrapServersKey;
        if (string.IsNullOrWhiteSpace(kafka.BootstrapServers))
        {
            if (!kafka.Embedded || !allowEmbedded)
            {
                failures.Add($"{key} is not set: it names the Kafka brokers as host:port[,host:port] (or set {SettingAliases.KafkaBrokers}; " +
                    $"{KafkaOptions.Section}:{nameof(KafkaOptions.Embedded)}=true starts a broker inside the process, for trying the service out)");
                return;
            }
            // The embedded broker supplies the address at start; everything else must still be right.
            kafka.BootstrapServers = "127.0.0.1:9092";
        }
        else if (!BootstrapServers.IsValid(kafka.BootstrapServers, out var bad))
        {
            failures.Add($"{key} must be a comma-separated list of host:port, but '{bad}' is not");
            return;
        }

        Validate(new KafkaOptionsValidator(), kafka, failures);
    }

    private static void Check<T>(IConfiguration configuration, string section, IValidateOptions<T> validator, List<string> failures) where T : class, new()
    {
        if (Bind<T>(configuration, section, failures) is { } options)
            Validate(validator, options, failures);
    }

    private static void Validate<T>(IValidateOptions<T> validator, T options, List<string> failures) where T : class
    {
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
            failures.AddRange(result.Failures ?? [result.FailureMessage]);
    }

    /// <summary>
    /// The binder's "Failed to convert configuration value '5 s' at 'Checkout:PricingTimeout' to type 'System.TimeSpan'."
    /// said the way the other failures are: the setting first, then what it must be.
    /// </summary>
    private static string Unconvertible(InvalidOperationException ex)
    {
        var match = BinderFailure().Match(ex.Message);
        if (!match.Success)
            return ex.Message.ReplaceLineEndings(" ");
        var expected = match.Groups["type"].Value switch
        {
            "System.TimeSpan" => "a duration such as 00:00:30 (hh:mm:ss, or d.hh:mm:ss)",
            "System.Int32" or "System.Int64" => "a whole number",
            "System.Boolean" => "true or false",
            var type => $"a {type}",
        };
        return $"{match.Groups["key"].Value} must be {expected}, but it is '{match.Groups["value"].Value}'";
    }

    [GeneratedRegex("value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex BinderFailure();

    /// <summary>The section's values as <typeparamref name="T"/>; null (with the failure) when a value has the wrong form.</summary>
    private static T? Bind<T>(IConfiguration configuration, string section, List<string> failures) where T : class, new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
            return options;
        }
        catch (InvalidOperationException ex)
        {
            failures.Add(Unconvertible(ex));
            return null;
        }
    }
}
