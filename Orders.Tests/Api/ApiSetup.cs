using Orders.Tests.Support;

namespace Orders.Tests.Api;

/// <summary>Stops the shared API host after the last API test.</summary>
[SetUpFixture]
public sealed class ApiSetup
{
    [OneTimeTearDown]
    public Task Stop_the_shared_host() => ApiHost.DisposeSharedAsync();
}
