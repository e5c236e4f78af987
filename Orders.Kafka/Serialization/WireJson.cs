using System.Text.Json;

namespace Orders.Kafka.Serialization;

/// <summary>
/// The JSON settings of every Kafka body: the contracts' explicit property names, nothing else.
/// Reading is strict where a wrong guess would corrupt a checkout (a required property missing or
/// null, a property given twice) and lenient where other services may grow (unknown properties).
/// </summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            AllowDuplicateProperties = false,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
