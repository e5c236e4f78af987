using Orders.Api.Admin;
using Orders.Api.Checkout;
using Orders.Api.Configuration;
using Orders.Api.Contracts;
using Orders.Api.Diagnostics;
using Orders.Api.Extensions;
using Orders.Api.Gateway;
using Orders.Api.Live;
using Orders.Api.Operations;
using Orders.Api.Operations.Telemetry;
using Orders.Api.OrderHistory;
using Orders.Kafka.Client;
using Orders.StateMachine;

if (FlowDiagramCommand.IsRequested(args))
    return FlowDiagramCommand.Run(args, Console.Out);

// Before anything else: every command but migrate runs Kafka clients, and only on the librdkafka the build ships.
if (!StorageExtensions.IsMigrateCommand(args) && !LibrdkafkaCheck.TryVerify(Console.Error))
    return 1;
if (SimulatorsCommand.IsRequested(args))
    return await SimulatorsCommand.RunAsync(args, Console.Error);

var builder = WebApplication.CreateBuilder(args);
if (!builder.Configuration.TryUseSettingAliases(Console.Error) || !builder.TryUseListenAddress(Console.Error) || !builder.TryAddOrderStorage(Console.Error) || !builder.TryValidateSettings(args, Console.Error))
    return 2;

builder.AddOrderApi();
builder.AddOrderAdmin();
builder.Services.AddOrderSaga(builder.Configuration);
builder.Services.AddOrderMessaging(builder.Configuration);
builder.AddOrderOperations();
builder.AddOrderTelemetry();

var app = builder.Build();
if (StorageExtensions.IsMigrateCommand(args))
    return await app.MigrateOrderDatabaseAsync(Console.Out, Console.Error);
if (!await app.PrepareOrderDatabaseAsync(Console.Error))
    return 1;

app.UseOrderApi();
app.UseOrderOperations();
app.MapCheckoutEndpoints();
app.MapOrderEndpoints();
app.MapCheckoutEventEndpoints();
app.MapGatewayEndpoints();
app.MapDiagnosticsEndpoints();
app.MapOrderAdmin();
app.MapAsyncApi();

await app.RunAsync();
return 0;
