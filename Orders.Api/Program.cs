using Orders.Api.Checkout;
using Orders.Api.Extensions;
using Orders.Api.OrderHistory;
using Orders.StateMachine;

var builder = WebApplication.CreateBuilder(args);
if (!builder.TryUseListenAddress(Console.Error))
    return 2;

builder.AddOrderApi();
builder.Services.AddOrderSaga(builder.Configuration).AddInMemoryOrderStorage();
builder.Services.AddOrderMessaging(builder.Configuration);

var app = builder.Build();

app.UseOrderApi();
app.MapCheckoutEndpoints();
app.MapOrderEndpoints();

await app.RunAsync();
return 0;
