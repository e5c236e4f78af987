using System.ComponentModel;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Orders.Contracts;
using Orders.Kafka.Serialization;
using Orders.StateMachine.Checkout;

namespace Orders.Kafka.Contracts;

/// <summary>
/// A message's body as JSON Schema, exported by System.Text.Json from the contract record with the codec's own
/// settings (so required, nullable and names are what the codec enforces), then given the value rules of
/// <see cref="WireRules"/> and the descriptions written on the contracts.
/// </summary>
public static class PayloadSchemas
{
    /// <summary>Money as text in the orders envelope: what <see cref="Money.Format"/> writes.</summary>
    public const string MoneyTextPattern = "^-?[0-9]+\\.[0-9]{2}$";

    private static readonly JsonSchemaExporterOptions Exporter = new()
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = Describe,
    };

    public static JsonObject For(Type contract)
    {
        var schema = (JsonObject)WireJson.Options.GetJsonSchemaAsNode(contract, Exporter);
        if (contract.GetCustomAttribute<DescriptionAttribute>() is { } description)
            schema.Insert(0, "description", description.Description);
        if (RequiredOnSuccess.TryGetValue(contract, out var id))
            RequireOnSuccess(schema, id);
        return schema;
    }

    // WireRules refuses a successful answer without the id the saga needs to undo or trace it.
    private static readonly Dictionary<Type, string> RequiredOnSuccess = new()
    {
        [typeof(PaymentResponseEvent)] = "transactionId",
        [typeof(RefundResponseEvent)] = "refundId",
    };

    private static void RequireOnSuccess(JsonObject schema, string id)
    {
        schema["if"] = new JsonObject
        {
            ["properties"] = new JsonObject { ["success"] = new JsonObject { ["const"] = true } },
            ["required"] = new JsonArray("success"),
        };
        schema["then"] = new JsonObject
        {
            ["properties"] = new JsonObject { [id] = new JsonObject { ["type"] = "string", ["minLength"] = 1 } },
            ["required"] = new JsonArray(id),
        };
    }

    private static JsonNode Describe(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject node)
            return schema;

        var type = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
        if (type == typeof(int))
            node["format"] = "int32";
        else if (type == typeof(long))
            node["format"] = "int64";

        if (context.PropertyInfo is { } property)
        {
            if (property.AttributeProvider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false) is [DescriptionAttribute description, ..])
                node.Insert(0, "description", description.Description);
            Constrain(property.DeclaringType, property.Name, node);
        }
        return node;
    }

    // The rules WireRules applies when reading, stated for writers; on what OrderSaga sends, what it always writes.
    private static void Constrain(Type owner, string name, JsonObject node)
    {
        switch (name)
        {
            case "requestId" or "requestid":
                node["pattern"] = WireRules.RequestIdPattern;
                break;
            case "currency":
                node["pattern"] = WireRules.CurrencyPattern;
                break;
            case "userId" or "userid" or "orderId" or "orderid":
                node["minimum"] = 1;
                break;
            case "quantity":
                node["minimum"] = 1;
                break;
            case "items":
                node["minItems"] = 1;
                break;
            case "amount":
                node["exclusiveMinimum"] = 0;
                break;
            case "unitPrice" or "price":
                node["minimum"] = 0;
                break;
            case "email":
                node["format"] = "email";
                break;
            case "totalamount":
                node["pattern"] = MoneyTextPattern;
                break;
        }

        if (owner != typeof(OrderLifecycleEvent) && owner != typeof(OrderEventData))
            return;
        switch (name)
        {
            case "id":
                node["pattern"] = "^[0-9]+$";
                break;
            case "type":
                node["enum"] = new JsonArray([.. OrderEventTypes().Select(t => JsonValue.Create(t))]);
                break;
            case "status":
                node["enum"] = new JsonArray([.. OrderEventTypes().Select(t => JsonValue.Create(LifecycleEvents.StatusOf(t)))]);
                break;
            case "version":
                node["default"] = OrderLifecycleEvent.CurrentVersion;
                break;
        }
    }

    private static IEnumerable<string> OrderEventTypes() =>
        typeof(OrderEventTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);
}
